namespace ScoreNotebooks.Plotting;

/// <summary>
/// How a vector field is drawn as arrows: length scaling, normalisation, head shape and colour.
/// Immutable; set properties with an object initialiser (<c>new ArrowOptions { Scaling = ArrowScaling.Log }</c>).
/// </summary>
/// <remarks>
/// With g(m) = m (<see cref="ArrowScaling.Linear"/>), log(1 + m) (<see cref="ArrowScaling.Log"/>) or 1
/// (<see cref="ArrowScaling.Unit"/>, for m &gt; 0) and r the <see cref="ReferenceQuantile"/>-quantile of
/// g(|sₖ|) over the drawn arrows, arrow k has length ℓₖ = L · min(1, g(|sₖ|)/r), with L the maximum
/// length; arrows above the reference are clipped to L, so one huge vector cannot shrink the rest
/// to dots. The head is two barbs of length <see cref="HeadFraction"/> · ℓₖ at ±<see cref="HeadAngleDegrees"/>
/// from the shaft, so heads stay proportional to their arrows.
/// </remarks>
public sealed record ArrowOptions
{
    /// <summary>Length scaling of magnitudes; <see cref="ArrowScaling.Linear"/> by default.</summary>
    public ArrowScaling Scaling { get; init; } = ArrowScaling.Linear;

    /// <summary>The quantile q of scaled magnitudes that maps to the maximum length, 0 &lt; q ≤ 1; 1 (the maximum) by default.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Set outside (0, 1].</exception>
    public double ReferenceQuantile
    {
        get;
        init => field = value > 0 && value <= 1 ? value
            : throw new ArgumentOutOfRangeException(nameof(ReferenceQuantile), value, "ReferenceQuantile must lie in (0, 1].");
    } = 1.0;

    /// <summary>The maximum arrow length L in data units, L &gt; 0; null (the default) picks 0.9 × the grid spacing.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to a value that is not finite and &gt; 0.</exception>
    public double? MaxLength
    {
        get;
        init => field = value is null || (double.IsFinite(value.Value) && value > 0) ? value
            : throw new ArgumentOutOfRangeException(nameof(MaxLength), value, "MaxLength must be finite and > 0.");
    }

    /// <summary>Barb length as a fraction of the arrow length, 0 &lt; f ≤ 1; 0.3 by default.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Set outside (0, 1].</exception>
    public double HeadFraction
    {
        get;
        init => field = value > 0 && value <= 1 ? value
            : throw new ArgumentOutOfRangeException(nameof(HeadFraction), value, "HeadFraction must lie in (0, 1].");
    } = 0.3;

    /// <summary>Angle between each barb and the shaft in degrees, 0 &lt; θ &lt; 90; 25 by default.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Set outside (0, 90).</exception>
    public double HeadAngleDegrees
    {
        get;
        init => field = value > 0 && value < 90 ? value
            : throw new ArgumentOutOfRangeException(nameof(HeadAngleDegrees), value, "HeadAngleDegrees must lie in (0, 90).");
    } = 25;

    /// <summary>
    /// Number of magnitude bins B, 0 ≤ B ≤ 12; 0 (the default) draws every arrow in <see cref="Color"/>,
    /// B ≥ 1 colours arrows by |s| in B equal-width bins on the Viridis scale, one trace per bin.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Set outside [0, 12].</exception>
    public int ColorBins
    {
        get;
        init => field = value >= 0 && value <= 12 ? value
            : throw new ArgumentOutOfRangeException(nameof(ColorBins), value, "ColorBins must lie in [0, 12].");
    }

    /// <summary>The colour of every arrow when <see cref="ColorBins"/> is 0; the first palette colour by default.</summary>
    /// <exception cref="ArgumentException">Set to null or blank.</exception>
    public string Color
    {
        get;
        init => field = !string.IsNullOrWhiteSpace(value) ? value
            : throw new ArgumentException("Color must name a colour, e.g. \"#0072B2\".", nameof(Color));
    } = Theme.PaletteColor(0);

    /// <summary>Line width of shafts and heads in pixels, &gt; 0; 1.5 by default.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to a value that is not finite and &gt; 0.</exception>
    public double LineWidth
    {
        get;
        init => field = double.IsFinite(value) && value > 0 ? value
            : throw new ArgumentOutOfRangeException(nameof(LineWidth), value, "LineWidth must be finite and > 0.");
    } = 1.5;
}
