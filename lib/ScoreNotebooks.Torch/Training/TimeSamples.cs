using MathNet.Numerics.LinearAlgebra;
using ScoreNotebooks.Diffusion;
using ScoreNotebooks.Distributions;

namespace ScoreNotebooks.Torch.Training;

/// <summary>
/// Draws of the diffusion-time denoising problem in double precision on the CPU: t ~ U[ε, T], x₀ ~ p₀,
/// z ~ N(0, I), xₜ = α(t) x₀ + σ(t) z, with the exact marginal score ∇log pₜ(xₜ) from the CPU reference.
/// </summary>
internal sealed class TimeSamples
{
    private TimeSamples(double[] times, Matrix<double> noisy, Matrix<double> noise, Matrix<double> exactScore)
    {
        Times = times;
        Noisy = noisy;
        Noise = noise;
        ExactScore = exactScore;
    }

    public double[] Times { get; }

    public Matrix<double> Noisy { get; }

    public Matrix<double> Noise { get; }

    public Matrix<double> ExactScore { get; }

    /// <summary>
    /// n draws: first the n data points (<see cref="GaussianMixture.Sample(Random, int)"/>), then for each row its
    /// time and its d noise coordinates.
    /// </summary>
    public static TimeSamples Draw(GaussianMixture data, Sde sde, Random rng, int n)
    {
        var x0 = data.Sample(rng, n);                                   // (n, d)
        int d = data.Dimension;
        var times = new double[n];
        var noise = Matrix<double>.Build.Dense(n, d);
        var noisy = Matrix<double>.Build.Dense(n, d);
        var score = Matrix<double>.Build.Dense(n, d);
        for (int i = 0; i < n; i++)
        {
            double t = sde.Eps + (sde.T - sde.Eps) * rng.NextDouble();
            times[i] = t;
            for (int j = 0; j < d; j++)
                noise[i, j] = MathNet.Numerics.Distributions.Normal.Sample(rng, 0, 1);
            double alpha = sde.MeanScale(t), sigma = sde.Std(t);
            noisy.SetRow(i, alpha * x0.Row(i) + sigma * noise.Row(i));
            score.SetRow(i, sde.Marginal(data, t).Score(noisy.Row(i)));
        }
        return new TimeSamples(times, noisy, noise, score);
    }

    /// <summary>λ(tᵢ)/σ(tᵢ)² for every row; 1 for the default λ = σ².</summary>
    public double[] WeightRatios(Sde sde, Func<double, double>? weighting)
    {
        var ratios = new double[Times.Length];
        for (int i = 0; i < Times.Length; i++)
        {
            if (weighting is null)
            {
                ratios[i] = 1;
                continue;
            }
            double lambda = weighting(Times[i]), sigma = sde.Std(Times[i]);
            if (!double.IsFinite(lambda) || lambda <= 0)
                throw new ArgumentException($"weighting returned {lambda} at t = {Times[i]:G6}; it must be finite and > 0.", nameof(weighting));
            ratios[i] = lambda / (sigma * sigma);
        }
        return ratios;
    }
}
