using ScoreNotebooks.Diffusion;
using ScoreNotebooks.Distributions;
using ScoreNotebooks.Divergences;
using ScoreNotebooks.Torch.ScoreMatching;
using static TorchSharp.torch;

namespace ScoreNotebooks.Torch.Training;

/// <summary>
/// How far a time-conditional score is from the exact one over diffusion time, for data from a Gaussian
/// mixture: the weighted Fisher divergence E_t λ(t) E_{xₜ ~ pₜ} ‖s(xₜ, t) − ∇log pₜ(xₜ)‖² with t ~ U[ε, T].
/// </summary>
/// <remarks>
/// This is the part of <see cref="ScoreMatchingLoss.DenoisingOverTime(Func{Tensor, Tensor, Tensor}, Tensor, Sde, Generator, Func{double, double}?)"/>
/// that training can remove: the loss equals it plus <see cref="IrreducibleLoss.DenoisingOverTime"/> in expectation
/// (Vincent 2011; Song et al. 2021, Eq. 7). The points are fresh draws of pₜ, independent of any training set, so it
/// measures held-out error. With the default λ = σ² it is E‖σ(t) s − σ(t) ∇log pₜ‖², the mean squared error of the
/// implied noise prediction, dimensionless and comparable across SDEs. For scale: the zero score scores
/// E‖σ(t) ∇log pₜ‖², which is close to d wherever pₜ is close to N(0, σ(t)² I).
/// </remarks>
public static class ScoreErrorOverTime
{
    /// <summary>Estimates the weighted score error of s at n fresh points (xₜ, t).</summary>
    /// <param name="score">The score s(x, t): (B, d) and (B) → (B, d); evaluated without gradients.</param>
    /// <param name="sde">The forward SDE.</param>
    /// <param name="data">The data law p₀, a Gaussian mixture.</param>
    /// <param name="rng">The random source for x₀ ~ p₀, t ~ U[ε, T] and the noise, drawn in double on the CPU.</param>
    /// <param name="samples">The number of points n ≥ 2.</param>
    /// <param name="weighting">The weight λ(t) &gt; 0; null for λ(t) = σ(t)².</param>
    /// <param name="device">The device the score expects its input on, or null for <see cref="TorchDevice.Current"/>.</param>
    /// <returns>The estimate with its standard error, from n independent terms λ(t)‖s(xₜ, t) − ∇log pₜ(xₜ)‖².</returns>
    /// <exception cref="ArgumentNullException">score, sde, data or rng is null.</exception>
    /// <exception cref="ArgumentException">The score returns another shape, or a weight is not finite and &gt; 0 (ParamName "weighting").</exception>
    /// <exception cref="ArgumentOutOfRangeException">n &lt; 2.</exception>
    public static MonteCarloEstimate Estimate(
        Func<Tensor, Tensor, Tensor> score, Sde sde, GaussianMixture data, Random rng, int samples = 10_000,
        Func<double, double>? weighting = null, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(score);
        ArgumentNullException.ThrowIfNull(sde);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(rng);
        if (samples < 2)
            throw new ArgumentOutOfRangeException(nameof(samples), samples, "samples must be ≥ 2 for a standard error.");
        var draws = TimeSamples.Draw(data, sde, rng, samples);
        var ratios = draws.WeightRatios(sde, weighting);
        var target = device ?? TorchDevice.Current;
        var model = new double[samples, data.Dimension];
        const int chunk = 4096;
        for (int start = 0; start < samples; start += chunk)
        {
            int rows = Math.Min(chunk, samples - start);
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            var x = draws.Noisy.SubMatrix(start, rows, 0, data.Dimension).ToTensor(target);
            var t = tensor(draws.Times.Skip(start).Take(rows).Select(v => (float)v).ToArray(), [rows], ScalarType.Float32, target);
            var s = ScoreDivergence.Evaluate(input => score(input, t), x).ToMatrix();
            for (int i = 0; i < rows; i++)
            {
                for (int j = 0; j < data.Dimension; j++)
                    model[start + i, j] = s[i, j];
            }
        }
        var terms = new double[samples];
        for (int i = 0; i < samples; i++)
        {
            double sigma = sde.Std(draws.Times[i]), sum = 0;
            for (int j = 0; j < data.Dimension; j++)
            {
                double r = sigma * (model[i, j] - draws.ExactScore[i, j]);
                sum += r * r;
            }
            terms[i] = ratios[i] * sum;
        }
        return MonteCarloEstimate.FromTerms(terms);
    }
}
