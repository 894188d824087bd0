using Plotly.NET;
using ScoreNotebooks.Plotting.Internal;

namespace ScoreNotebooks.Plotting;

/// <summary>Figures of a 2D density or log-density evaluated on a grid.</summary>
public static class DensityFigures
{
    /// <summary>
    /// A 2D log-density (or density) as a heat map, contour lines, or contour lines over a heat
    /// map, with equal aspect ratio so circles look round.
    /// </summary>
    /// <param name="grid">The grid to evaluate on (e.g. <c>Grid2D.Square(-4, 4, 120)</c>).</param>
    /// <param name="logDensity">log p(x, y), possibly unnormalised; −∞ where p = 0 (left blank in log
    /// space); never NaN or +∞ on the grid.</param>
    /// <param name="layers">Heat map, contours or both (the default).</param>
    /// <param name="asDensity">Plot p = exp(log p) instead of log p.</param>
    /// <param name="title">Figure title, non-empty.</param>
    /// <param name="xTitle">x-axis label, non-empty.</param>
    /// <param name="yTitle">y-axis label, non-empty.</param>
    /// <remarks>
    /// The heat map's z holds z[j][i] = log p(xᵢ, yⱼ) (or exp of it) at the grid nodes of
    /// <see cref="Grid2D.Evaluate"/>; the contour trace holds the same values.
    /// </remarks>
    /// <returns>A chart with a heat map trace, a contour trace, or both (heat map first).</returns>
    /// <exception cref="ArgumentNullException">grid, logDensity or a title is null.</exception>
    /// <exception cref="ArgumentException">logDensity is NaN or +∞ at a node; layers names no layer; an empty title.</exception>
    public static GenericChart Density(
        Grid2D grid,
        Func<double, double, double> logDensity,
        DensityLayers layers = DensityLayers.Both,
        bool asDensity = false,
        string title = "Log-density log p(x)",
        string xTitle = "x₁",
        string yTitle = "x₂")
    {
        Check.NotNull(grid, nameof(grid));
        Check.NotNull(logDensity, nameof(logDensity));
        if ((layers & DensityLayers.Both) == 0 || (layers & ~DensityLayers.Both) != 0)
            throw new ArgumentException($"layers is {layers}; it must be Heatmap, Contours or Both.", nameof(layers));
        var layout = Styled.NewLayout(Check.Text(title, nameof(title)), Theme.FieldSize + 80, Theme.FieldSize);
        Styled.SetFieldAxes(layout, Check.Text(xTitle, nameof(xTitle)), Check.Text(yTitle, nameof(yTitle)),
            [grid.XMin, grid.XMax], [grid.YMin, grid.YMax]);

        var z = DensityTraces.Values(grid, logDensity, asDensity, nameof(logDensity));
        string name = asDensity ? "p(x)" : "log p(x)";
        var traces = new List<Trace>();
        if (layers.HasFlag(DensityLayers.Heatmap))
            traces.Add(DensityTraces.Heatmap(grid, z, name));
        if (layers.HasFlag(DensityLayers.Contours))
            traces.Add(DensityTraces.Contours(grid, z, name, overHeatmap: layers.HasFlag(DensityLayers.Heatmap)));
        return Styled.Chart(traces, layout);
    }
}
