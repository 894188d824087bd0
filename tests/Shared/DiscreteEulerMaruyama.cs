using ScoreNotebooks.Diffusion;

namespace ScoreNotebooks.TestSupport;

/// <summary>
/// The exact law of reverse Euler–Maruyama on one-dimensional Gaussian data p₀ = N(m₀, v₀), the oracle
/// the CPU and the TorchSharp samplers are both tested against.
/// </summary>
/// <remarks>
/// The exact score s(x, t) = −(x − α m₀)/Vₜ, Vₜ = α² v₀ + σ², is affine, so each step x ← A x + b + c z
/// keeps the particles Gaussian, with A = 1 − h (a + g²/Vₜ), b = h g² α m₀ / Vₜ, c² = g² h, starting
/// from the prior. Compiled into both test projects.
/// </remarks>
internal static class DiscreteEulerMaruyama
{
    /// <summary>The data mean m₀ and variance v₀ the samplers' tests use.</summary>
    public const double M0 = 1, V0 = 0.25;

    /// <summary>Mean and variance of the particles after <paramref name="steps"/> steps from the prior.</summary>
    public static (double Mean, double Variance) Law(Sde sde, int steps)
    {
        double mean = 0, variance = sde.PriorStd * sde.PriorStd, h = (sde.T - sde.Eps) / steps;
        for (int i = 0; i < steps; i++)
        {
            double t = sde.T - i * h, a = sde.DriftRate(t), g2 = Math.Pow(sde.Diffusion(t), 2);
            double alpha = sde.MeanScale(t), vt = alpha * alpha * V0 + Math.Pow(sde.Std(t), 2);
            double gain = 1 - h * (a + g2 / vt);
            mean = gain * mean + h * g2 * alpha * M0 / vt;
            variance = gain * gain * variance + g2 * h;
        }
        return (mean, variance);
    }
}
