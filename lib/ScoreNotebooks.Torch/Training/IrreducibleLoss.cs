using ScoreNotebooks.Distributions;
using ScoreNotebooks.Divergences;
using ScoreNotebooks.ScoreMatching;
using ScoreNotebooks.Torch.ScoreMatching;

namespace ScoreNotebooks.Torch.Training;

/// <summary>
/// The smallest expected value a denoising loss can reach on a Gaussian-mixture target: its value
/// at the exact noisy score ∇log q_σ, by Monte Carlo in double precision. Drawn as a floor under a
/// training curve, it tells a reader what loss to expect.
/// </summary>
/// <remarks>
/// The denoising loss E‖s(x̂) + (x̂ − x)/σ²‖² equals E‖s(x̂) − ∇log q_σ(x̂)‖² + C_σ (Vincent 2011),
/// with C_σ = E‖∇log q_σ(x̂) + (x̂ − x)/σ²‖² &gt; 0 the variance of the regression target around its
/// conditional mean. No network goes below C_σ in expectation; a minibatch loss fluctuates around it.
/// For a mixture p, q_σ = <see cref="GaussianMixture.AddNoise"/>(σ) is exact, so only the
/// expectation is estimated. These are the losses of <see cref="ScoreMatchingLoss"/>, without ½.
/// </remarks>
public static partial class IrreducibleLoss
{
    /// <summary>The floor C_σ of <see cref="ScoreMatchingLoss.Denoising(Func{TorchSharp.torch.Tensor, TorchSharp.torch.Tensor}, TorchSharp.torch.Tensor, double, TorchSharp.torch.Generator)"/> for data from a mixture.</summary>
    /// <param name="data">The data distribution p, a Gaussian mixture.</param>
    /// <param name="sigma">The noise standard deviation σ &gt; 0.</param>
    /// <param name="rng">The random source for x ~ p and z ~ N(0, I).</param>
    /// <param name="samples">The number of Monte Carlo pairs n ≥ 2.</param>
    /// <returns>The estimate with its standard error; terms ‖∇log q_σ(x + σz) + z/σ‖².</returns>
    /// <remarks>The CPU reference's <see cref="DenoisingScoreMatching.IrreducibleLoss"/>, with a default sample size.</remarks>
    /// <exception cref="ArgumentNullException">data or rng is null.</exception>
    /// <exception cref="ArgumentException">σ is not finite.</exception>
    /// <exception cref="ArgumentOutOfRangeException">σ ≤ 0 or n &lt; 2.</exception>
    public static MonteCarloEstimate Denoising(GaussianMixture data, double sigma, Random rng, int samples = 100_000) =>
        DenoisingScoreMatching.IrreducibleLoss(data, sigma, rng, samples);

    /// <summary>The floor of the σ²-weighted multi-level loss with levels drawn uniformly, for data from a mixture.</summary>
    /// <param name="data">The data distribution p, a Gaussian mixture.</param>
    /// <param name="levels">The noise levels σ₁, …, σ_L &gt; 0.</param>
    /// <param name="rng">The random source.</param>
    /// <param name="samplesPerLevel">The number of Monte Carlo pairs per level, ≥ 2.</param>
    /// <returns>
    /// The estimate of (1/L) Σᵢ σᵢ² C_σᵢ = (1/L) Σᵢ E‖σᵢ ∇log q_σᵢ(x̂) + z‖² from independent estimates at each
    /// level, with standard error √(Σᵢ σᵢ⁴ seᵢ²)/L.
    /// </returns>
    /// <exception cref="ArgumentNullException">data, levels or rng is null.</exception>
    /// <exception cref="ArgumentException">levels is empty or has a level that is not finite and &gt; 0.</exception>
    /// <exception cref="ArgumentOutOfRangeException">samplesPerLevel &lt; 2.</exception>
    public static MonteCarloEstimate DenoisingMultiScale(GaussianMixture data, IReadOnlyList<double> levels, Random rng, int samplesPerLevel = 20_000)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(rng);
        ArgumentNullException.ThrowIfNull(levels);
        if (levels.Count == 0)
            throw new ArgumentException("levels is empty; at least one noise level is needed.", nameof(levels));
        for (int i = 0; i < levels.Count; i++)
        {
            if (!double.IsFinite(levels[i]) || levels[i] <= 0)
                throw new ArgumentException($"levels[{i}] is {levels[i]}; every noise level must be finite and > 0.", nameof(levels));
        }
        if (samplesPerLevel < 2)
            throw new ArgumentOutOfRangeException(nameof(samplesPerLevel), samplesPerLevel, "samplesPerLevel must be ≥ 2 for a standard error.");
        double value = 0, variance = 0;
        foreach (double sigma in levels)
        {
            var level = DenoisingScoreMatching.IrreducibleLoss(data, sigma, rng, samplesPerLevel);
            double weight = sigma * sigma / levels.Count;
            value += weight * level.Value;
            variance += weight * weight * level.StandardError * level.StandardError;
        }
        return new MonteCarloEstimate(value, Math.Sqrt(variance), levels.Count * samplesPerLevel);
    }
}
