using Plotly.NET;
using static ScoreNotebooks.Plotting.Internal.Styled;

namespace ScoreNotebooks.Plotting.Internal;

/// <summary>Heat map and contour traces of a function on a <see cref="Grid2D"/>.</summary>
internal static class DensityTraces
{
    private const int ContourCount = 14;

    /// <summary>
    /// Evaluates log p (or p = exp(log p)) on the grid. −∞ (zero density) becomes a gap in log
    /// space; NaN or +∞ means the function is broken there, so it is reported with the point.
    /// </summary>
    public static double?[][] Values(Grid2D grid, Func<double, double, double> logDensity, bool asDensity, string paramName)
    {
        var raw = grid.Evaluate(logDensity);
        var z = new double?[raw.Length][];
        for (int j = 0; j < raw.Length; j++)
        {
            z[j] = new double?[raw[j].Length];
            for (int i = 0; i < raw[j].Length; i++)
            {
                double v = raw[j][i];
                if (double.IsNaN(v) || double.IsPositiveInfinity(v))
                    throw new ArgumentException(
                        $"{paramName} is {v} at ({grid.X[i]}, {grid.Y[j]}); a log-density must be finite or −∞.", paramName);
                z[j][i] = asDensity ? Math.Exp(v) : double.IsNegativeInfinity(v) ? null : v;
            }
        }
        return z;
    }

    /// <summary>A heat map of z over the grid on the theme's colour scale, with a titled colour bar.</summary>
    public static Trace Heatmap(Grid2D grid, double?[][] z, string name)
    {
        var trace = new Trace("heatmap");
        trace.SetProperty("name", name);
        trace.SetProperty("x", grid.X.ToArray());
        trace.SetProperty("y", grid.Y.ToArray());
        trace.SetProperty("z", z);
        trace.SetProperty("colorscale", Theme.ColorScale);
        trace.SetProperty("zsmooth", "best");
        trace.SetProperty("colorbar", Obj(("title", Obj(("text", name))), ("thickness", 14)));
        return trace;
    }

    /// <summary>Contour lines of z: coloured by level when alone, thin white lines over a heat map.</summary>
    public static Trace Contours(Grid2D grid, double?[][] z, string name, bool overHeatmap)
    {
        var trace = ContourBase(grid, z, name);
        if (overHeatmap)
        {
            trace.SetProperty("contours", Obj(("coloring", "none")));
            trace.SetProperty("line", Obj(("color", "rgba(255,255,255,0.65)"), ("width", 1)));
            trace.SetProperty("showscale", false);
            trace.SetProperty("hoverinfo", "skip");
        }
        else
        {
            trace.SetProperty("contours", Obj(("coloring", "lines")));
            trace.SetProperty("colorscale", Theme.ColorScale);
            trace.SetProperty("line", Obj(("width", 1.5)));
            trace.SetProperty("colorbar", Obj(("title", Obj(("text", name))), ("thickness", 14)));
        }
        return trace;
    }

    /// <summary>Light grey contour lines of a <see cref="DensityBackground"/>, without a colour bar.</summary>
    public static Trace Background(DensityBackground background, string paramName)
    {
        var z = Values(background.Grid, background.LogDensity, background.AsDensity, paramName);
        if (background.HeatMapName is { } heatName)
        {
            var heat = Heatmap(background.Grid, z, heatName);
            heat.SetProperty("colorscale", "RdBu");
            heat.SetProperty("zmid", 0.0);
            heat.SetProperty("hoverinfo", "skip");
            return heat;
        }
        var trace = ContourBase(background.Grid, z, background.AsDensity ? "p(x)" : "log p(x)");
        trace.SetProperty("contours", Obj(("coloring", "lines")));
        trace.SetProperty("colorscale", new object[] { new object[] { 0.0, "#d4d4d4" }, new object[] { 1.0, "#6e6e6e" } });
        trace.SetProperty("line", Obj(("width", 1)));
        trace.SetProperty("showscale", false);
        trace.SetProperty("hoverinfo", "skip");
        return trace;
    }

    private static Trace ContourBase(Grid2D grid, double?[][] z, string name)
    {
        var trace = new Trace("contour");
        trace.SetProperty("name", name);
        trace.SetProperty("x", grid.X.ToArray());
        trace.SetProperty("y", grid.Y.ToArray());
        trace.SetProperty("z", z);
        trace.SetProperty("ncontours", ContourCount);
        trace.SetProperty("autocontour", true);
        return trace;
    }
}
