using MathNet.Numerics.LinearAlgebra;
using ScoreNotebooks.Distributions;
using ScoreNotebooks.Divergences;

namespace ScoreNotebooks.ScoreMatching;

/// <summary>
/// Denoising score matching (Vincent 2011): fit the score of the noisy data q_σ by regressing a score
/// model on the known direction back to the clean point, E‖s_θ(x̂) + (x̂ − x)/σ²‖², x̂ = x + σε.
/// </summary>
/// <remarks>
/// For x ~ p and x̂ = x + σε, ε ~ N(0, I), the noisy data have density q_σ = p * N(0, σ²I), and the
/// conditional score is ∇_x̂ log q_σ(x̂ | x) = −(x̂ − x)/σ² = −ε/σ. Vincent (2011, section 4.2) shows
/// J_DSM(θ) = E‖s_θ(x̂) + (x̂ − x)/σ²‖² = E_{q_σ}‖s_θ(x̂) − ∇log q_σ(x̂)‖² + C(σ), where the constant
/// C(σ) = E‖ε/σ‖² − E_{q_σ}‖∇log q_σ‖² = d/σ² − E_{q_σ}‖∇log q_σ‖² does not depend on θ. C(σ) is
/// the loss the exact noisy score reaches, so no model can train below it. As in
/// <see cref="ScoreMatchingObjective"/>, no factor ½ (Vincent writes ½ E‖·‖²).
/// </remarks>
public static class DenoisingScoreMatching
{
    /// <summary>Noisy copies x̂ = x + σε of clean samples, with the standard normal draws ε used.</summary>
    /// <param name="clean">n clean samples, one per row, finite, n ≥ 1.</param>
    /// <param name="sigma">The noise standard deviation σ &gt; 0.</param>
    /// <param name="rng">The random source for ε.</param>
    /// <returns>The n×d noisy samples x̂ and the n×d draws ε.</returns>
    /// <exception cref="ArgumentNullException">clean or rng is null.</exception>
    /// <exception cref="ArgumentException">clean is empty or has a non-finite entry; σ is not finite.</exception>
    /// <exception cref="ArgumentOutOfRangeException">σ ≤ 0.</exception>
    public static (Matrix<double> Noisy, Matrix<double> Noise) Perturb(Matrix<double> clean, double sigma, Random rng)
    {
        Guard.Finite(clean, nameof(clean));
        if (clean.RowCount == 0 || clean.ColumnCount == 0)
            throw new ArgumentException("clean has no samples.", nameof(clean));
        Guard.Positive(sigma, nameof(sigma));
        Guard.NotNull(rng, nameof(rng));
        var noise = Gaussian.StandardNormalMatrix(rng, clean.RowCount, clean.ColumnCount);
        return (clean + sigma * noise, noise);
    }

    /// <summary>The DSM objective J_DSM(θ) = E‖s_θ(x̂) + (x̂ − x)/σ²‖² on given clean/noisy pairs.</summary>
    /// <param name="model">The model score s_θ, to be compared with ∇log q_σ.</param>
    /// <param name="clean">n ≥ 2 clean samples x, one per row, finite.</param>
    /// <param name="noisy">Their noisy copies x̂ (same shape), e.g. from <see cref="Perturb"/>.</param>
    /// <param name="sigma">The noise standard deviation σ &gt; 0 used to make them.</param>
    /// <returns>The mean of the terms ‖s_θ(x̂ᵢ) + (x̂ᵢ − xᵢ)/σ²‖² with its standard error.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">clean or noisy has fewer than 2 rows, the wrong number of columns,
    /// a different shape from the other, or a non-finite entry; σ is not finite; the model returns a
    /// non-finite value (ParamName "model").</exception>
    /// <exception cref="ArgumentOutOfRangeException">σ ≤ 0.</exception>
    public static MonteCarloEstimate Objective(IScoreModel model, Matrix<double> clean, Matrix<double> noisy, double sigma)
    {
        Guard.NotNull(model, nameof(model));
        Guard.Batch(clean, model.Dimension, nameof(clean));
        Guard.Batch(noisy, model.Dimension, nameof(noisy));
        if (clean.RowCount < 2)
            throw new ArgumentException($"clean has {clean.RowCount} rows; at least 2 are needed for a standard error.", nameof(clean));
        if (noisy.RowCount != clean.RowCount)
            throw new ArgumentException($"noisy has {noisy.RowCount} rows but clean has {clean.RowCount}; they must be pairs.", nameof(noisy));
        Guard.Positive(sigma, nameof(sigma));
        var score = model.Score(noisy);
        var terms = new double[clean.RowCount];
        double inverseVariance = 1 / (sigma * sigma);
        for (int i = 0; i < terms.Length; i++)
        {
            double sum = 0;
            for (int j = 0; j < clean.ColumnCount; j++)
            {
                double residual = score[i, j] + (noisy[i, j] - clean[i, j]) * inverseVariance;
                sum += residual * residual;
            }
            if (!double.IsFinite(sum))
                throw new ArgumentException($"the model gives a non-finite score at noisy sample {i}.", nameof(model));
            terms[i] = sum;
        }
        return MonteCarloEstimate.FromTerms(terms);
    }

    /// <summary>The irreducible DSM loss C(σ) for mixture data: the DSM objective of the exact noisy score
    /// ∇log q_σ, by Monte Carlo with its standard error — the floor a training curve approaches.</summary>
    /// <param name="data">The clean data p, a Gaussian mixture (so q_σ = data.AddNoise(σ) is exact).</param>
    /// <param name="sigma">The noise standard deviation σ &gt; 0.</param>
    /// <param name="rng">The random source for x and ε.</param>
    /// <param name="samples">The number of pairs n ≥ 2.</param>
    /// <remarks>Terms ‖∇log q_σ(x̂ᵢ) + εᵢ/σ‖²; in expectation C(σ) = d/σ² − E_{q_σ}‖∇log q_σ‖².</remarks>
    /// <exception cref="ArgumentNullException">data or rng is null.</exception>
    /// <exception cref="ArgumentException">σ is not finite.</exception>
    /// <exception cref="ArgumentOutOfRangeException">σ ≤ 0 or n &lt; 2.</exception>
    public static MonteCarloEstimate IrreducibleLoss(GaussianMixture data, double sigma, Random rng, int samples)
    {
        Guard.NotNull(data, nameof(data));
        Guard.Positive(sigma, nameof(sigma));
        Guard.NotNull(rng, nameof(rng));
        if (samples < 2)
            throw new ArgumentOutOfRangeException(nameof(samples), samples, "samples must be ≥ 2 for a standard error.");
        var clean = data.Sample(rng, samples);
        var (noisy, _) = Perturb(clean, sigma, rng);
        return Objective(new FunctionScoreModel(data.Dimension, data.AddNoise(sigma).Score), clean, noisy, sigma);
    }
}
