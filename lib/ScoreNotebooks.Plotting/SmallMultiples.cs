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

    // Between panels that carry a colour bar: room for the bar and its tick labels.
    private const double ScaleGap = 0.1;

    /// <summary>
    /// Places <paramref name="panels"/> left to right with the same x and y ranges (zooming one zooms
    /// all), a title above each, each panel's colour bar beside it, and one legend for the row that lists
    /// every series a panel names.
    /// </summary>
    /// <param name="panels">Figures from this library's builders, each a single panel (no marginal
    /// histograms); at least one.</param>
    /// <param name="titles">One non-empty title per panel, e.g. "σ = 0.5".</param>
    /// <param name="title">The row's title, non-empty.</param>
    /// <remarks>
    /// Panel k (1-based) draws on axes x{k}, y{k} (x, y for k = 1) whose domains split the width in
    /// equal parts; when every panel has fixed ranges the row uses their union. Field panels (equal
    /// aspect) get a figure size that keeps one x unit as long as one y unit. The row is at most
    /// <see cref="Theme.MaxWidth"/> wide. A heat map or contour that shows a colour scale keeps its
    /// colour bar, drawn right of its own panel (the panels' scales may differ). A series of a panel that
    /// shows a legend on its own is listed in the row's legend by the first such panel that names it; a
    /// later panel's series of the same name toggle with it and take its colour. Two series of different
    /// names never share a palette colour in the row's legend: a later panel's series whose palette colour
    /// an earlier name already holds is given the next free one. The panels given are not modified.
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
        bool scales = panels.Any(p => GenericChart.getTraces(p).Any(ShowsScale));
        double gap = scales ? ScaleGap : Gap;
        var traces = new List<Trace>();
        var legend = new RowLegend();
        for (int k = 0; k < n; k++)
            traces.AddRange(Rehome(panels[k], k, n, gap, legend, $"{nameof(panels)}[{k}]"));

        var first = GenericChart.getLayout(panels[0]);
        bool field = AxisOf(first, "yaxis").TryGetPropertyValue("scaleanchor") is not null;
        var xRange = SharedRange(panels, "xaxis");
        var yRange = SharedRange(panels, "yaxis");
        int right = scales ? ScaleMargin : 24;
        var (width, height) = Size(n, gap, right, field, xRange, yRange);
        var layout = NewLayout(title, width, height);
        layout.SetProperty("margin", Obj(("l", 64), ("r", right), ("t", 84), ("b", 56)));
        var xTicks = SharedLogTicks(panels, "xaxis");
        var yTicks = SharedLogTicks(panels, "yaxis");
        var annotations = new List<DynObj>();
        for (int k = 0; k < n; k++)
        {
            var (lo, hi) = Domain(k, n, gap);
            var panelLayout = GenericChart.getLayout(panels[k]);
            layout.SetProperty(k == 0 ? "xaxis" : $"xaxis{k + 1}", PanelAxis(AxisOf(panelLayout, "xaxis"), k, "x", xRange, (lo, hi), xTicks));
            layout.SetProperty(k == 0 ? "yaxis" : $"yaxis{k + 1}", PanelAxis(AxisOf(panelLayout, "yaxis"), k, "y", yRange, null, yTicks));
            annotations.Add(Obj(("text", titles[k]), ("x", (lo + hi) / 2), ("y", 1.0), ("xref", "paper"), ("yref", "paper"),
                ("xanchor", "center"), ("yanchor", "bottom"), ("yshift", 6), ("showarrow", false),
                ("font", Obj(("size", Theme.FontSize + 1)))));
        }
        layout.SetProperty("annotations", annotations.ToArray());
        layout.SetProperty("showlegend", legend.Listed.Count > 1);
        LegendBelow(layout);
        return Chart(traces, layout);
    }

    // The right margin of a row whose last panel carries a colour bar.
    private const int ScaleMargin = 72;

    private static bool ShowsScale(Trace trace) =>
        trace.type is "heatmap" or "contour" && trace.TryGetTypedPropertyValue<bool>("showscale")?.Value != false;

    private static IEnumerable<Trace> Rehome(GenericChart panel, int k, int n, double gap, RowLegend legend, string paramName)
    {
        bool showsLegend = ShowsLegend(panel);
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
            // One legend for the row: a series is listed by the first panel that names it, and the
            // same name in later panels toggles with that entry.
            string? name = copy.TryGetPropertyValue("name")?.Value as string;
            if (name is not null)
                copy.SetProperty("legendgroup", name);
            if (Listed(trace))
            {
                if (!showsLegend || name is null || !legend.Listed.Add(name))
                    copy.SetProperty("showlegend", false);
                if (showsLegend && name is not null)
                    legend.Recolour(copy, name);
            }
            if (ShowsScale(trace))
                copy.SetProperty("colorbar", PanelColorBar(trace, k, n, gap));
            yield return copy;
        }
    }

    // The row's legend as it is built panel by panel: the names listed so far, and the palette colour
    // each name holds.
    private sealed class RowLegend
    {
        private readonly Dictionary<string, string> _colourOf = new(StringComparer.Ordinal);

        public HashSet<string> Listed { get; } = new(StringComparer.Ordinal);

        // Gives the trace named `name` the palette colour the row holds for that name; a name new to the
        // row keeps its own colour unless another name holds it, and then takes the first free one.
        // Colours outside the palette (ink for exact curves, greys for references) are left as drawn.
        public void Recolour(Trace trace, string name)
        {
            string? own = PaletteColourOf(trace);
            if (own is null)
                return;
            if (!_colourOf.TryGetValue(name, out var colour))
            {
                var held = _colourOf.Values.ToHashSet(StringComparer.OrdinalIgnoreCase);
                colour = !held.Contains(own) ? own : Theme.Palette.FirstOrDefault(c => !held.Contains(c)) ?? own;
                _colourOf[name] = colour;
            }
            if (string.Equals(colour, own, StringComparison.OrdinalIgnoreCase))
                return;
            foreach (var part in new[] { "line", "marker" })
            {
                var source = trace.TryGetTypedPropertyValue<DynObj>(part)?.Value;
                if (source?.TryGetTypedPropertyValue<string>("color")?.Value is not string c
                    || !string.Equals(c, own, StringComparison.OrdinalIgnoreCase))
                    continue;
                var recoloured = new DynObj();
                foreach (var property in source.GetProperties(false))
                    recoloured.SetProperty(property.Key, property.Value);
                recoloured.SetProperty("color", colour);
                trace.SetProperty(part, recoloured);
            }
        }

        private static string? PaletteColourOf(Trace trace)
        {
            foreach (var part in new[] { "marker", "line" })
            {
                if (trace.TryGetTypedPropertyValue<DynObj>(part)?.Value?.TryGetTypedPropertyValue<string>("color")?.Value is string c
                    && Theme.Palette.Contains(c, StringComparer.OrdinalIgnoreCase))
                    return c;
            }
            return null;
        }
    }

    // Whether the panel on its own shows a legend: as its layout says, or as plotly.js decides by
    // default, when it lists two entries or more. A single curve named by its panel title is not listed.
    private static bool ShowsLegend(GenericChart panel) =>
        GenericChart.getLayout(panel).TryGetTypedPropertyValue<bool>("showlegend")?.Value
            ?? GenericChart.getTraces(panel).Count(Listed) > 1;

    // Lines, markers and bars that plotly.js would list (heat maps and contours are not listed).
    private static bool Listed(Trace trace) =>
        trace.type is "scatter" or "histogram" && trace.TryGetTypedPropertyValue<bool>("showlegend")?.Value != false;

    // The panel's own colour bar, thin, just right of its plot area, as tall as the plot.
    private static DynObj PanelColorBar(Trace trace, int k, int n, double gap)
    {
        var bar = new DynObj();
        var source = trace.TryGetTypedPropertyValue<DynObj>("colorbar")?.Value;
        if (source is not null)
        {
            foreach (var property in source.GetProperties(false))
                bar.SetProperty(property.Key, property.Value);
        }
        var (_, hi) = Domain(k, n, gap);
        bar.SetProperty("x", hi + 0.005);
        bar.SetProperty("xanchor", "left");
        bar.SetProperty("xref", "paper");
        bar.SetProperty("y", 0.5);
        bar.SetProperty("yanchor", "middle");
        bar.SetProperty("len", 1.0);
        bar.SetProperty("thickness", 8);
        bar.SetProperty("xpad", 2);
        bar.SetProperty("ticks", "outside");
        bar.SetProperty("ticklen", 3);
        bar.SetProperty("tickfont", Obj(("size", Theme.FontSize - 3)));
        // A title beside a narrow bar would overlap the next panel; the panel title names the quantity.
        bar.RemoveProperty("title");
        return bar;
    }

    // Linked log axes share one range, so they share their labelled ticks too: the union of the
    // panels' tick values, or the widest step in decades.
    private static (double[]? Values, double? Step) SharedLogTicks(IReadOnlyList<GenericChart> panels, string key)
    {
        var values = new SortedSet<double>();
        double? step = null;
        foreach (var panel in panels)
        {
            var axis = AxisOf(GenericChart.getLayout(panel), key);
            if (axis.TryGetTypedPropertyValue<string>("type")?.Value != "log")
                continue;
            if (axis.TryGetTypedPropertyValue<double[]>("tickvals")?.Value is { } ticks)
                values.UnionWith(ticks);
            if (axis.TryGetTypedPropertyValue<int>("dtick")?.Value is int decades)
                step = Math.Max(step ?? 0, decades);
        }
        return (values.Count > 0 && step is null ? values.ToArray() : null, step);
    }

    private static DynObj PanelAxis(DynObj source, int k, string letter, double[]? range, (double Lo, double Hi)? domain,
        (double[]? Values, double? Step) logTicks)
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
        if (logTicks.Step is double step && axis.TryGetPropertyValue("dtick") is not null)
            axis.SetProperty("dtick", (int)step);
        else if (logTicks.Values is { } values && axis.TryGetPropertyValue("tickvals") is not null)
            axis.SetProperty("tickvals", values);
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

    private static (double Lo, double Hi) Domain(int k, int n, double gap)
    {
        double width = (1 - gap * (n - 1)) / n;
        double lo = k * (width + gap);
        return (lo, k == n - 1 ? 1.0 : lo + width);
    }

    private static (int Width, int Height) Size(int n, double gap, int right, bool field, double[]? xRange, double[]? yRange)
    {
        const int left = 64, top = 84, bottom = 56;
        double fraction = (1 - gap * (n - 1)) / n;
        // Panels shrink as the row grows, and never past the width of a notebook's output column.
        int panel = Math.Min(n <= 3 ? 320 : n <= 5 ? 250 : 190, (int)Math.Floor((Theme.MaxWidth - left - right) * fraction));
        int width = (int)Math.Round(panel / fraction) + left + right;
        if (!field || xRange is null || yRange is null)
            return (width, (int)(0.75 * panel) + top + bottom);
        double aspect = (yRange[1] - yRange[0]) / (xRange[1] - xRange[0]);
        return (width, (int)Math.Round(panel * aspect) + top + bottom);
    }
}
