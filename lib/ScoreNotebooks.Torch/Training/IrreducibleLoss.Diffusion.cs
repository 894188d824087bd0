using ScoreNotebooks.Diffusion;
using ScoreNotebooks.Distributions;
using ScoreNotebooks.Divergences;
using ScoreNotebooks.Torch.ScoreMatching;

namespace ScoreNotebooks.Torch.Training;

public static partial class IrreducibleLoss
{
    /// <summary>
    /// The floor of <see cref="ScoreMatchingLoss.DenoisingOverTime(Func{TorchSharp.torch.Tensor, TorchSharp.torch.Tensor, TorchSharp.torch.Tensor}, TorchSharp.torch.Tensor, Sde, TorchSharp.torch.Generator, Func{double, double}?)"/>
    /// for data from a mixture: the loss of the exact marginal score, E_t λ(t) E‖∇log pₜ(xₜ) + z/σ(t)‖² with t ~ U[ε, T].
    /// </summary>
    /// <param name="data">The data law p₀, a Gaussian mixture.</param>
    /// <param name="sde">The forward SDE.</param>
    /// <param name="rng">The random source for x₀ ~ p₀, t and z.</param>
    /// <param name="samples">The number of Monte Carlo draws n ≥ 2, each with its own time.</param>
    /// <param name="weighting">The weight λ(t) &gt; 0; null for λ(t) = σ(t)², the loss's default.</param>
    /// <returns>The estimate with its standard error, from n independent terms λ(t)‖∇log pₜ(xₜ) + z/σ(t)‖².</returns>
    /// <remarks>
    /// For every t the loss splits as λ(t) E‖s(xₜ, t) − ∇log pₜ(xₜ)‖² + λ(t) C(t) (Vincent 2011), so no network goes below
    /// the t-average of λ C in expectation. pₜ = <see cref="Sde.Marginal"/>(p₀, t) is exact, so only the average over
    /// t, x₀ and z is estimated, in double precision. A trained network's loss minus this floor estimates its weighted
    /// score error, which <see cref="ScoreErrorOverTime.Estimate"/> measures directly.
    /// </remarks>
    /// <exception cref="ArgumentNullException">data, sde or rng is null.</exception>
    /// <exception cref="ArgumentException">A weight is not finite and &gt; 0 (ParamName "weighting").</exception>
    /// <exception cref="ArgumentOutOfRangeException">n &lt; 2.</exception>
    public static MonteCarloEstimate DenoisingOverTime(GaussianMixture data, Sde sde, Random rng, int samples = 20_000, Func<double, double>? weighting = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(sde);
        ArgumentNullException.ThrowIfNull(rng);
        if (samples < 2)
            throw new ArgumentOutOfRangeException(nameof(samples), samples, "samples must be ≥ 2 for a standard error.");
        var draws = TimeSamples.Draw(data, sde, rng, samples);
        var ratios = draws.WeightRatios(sde, weighting);
        var terms = new double[samples];
        for (int i = 0; i < samples; i++)
        {
            double sigma = sde.Std(draws.Times[i]), sum = 0;
            for (int j = 0; j < data.Dimension; j++)
            {
                double r = sigma * draws.ExactScore[i, j] + draws.Noise[i, j];
                sum += r * r;
            }
            terms[i] = ratios[i] * sum;
        }
        return MonteCarloEstimate.FromTerms(terms);
    }
}
