using ScoreNotebooks.Plotting.Internal;

namespace ScoreNotebooks.Plotting;

/// <summary>
/// Grey contour lines of a density drawn underneath another figure (score arrows, samples,
/// trajectories), so the reader sees the field or the particles against the target.
/// </summary>
/// <remarks>
/// With <see cref="AsDensity"/> the contours are of p(x) = exp(log p(x)): levels evenly spaced
/// in p crowd around the modes, where the eye should go. Without it they are of log p(x),
/// evenly spaced in log p, which also shows the tails. Immutable.
/// </remarks>
public sealed class DensityBackground
{
    /// <summary>A background of contours of <paramref name="logDensity"/> on <paramref name="grid"/>.</summary>
    /// <param name="grid">The grid to evaluate on; usually finer than an arrow grid (e.g. 100 × 100).</param>
    /// <param name="logDensity">log p(x, y), possibly unnormalised; −∞ where p = 0; never NaN or +∞ on the grid.</param>
    /// <param name="asDensity">Contour p = exp(log p) (true, the default) or log p itself (false).</param>
    /// <exception cref="ArgumentNullException">grid or logDensity is null.</exception>
    public DensityBackground(Grid2D grid, Func<double, double, double> logDensity, bool asDensity = true)
    {
        Grid = Check.NotNull(grid, nameof(grid));
        LogDensity = Check.NotNull(logDensity, nameof(logDensity));
        AsDensity = asDensity;
    }

    /// <summary>The grid the density is evaluated on.</summary>
    public Grid2D Grid { get; }

    /// <summary>The log-density log p(x, y), possibly unnormalised.</summary>
    public Func<double, double, double> LogDensity { get; }

    /// <summary>Whether contours are of p (true) or of log p (false).</summary>
    public bool AsDensity { get; }

    /// <summary>
    /// When not null, the background is a heat map of an arbitrary scalar field (for example the
    /// divergence ∇·s of a score field) with a diverging colour scale centred on 0 (blue below, red above), named by this
    /// text in the colour bar; <see cref="LogDensity"/> then holds the field's values.
    /// </summary>
    public string? HeatMapName { get; private init; }

    /// <summary>A heat map of a scalar field f(x, y) drawn under arrows, blue where f &lt; 0 and red where f &gt; 0.</summary>
    /// <param name="grid">The grid to evaluate f on.</param>
    /// <param name="value">f(x, y), finite on the grid.</param>
    /// <param name="name">What f is, shown in the colour bar (non-empty), e.g. "∇·s(x)".</param>
    /// <returns>The background.</returns>
    /// <exception cref="ArgumentNullException">grid or value is null.</exception>
    /// <exception cref="ArgumentException">name is empty.</exception>
    public static DensityBackground HeatMap(Grid2D grid, Func<double, double, double> value, string name) =>
        new(grid, value, asDensity: false) { HeatMapName = Check.Text(name, nameof(name)) };
}
