using MathNet.Numerics.LinearAlgebra;
using ScoreNotebooks.Distributions;

namespace ScoreNotebooks.Divergences;

/// <summary>
/// The Kullback–Leibler divergence KL(p ‖ q) = E_p[log p(x) − log q(x)] ≥ 0: in closed form
/// between Gaussians and by Monte Carlo for any pair of distributions.
/// </summary>
/// <remarks>
/// KL is not symmetric: KL(p ‖ q) ≠ KL(q ‖ p) in general. It is 0 exactly when p = q and
/// +∞ when p puts mass where q has none. Dropping the q-free term E_p[log p] leaves the
/// negative expected log-likelihood −E_p[log q], which is why minimising KL(p ‖ q_θ) over θ is
/// maximum likelihood.
/// </remarks>
public static class KullbackLeibler
{
    /// <summary>The exact KL(p ‖ q) ≥ 0 between two Gaussians of the same dimension d.</summary>
    /// <param name="p">N(μ₀, Σ₀), the distribution the expectation is taken under.</param>
    /// <param name="q">N(μ₁, Σ₁).</param>
    /// <remarks>
    /// KL = ½ [ tr(Σ₁⁻¹ Σ₀) + (μ₁ − μ₀)ᵀ Σ₁⁻¹ (μ₁ − μ₀) − d + log det Σ₁ − log det Σ₀ ].
    /// With Cholesky factors Σ₀ = L₀L₀ᵀ and Σ₁ = L₁L₁ᵀ, tr(Σ₁⁻¹Σ₀) = ‖L₁⁻¹L₀‖²_F and the
    /// quadratic form is ‖L₁⁻¹(μ₁ − μ₀)‖²; both come from triangular solves, never from an
    /// explicit inverse, and are sums of squares, so rounding cannot make them negative.
    /// </remarks>
    /// <exception cref="ArgumentNullException">p or q is null.</exception>
    /// <exception cref="ArgumentException">p and q have different dimensions.</exception>
    public static double Between(Gaussian p, Gaussian q)
    {
        Guard.NotNull(p, nameof(p));
        Guard.NotNull(q, nameof(q));
        SameDimension(p.Dimension, q.Dimension, nameof(q));
        int d = p.Dimension;
        var whitenedCovariance = Triangular.LowerSolve(q.CholeskyFactor, p.CholeskyFactor); // L₁⁻¹L₀, (d, d)
        double trace = whitenedCovariance.FrobeniusNorm();
        trace *= trace;
        var whitenedOffset = Triangular.LowerSolve(q.CholeskyFactor, (q.Mean - p.Mean).ToColumnMatrix()); // (d, 1)
        double mahalanobis = whitenedOffset.Column(0).DotProduct(whitenedOffset.Column(0));
        double kl = 0.5 * (trace + mahalanobis - d + q.LogDeterminant - p.LogDeterminant);
        // The exact value is ≥ 0; only rounding of order 1e-16·d can push it below.
        return Math.Max(kl, 0.0);
    }

    /// <summary>Monte Carlo KL(p ‖ q) from n ≥ 2 fresh samples of p.</summary>
    /// <param name="p">The distribution sampled from.</param>
    /// <param name="q">The second distribution, same dimension as p.</param>
    /// <param name="rng">The random source; the estimate is a deterministic function of its state.</param>
    /// <param name="sampleCount">The number n ≥ 2 of samples.</param>
    /// <remarks>
    /// Draws xᵢ ~ p and averages tᵢ = log p(xᵢ) − log q(xᵢ); the standard error is s/√n.
    /// Individual terms can be negative; only their expectation is ≥ 0.
    /// </remarks>
    /// <exception cref="ArgumentNullException">p, q or rng is null.</exception>
    /// <exception cref="ArgumentException">Dimensions differ, or q gives log-density −∞ at a sample.</exception>
    /// <exception cref="ArgumentOutOfRangeException">sampleCount &lt; 2.</exception>
    public static MonteCarloEstimate MonteCarlo(IDistribution p, IDistribution q, Random rng, int sampleCount)
    {
        Guard.NotNull(p, nameof(p));
        Guard.NotNull(q, nameof(q));
        Guard.NotNull(rng, nameof(rng));
        SameDimension(p.Dimension, q.Dimension, nameof(q));
        if (sampleCount < 2)
            throw new ArgumentOutOfRangeException(nameof(sampleCount), sampleCount, "sampleCount must be ≥ 2 for a standard error.");
        var samples = p.Sample(rng, sampleCount);
        return FromSamples(samples, p.LogDensity, q.LogDensity);
    }

    /// <summary>Monte Carlo KL(p ‖ q) from given samples of p and the two log-densities.</summary>
    /// <param name="samples">n ≥ 2 samples of p, one per row of an n×d matrix, all finite.</param>
    /// <param name="logP">Batched log p: n×d in, length-n vector out.</param>
    /// <param name="logQ">Batched log q: n×d in, length-n vector out.</param>
    /// <remarks>
    /// The terms are tᵢ = log p(xᵢ) − log q(xᵢ); see <see cref="MonteCarloEstimate.FromTerms"/>.
    /// The log-densities must be normalised for the value to be KL; with unnormalised ones the
    /// estimate is shifted by log Z_q − log Z_p.
    /// </remarks>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">
    /// Fewer than two rows or a non-finite sample (ParamName "samples"); a log-density that returns
    /// the wrong length or a non-finite value (ParamName "logP" or "logQ").
    /// </exception>
    public static MonteCarloEstimate FromSamples(
        Matrix<double> samples, Func<Matrix<double>, Vector<double>> logP, Func<Matrix<double>, Vector<double>> logQ)
    {
        Guard.Finite(samples, nameof(samples));
        Guard.NotNull(logP, nameof(logP));
        Guard.NotNull(logQ, nameof(logQ));
        if (samples.RowCount < 2)
            throw new ArgumentException($"samples has {samples.RowCount} rows; at least 2 are needed for a standard error.", nameof(samples));
        var lp = EvaluateLogDensity(logP, samples, nameof(logP));
        var lq = EvaluateLogDensity(logQ, samples, nameof(logQ));
        var terms = new double[samples.RowCount];
        for (int i = 0; i < terms.Length; i++)
            terms[i] = lp[i] - lq[i];
        return MonteCarloEstimate.FromTerms(terms);
    }

    private static void SameDimension(int expected, int actual, string paramName)
    {
        if (expected != actual)
            throw new ArgumentException($"{paramName} has dimension {actual}, expected {expected} to match the first distribution.", paramName);
    }

    private static Vector<double> EvaluateLogDensity(
        Func<Matrix<double>, Vector<double>> logDensity, Matrix<double> samples, string paramName)
    {
        var values = logDensity(samples);
        if (values is null || values.Count != samples.RowCount)
            throw new ArgumentException(
                $"{paramName} returned {values?.Count.ToString() ?? "null"} values for {samples.RowCount} samples.", paramName);
        for (int i = 0; i < values.Count; i++)
        {
            if (!double.IsFinite(values[i]))
                throw new ArgumentException(
                    $"{paramName} is {values[i]} at sample {i}; KL is infinite or undefined there.", paramName);
        }
        return values;
    }
}
