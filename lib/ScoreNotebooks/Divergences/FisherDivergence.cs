using MathNet.Numerics.LinearAlgebra;
using ScoreNotebooks.Distributions;

namespace ScoreNotebooks.Divergences;

/// <summary>
/// The Fisher divergence F(p ‖ q) = E_p ‖∇ₓ log p(x) − ∇ₓ log q(x)‖² ≥ 0 (Lyu 2009, eq. 2,
/// without the factor ½): in closed form between Gaussians and by Monte Carlo for any pair.
/// </summary>
/// <remarks>
/// This is the plain squared norm, with no ½ in front (Lyu writes ½ of it; Hyvärinen's score
/// matching objective carries the same ½). It needs only scores, so normalising constants
/// never enter. It is asymmetric because the expectation is under p. Where the modes of a
/// mixture are well separated the score barely depends on the mixture weights, so F is
/// nearly blind to them.
/// </remarks>
public static class FisherDivergence
{
    /// <summary>The exact F(p ‖ q) ≥ 0 between two Gaussians of the same dimension d.</summary>
    /// <param name="p">N(μ_p, Σ_p), the distribution the expectation is taken under.</param>
    /// <param name="q">N(μ_q, Σ_q).</param>
    /// <remarks>
    /// With P = Σ_p⁻¹ and Q = Σ_q⁻¹ the scores are −P(x − μ_p) and −Q(x − μ_q), so their
    /// difference is affine: s_p(x) − s_q(x) = M x + c with M = Q − P and c = Pμ_p − Qμ_q.
    /// For x ~ N(μ_p, Σ_p), E‖Mx + c‖² = tr(M Σ_p Mᵀ) + ‖Mμ_p + c‖², and Mμ_p + c = Q(μ_p − μ_q). Hence
    /// F = tr((Q − P) Σ_p (Q − P)) + ‖Q (μ_p − μ_q)‖² = ‖(Q − P) L_p‖²_F + ‖Q (μ_p − μ_q)‖²
    /// with Σ_p = L_p L_pᵀ. The code forms (Q − P) L_p = L_q⁻ᵀ L_q⁻¹ L_p − L_p⁻ᵀ by triangular
    /// solves (no explicit inverse). In 1D: F = σ_p² (1/σ_q² − 1/σ_p²)² + (μ_p − μ_q)² / σ_q⁴.
    /// </remarks>
    /// <exception cref="ArgumentNullException">p or q is null.</exception>
    /// <exception cref="ArgumentException">p and q have different dimensions.</exception>
    public static double Between(Gaussian p, Gaussian q)
    {
        Guard.NotNull(p, nameof(p));
        Guard.NotNull(q, nameof(q));
        SameDimension(p.Dimension, q.Dimension, nameof(q));
        var lp = p.CholeskyFactor;
        var lq = q.CholeskyFactor;
        var identity = Matrix<double>.Build.DenseIdentity(p.Dimension);
        var qTimesLp = Triangular.LowerTransposeSolve(lq, Triangular.LowerSolve(lq, lp)); // Q L_p, (d, d)
        var pTimesLp = Triangular.LowerTransposeSolve(lp, identity);                      // L_p⁻ᵀ = P L_p, (d, d)
        double trace = (qTimesLp - pTimesLp).FrobeniusNorm();
        var offset = (p.Mean - q.Mean).ToColumnMatrix();
        var qOffset = Triangular.LowerTransposeSolve(lq, Triangular.LowerSolve(lq, offset)).Column(0); // Q(μ_p − μ_q)
        return trace * trace + qOffset.DotProduct(qOffset);
    }

