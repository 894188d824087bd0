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
public sealed class SubVpSde : Sde
{
    private readonly LinearBeta beta;

    /// <summary>Creates the sub-VP SDE; the defaults are those of Song et al. (2021, App. C).</summary>
    /// <param name="betaMin">β_min ≥ 0 (0.1).</param>
    /// <param name="betaMax">β_max ≥ β_min, β_max &gt; 0 (20).</param>
    /// <param name="endTime">The horizon T &gt; 0 (1).</param>
    /// <param name="eps">The smallest time ε ∈ (0, T) (1e−3).</param>
    /// <exception cref="ArgumentException">An argument is not finite.</exception>
    /// <exception cref="ArgumentOutOfRangeException">β_min &lt; 0, β_max ≤ 0 or β_max &lt; β_min, T ≤ 0, or ε ∉ (0, T).</exception>
    public SubVpSde(double betaMin = 0.1, double betaMax = 20, double endTime = 1, double eps = 1e-3)
        : base(endTime, eps)
    {
        beta = new LinearBeta(betaMin, betaMax);
    }

    /// <summary>β_min ≥ 0.</summary>
    public double BetaMin => beta.Min;

    /// <summary>β_max ≥ β_min.</summary>
    public double BetaMax => beta.Max;

    /// <inheritdoc />
    /// <remarks>1: the prior N(0, I).</remarks>
    public override double PriorStd => 1;

    /// <summary>The noise rate β(t) = β_min + t (β_max − β_min) ≥ 0.</summary>
    /// <param name="t">The time t ∈ [0, T].</param>
    /// <exception cref="ArgumentException">t is not finite.</exception>
    /// <exception cref="ArgumentOutOfRangeException">t ∉ [0, T].</exception>
    public double Beta(double t) => beta.At(CheckTime(t, nameof(t)));

    /// <summary>The integrated rate B(t) = ∫₀ᵗ β(s) ds ≥ 0.</summary>
    /// <param name="t">The time t ∈ [0, T].</param>
    /// <exception cref="ArgumentException">t is not finite.</exception>
    /// <exception cref="ArgumentOutOfRangeException">t ∉ [0, T].</exception>
    public double BetaIntegral(double t) => beta.Integral(CheckTime(t, nameof(t)));

    /// <inheritdoc />
    public override string ToString() => $"sub-VP SDE (β_min = {BetaMin:G4}, β_max = {BetaMax:G4}, T = {T:G4}, ε = {Eps:G3})";

    /// <inheritdoc />
    protected override double DriftRateAt(double t) => -0.5 * beta.At(t);

    /// <inheritdoc />
    /// <remarks>√(β(t) (1 − e^{−2B(t)})), with expm1 so that small t keeps its digits.</remarks>
    protected override double DiffusionAt(double t) =>
        Math.Sqrt(beta.At(t) * -SpecialFunctions.Expm1(-2 * beta.Integral(t)));

    /// <inheritdoc />
    protected override double MeanScaleAt(double t) => Math.Exp(-0.5 * beta.Integral(t));

    /// <inheritdoc />
    protected override double StdAt(double t) => -SpecialFunctions.Expm1(-beta.Integral(t));
}
