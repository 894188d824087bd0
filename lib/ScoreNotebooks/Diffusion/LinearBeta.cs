namespace ScoreNotebooks.Diffusion;

/// <summary>
/// The linear noise rate β(t) = β_min + t (β_max − β_min) of the VP and sub-VP SDEs and its integral
/// B(t) = ∫₀ᵗ β(s) ds = β_min t + ½ t² (β_max − β_min) (Song et al. 2021, App. C).
/// </summary>
internal readonly struct LinearBeta
{
    public LinearBeta(double betaMin, double betaMax)
    {
        Guard.NonNegative(betaMin, nameof(betaMin));
        Guard.Positive(betaMax, nameof(betaMax));
        if (betaMax < betaMin)
            throw new ArgumentOutOfRangeException(nameof(betaMax), betaMax, $"betaMax must be ≥ betaMin = {betaMin:G6}.");
        Min = betaMin;
        Max = betaMax;
    }

    public double Min { get; }

    public double Max { get; }

    public double At(double t) => Min + t * (Max - Min);

    public double Integral(double t) => Min * t + 0.5 * t * t * (Max - Min);
}
