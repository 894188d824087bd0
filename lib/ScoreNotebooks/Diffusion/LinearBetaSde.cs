namespace ScoreNotebooks.Diffusion;

/// <summary>
/// What the VP and sub-VP SDEs share: the linear noise rate β(t) = β_min + t (β_max − β_min), its
/// integral B(t) = ∫₀ᵗ β(s) ds = β_min t + ½ t² (β_max − β_min), the drift −½ β(t) x, the mean scale
/// α(t) = exp(−½ B(t)) and the prior N(0, I) (Song et al. 2021, App. B and C). They differ in the
/// diffusion g(t) and so in the kernel's standard deviation σ(t).
/// </summary>
public abstract class LinearBetaSde : Sde
{
    /// <summary>Checks and stores the rate's end points and the time range.</summary>
    /// <param name="betaMin">β_min ≥ 0.</param>
    /// <param name="betaMax">β_max ≥ β_min, β_max &gt; 0.</param>
    /// <param name="endTime">The horizon T &gt; 0.</param>
    /// <param name="eps">The smallest time ε ∈ (0, T).</param>
    /// <exception cref="ArgumentException">An argument is not finite.</exception>
    /// <exception cref="ArgumentOutOfRangeException">β_min &lt; 0, β_max ≤ 0 or β_max &lt; β_min, T ≤ 0, or ε ∉ (0, T).</exception>
    protected LinearBetaSde(double betaMin, double betaMax, double endTime, double eps)
        : base(endTime, eps)
    {
        BetaMin = Guard.NonNegative(betaMin, nameof(betaMin));
        BetaMax = Guard.Positive(betaMax, nameof(betaMax));
        if (betaMax < betaMin)
            throw new ArgumentOutOfRangeException(nameof(betaMax), betaMax, $"betaMax must be ≥ betaMin = {betaMin:G6}.");
    }

    /// <summary>β_min ≥ 0.</summary>
    public double BetaMin { get; }

    /// <summary>β_max ≥ β_min.</summary>
    public double BetaMax { get; }

    /// <inheritdoc />
    /// <remarks>1: the prior N(0, I).</remarks>
    public override double PriorStd => 1;

    /// <summary>The noise rate β(t) = β_min + t (β_max − β_min) ≥ 0.</summary>
    /// <param name="t">The time t ∈ [0, T].</param>
    /// <exception cref="ArgumentException">t is not finite.</exception>
    /// <exception cref="ArgumentOutOfRangeException">t ∉ [0, T].</exception>
    public double Beta(double t) => BetaAt(CheckTime(t, nameof(t)));

    /// <summary>The integrated rate B(t) = ∫₀ᵗ β(s) ds = β_min t + ½ t² (β_max − β_min) ≥ 0.</summary>
    /// <param name="t">The time t ∈ [0, T].</param>
    /// <exception cref="ArgumentException">t is not finite.</exception>
    /// <exception cref="ArgumentOutOfRangeException">t ∉ [0, T].</exception>
    public double BetaIntegral(double t) => BetaIntegralAt(CheckTime(t, nameof(t)));

    /// <summary>The SDE's name in <see cref="ToString"/>, e.g. "VP SDE".</summary>
    protected abstract string Name { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Name} (β_min = {BetaMin:G4}, β_max = {BetaMax:G4}, T = {T:G4}, ε = {Eps:G3})";

    /// <summary>β(t) for a time already checked.</summary>
    /// <param name="t">The time t ∈ [0, T].</param>
    protected double BetaAt(double t) => BetaMin + t * (BetaMax - BetaMin);

    /// <summary>B(t) for a time already checked.</summary>
    /// <param name="t">The time t ∈ [0, T].</param>
    protected double BetaIntegralAt(double t) => BetaMin * t + 0.5 * t * t * (BetaMax - BetaMin);

    /// <inheritdoc />
    protected override double DriftRateAt(double t) => -0.5 * BetaAt(t);

    /// <inheritdoc />
    protected override double MeanScaleAt(double t) => Math.Exp(-0.5 * BetaIntegralAt(t));
}