    /// <summary>Monte Carlo F(p ‖ q) from n ≥ 2 fresh samples of p.</summary>
    /// <param name="p">The distribution sampled from.</param>
    /// <param name="q">The second distribution, same dimension as p.</param>
    /// <param name="rng">The random source; the estimate is a deterministic function of its state.</param>
    /// <param name="sampleCount">The number n ≥ 2 of samples.</param>
    /// <remarks>Draws xᵢ ~ p and averages tᵢ = ‖s_p(xᵢ) − s_q(xᵢ)‖²; the standard error is s/√n.</remarks>
    /// <exception cref="ArgumentNullException">p, q or rng is null.</exception>
    /// <exception cref="ArgumentException">p and q have different dimensions.</exception>
    /// <exception cref="ArgumentOutOfRangeException">sampleCount &lt; 2.</exception>
    public static MonteCarloEstimate MonteCarlo(IDistribution p, IDistribution q, Random rng, int sampleCount)
    {
        Guard.NotNull(p, nameof(p));
        Guard.NotNull(q, nameof(q));
        Guard.NotNull(rng, nameof(rng));
        SameDimension(p.Dimension, q.Dimension, nameof(q));
        if (sampleCount < 2)
            throw new ArgumentOutOfRangeException(nameof(sampleCount), sampleCount, "sampleCount must be ≥ 2 for a standard error.");
        return FromSamples(p.Sample(rng, sampleCount), p.Score, q.Score);
    }

    /// <summary>Monte Carlo F(p ‖ q) from given samples of p and the two score functions.</summary>
    /// <param name="samples">n ≥ 2 samples of p, one per row of an n×d matrix, all finite.</param>
    /// <param name="scoreP">Batched ∇log p: n×d in, n×d out.</param>
    /// <param name="scoreQ">Batched ∇log q (or a model s_θ): n×d in, n×d out.</param>
    /// <remarks>The terms are tᵢ = ‖s_p(xᵢ) − s_q(xᵢ)‖²; see <see cref="MonteCarloEstimate.FromTerms"/>.</remarks>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">
    /// Fewer than two rows or a non-finite sample (ParamName "samples"); a score that returns the
    /// wrong shape or a non-finite value (ParamName "scoreP" or "scoreQ").
    /// </exception>
    public static MonteCarloEstimate FromSamples(
        Matrix<double> samples, Func<Matrix<double>, Matrix<double>> scoreP, Func<Matrix<double>, Matrix<double>> scoreQ)
    {
        Guard.Finite(samples, nameof(samples));
        Guard.NotNull(scoreP, nameof(scoreP));
        Guard.NotNull(scoreQ, nameof(scoreQ));
        if (samples.RowCount < 2)
            throw new ArgumentException($"samples has {samples.RowCount} rows; at least 2 are needed for a standard error.", nameof(samples));
        var sp = EvaluateScore(scoreP, samples, nameof(scoreP));
        var sq = EvaluateScore(scoreQ, samples, nameof(scoreQ));
        int n = samples.RowCount, d = samples.ColumnCount;
        var terms = new double[n];
        for (int i = 0; i < n; i++)
        {
            double sum = 0;
            for (int j = 0; j < d; j++)
            {
                double gap = sp[i, j] - sq[i, j];
                sum += gap * gap;
            }
            terms[i] = sum;
        }
        return MonteCarloEstimate.FromTerms(terms);
    }

    private static void SameDimension(int expected, int actual, string paramName)
    {
        if (expected != actual)
            throw new ArgumentException($"{paramName} has dimension {actual}, expected {expected} to match the first distribution.", paramName);
    }

    private static Matrix<double> EvaluateScore(
        Func<Matrix<double>, Matrix<double>> score, Matrix<double> samples, string paramName)
    {
        var values = score(samples);
        if (values is null || values.RowCount != samples.RowCount || values.ColumnCount != samples.ColumnCount)
            throw new ArgumentException(
                $"{paramName} returned a {values?.RowCount ?? 0}×{values?.ColumnCount ?? 0} matrix for {samples.RowCount}×{samples.ColumnCount} samples.",
                paramName);
        // Row-major walk only to report the first bad entry by (sample, coordinate).
        for (int i = 0; i < values.RowCount; i++)
        {
            for (int j = 0; j < values.ColumnCount; j++)
            {
                if (!double.IsFinite(values[i, j]))
                    throw new ArgumentException($"{paramName} is {values[i, j]} at sample {i}, coordinate {j}.", paramName);
            }
        }
        return values;
    }
}
