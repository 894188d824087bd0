using MathNet.Numerics;

namespace ScoreNotebooks.Diffusion;

/// <summary>
/// The sub-VP SDE dx = −½ β(t) x dt + √(β(t) (1 − e^{−2B(t)})) dW, B(t) = ∫₀ᵗ β(s) ds, with the same
/// linear β(t) as <see cref="VpSde"/>: its kernel variance stays below the VP one at every t, which gave
/// Song et al. their best likelihoods (Song et al. 2021, Eq. 12 and App. B).
/// </summary>
/// <remarks>
/// a(t) = −½ β(t), g(t)² = β(t) (1 − e^{−2B(t)}), α(t) = exp(−½ B(t)) as for VP, and
/// σ(t) = 1 − e^{−B(t)}, i.e. σ² = (1 − e^{−B})², which is below the VP variance 1 − e^{−B}
/// (Song et al. 2021, App. B). The diffusion vanishes at t = 0, so the process starts very gently.
/// The prior is N(0, I).
/// </remarks>
public sealed class SubVpSde : LinearBetaSde
{
    /// <summary>Creates the sub-VP SDE; the defaults are those of Song et al. (2021, App. C).</summary>
    /// <param name="betaMin">β_min ≥ 0 (0.1).</param>
    /// <param name="betaMax">β_max ≥ β_min, β_max &gt; 0 (20).</param>
    /// <param name="endTime">The horizon T &gt; 0 (1).</param>
    /// <param name="eps">The smallest time ε ∈ (0, T) (1e−3).</param>
    /// <exception cref="ArgumentException">An argument is not finite.</exception>
    /// <exception cref="ArgumentOutOfRangeException">β_min &lt; 0, β_max ≤ 0 or β_max &lt; β_min, T ≤ 0, or ε ∉ (0, T).</exception>
    public SubVpSde(double betaMin = 0.1, double betaMax = 20, double endTime = 1, double eps = 1e-3)
        : base(betaMin, betaMax, endTime, eps)
    {
    }

    /// <inheritdoc />
    protected override string Name => "sub-VP SDE";

    /// <inheritdoc />
    /// <remarks>√(β(t) (1 − e^{−2B(t)})), with expm1 so that small t keeps its digits.</remarks>
    protected override double DiffusionAt(double t) =>
        Math.Sqrt(BetaAt(t) * -SpecialFunctions.Expm1(-2 * BetaIntegralAt(t)));

    /// <inheritdoc />
    protected override double StdAt(double t) => -SpecialFunctions.Expm1(-BetaIntegralAt(t));
}
