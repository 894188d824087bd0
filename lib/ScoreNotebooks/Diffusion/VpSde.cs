using MathNet.Numerics;

namespace ScoreNotebooks.Diffusion;

/// <summary>
/// The variance-preserving SDE dx = −½ β(t) x dt + √β(t) dW with β(t) = β_min + t (β_max − β_min): the
/// continuous limit of DDPM (Ho, Jain &amp; Abbeel 2020) (Song et al. 2021, Eq. 11 and App. C).
/// </summary>
/// <remarks>
/// With B(t) = ∫₀ᵗ β(s) ds = β_min t + ½ t² (β_max − β_min): a(t) = −½ β(t), g(t) = √β(t),
/// α(t) = exp(−½ B(t)) and σ(t)² = 1 − exp(−B(t)) (Song et al. 2021, App. B), so data of unit variance
/// keeps unit variance. At T = 1 with the defaults, B = 10.05 and α ≈ 0.0066: the marginal is close to
/// the prior N(0, I). In DDPM's notation ᾱₜ = α(t)².
/// </remarks>
public sealed class VpSde : LinearBetaSde
{
    /// <summary>Creates the VP SDE; the defaults are those of Song et al. (2021, App. C).</summary>
    /// <param name="betaMin">β_min ≥ 0 (0.1).</param>
    /// <param name="betaMax">β_max ≥ β_min, β_max &gt; 0 (20).</param>
    /// <param name="endTime">The horizon T &gt; 0 (1).</param>
    /// <param name="eps">The smallest time ε ∈ (0, T) (1e−3).</param>
    /// <exception cref="ArgumentException">An argument is not finite.</exception>
    /// <exception cref="ArgumentOutOfRangeException">β_min &lt; 0, β_max ≤ 0 or β_max &lt; β_min, T ≤ 0, or ε ∉ (0, T).</exception>
    public VpSde(double betaMin = 0.1, double betaMax = 20, double endTime = 1, double eps = 1e-3)
        : base(betaMin, betaMax, endTime, eps)
    {
    }

    /// <inheritdoc />
    protected override string Name => "VP SDE";

    /// <inheritdoc />
    protected override double DiffusionAt(double t) => Math.Sqrt(BetaAt(t));

    /// <inheritdoc />
    /// <remarks>√(1 − e^{−B(t)}), with expm1 so that small t keeps its digits.</remarks>
    protected override double StdAt(double t) => Math.Sqrt(-SpecialFunctions.Expm1(-BetaIntegralAt(t)));
}
