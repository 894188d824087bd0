using Plotly.NET;
using ScoreNotebooks.Plotting.Internal;
using static ScoreNotebooks.Plotting.Internal.Styled;
using DynObj = DynamicObj.DynamicObj;

namespace ScoreNotebooks.Plotting;

/// <summary>
/// Small multiples: single-panel figures placed side by side in one row with shared axes,
/// each under its own title (noise strips "σ = 0.1 … σ = 10", sampling strips, learned vs exact).
/// </summary>
public static class SmallMultiples
{
    private const double Gap = 0.03;

    /// <summary>
    /// Places <paramref name="panels"/> left to right with the same x and y ranges (zooming one zooms
    /// all), a title above each, one colour scale hidden per panel, and one legend for the row.
    /// </summary>
    /// <param name="panels">Figures from this library's builders, each a single panel (no marginal
    /// histograms); at least one.</param>
    /// <param name="titles">One non-empty title per panel, e.g. "σ = 0.5".</param>
    /// <param name="title">The row's title, non-empty.</param>
    /// <remarks>
    /// Panel k (1-based) draws on axes x{k}, y{k} (x, y for k = 1) whose domains split the width in
    /// equal parts; when every panel has fixed ranges the row uses their union. Field panels (equal
    /// aspect) get a figure size that keeps one x unit as long as one y unit. The row is at most
    /// <see cref="Theme.MaxWidth"/> wide. The panels given are not modified.
    /// </remarks>
    /// <returns>A chart holding every panel's traces, panel by panel, and one title annotation per panel.</returns>
    /// <exception cref="ArgumentNullException">panels, titles or title is null.</exception>
    /// <exception cref="ArgumentException">panels empty or with a null entry or a panel with subplots of its
    /// own; titles of another count or with an empty entry; an empty title.</exception>
    public static GenericChart Row(IReadOnlyList<GenericChart> panels, IReadOnlyList<string> titles, string title)
    {
        Check.Items(panels, nameof(panels));
        Check.Items(titles, nameof(titles));
        if (titles.Count != panels.Count)
            throw new ArgumentException($"titles has {titles.Count} entries but panels has {panels.Count}; give one title per panel.", nameof(titles));
        for (int k = 0; k < titles.Count; k++)
            Check.Text(titles[k], nameof(titles), $"{nameof(titles)}[{k}]");
        Check.Text(title, nameof(title));

        int n = panels.Count;
        var traces = new List<Trace>();
        for (int k = 0; k < n; k++)
            traces.AddRange(Rehome(panels[k], k, $"{nameof(panels)}[{k}]"));

        var first = GenericChart.getLayout(panels[0]);
        bool field = AxisOf(first, "yaxis").TryGetPropertyValue("scaleanchor") is not null;
        var xRange = SharedRange(panels, "xaxis");
        var yRange = SharedRange(panels, "yaxis");
        var (width, height) = Size(n, field, xRange, yRange);
        var layout = NewLayout(title, width, height);
        layout.SetProperty("margin", Obj(("l", 64), ("r", 24), ("t", 84), ("b", 56)));
        var annotations = new List<DynObj>();
        for (int k = 0; k < n; k++)
        {
            var (lo, hi) = Domain(k, n);
            var panelLayout = GenericChart.getLayout(panels[k]);
            layout.SetProperty(k == 0 ? "xaxis" : $"xaxis{k + 1}", PanelAxis(AxisOf(panelLayout, "xaxis"), k, "x", xRange, (lo, hi)));
            layout.SetProperty(k == 0 ? "yaxis" : $"yaxis{k + 1}", PanelAxis(AxisOf(panelLayout, "yaxis"), k, "y", yRange, null));
            annotations.Add(Obj(("text", titles[k]), ("x", (lo + hi) / 2), ("y", 1.0), ("xref", "paper"), ("yref", "paper"),
                ("xanchor", "center"), ("yanchor", "bottom"), ("yshift", 6), ("showarrow", false),
                ("font", Obj(("size", Theme.FontSize + 1)))));
        }
        layout.SetProperty("annotations", annotations.ToArray());
        layout.SetProperty("showlegend", LegendEntries(panels[0]) > 1);
        LegendBelow(layout);
        return Chart(traces, layout);
    }

    private static IEnumerable<Trace> Rehome(GenericChart panel, int k, string paramName)
    {
        foreach (var trace in GenericChart.getTraces(panel))
        {
            foreach (var axisKey in new[] { "xaxis", "yaxis" })
            {
                var own = trace.TryGetPropertyValue(axisKey);
                if (own is not null && !(own.Value is string id && id.Length == 1))
                    throw new ArgumentException($"{paramName} has subplots of its own (a trace on axis {own.Value}); only single-panel figures can go in a row.", "panels");
            }
            var copy = new Trace(trace.type);
            foreach (var property in trace.GetProperties(false))
                copy.SetProperty(property.Key, property.Value);
            copy.SetProperty("xaxis", k == 0 ? "x" : $"x{k + 1}");
            copy.SetProperty("yaxis", k == 0 ? "y" : $"y{k + 1}");
            // One legend for the row: entries of later panels toggle with the first panel's.
            if (copy.TryGetPropertyValue("name")?.Value is string name)
                copy.SetProperty("legendgroup", name);
            if (k > 0)
                copy.SetProperty("showlegend", false);
            if (trace.type is "heatmap" or "contour")
                copy.SetProperty("showscale", false);
            yield return copy;
        }
    }

    // Lines and markers of the first panel that plotly.js would list (heat maps and contours are not listed).
    private static int LegendEntries(GenericChart panel) =>
        GenericChart.getTraces(panel).Count(t => t.type is "scatter" or "histogram"
            && t.TryGetTypedPropertyValue<bool>("showlegend")?.Value != false);

    private static DynObj PanelAxis(DynObj source, int k, string letter, double[]? range, (double Lo, double Hi)? domain)
    {
        var axis = new DynObj();
        foreach (var property in source.GetProperties(false))
        {
            // scaleanchor cannot be combined with matches in plotly.js; the figure size keeps the aspect instead.
            if (property.Key is not ("scaleanchor" or "scaleratio" or "range" or "domain"))
                axis.SetProperty(property.Key, property.Value);
        }
        if (range is not null)
            axis.SetProperty("range", range);
        if (domain is { } d)
            axis.SetProperty("domain", new[] { d.Lo, d.Hi });
        axis.SetProperty("anchor", letter == "x" ? (k == 0 ? "y" : $"y{k + 1}") : (k == 0 ? "x" : $"x{k + 1}"));
        if (k > 0)
        {
            axis.SetProperty("matches", letter);
            // The shared y axis is labelled once, on the left.
            if (letter == "y")
            {
                axis.SetProperty("showticklabels", false);
                axis.RemoveProperty("title");
            }
        }
        return axis;
    }

    private static DynObj AxisOf(Layout layout, string key) =>
        layout.TryGetTypedPropertyValue<DynObj>(key)?.Value ?? new DynObj();

    private static double[]? SharedRange(IReadOnlyList<GenericChart> panels, string key)
    {
        double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        foreach (var panel in panels)
        {
            var range = AxisOf(GenericChart.getLayout(panel), key).TryGetTypedPropertyValue<double[]>("range")?.Value;
            if (range is null)
                return null;
            (lo, hi) = (Math.Min(lo, range[0]), Math.Max(hi, range[1]));
        }
        return [lo, hi];
    }

    private static (double Lo, double Hi) Domain(int k, int n)
    {
        double width = (1 - Gap * (n - 1)) / n;
        double lo = k * (width + Gap);
        return (lo, k == n - 1 ? 1.0 : lo + width);
    }

    private static (int Width, int Height) Size(int n, bool field, double[]? xRange, double[]? yRange)
    {
        const int left = 64, right = 24, top = 84, bottom = 56;
        double fraction = (1 - Gap * (n - 1)) / n;
        // Panels shrink as the row grows, and never past the width of a notebook's output column.
        int panel = Math.Min(n <= 3 ? 320 : n <= 5 ? 250 : 190, (int)Math.Floor((Theme.MaxWidth - left - right) * fraction));
        int width = (int)Math.Round(panel / fraction) + left + right;
        if (!field || xRange is null || yRange is null)
            return (width, (int)(0.75 * panel) + top + bottom);
        double aspect = (yRange[1] - yRange[0]) / (xRange[1] - xRange[0]);
        return (width, (int)Math.Round(panel * aspect) + top + bottom);
    }
}
