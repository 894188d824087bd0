using Plotly.NET;
using DynObj = DynamicObj.DynamicObj;

namespace ScoreNotebooks.Plotting.Internal;

/// <summary>
/// Builds plotly.js layout, axis and trace objects in the series' <see cref="Theme"/>. Objects
/// are set by their plotly.js attribute names (https://plotly.com/javascript/reference/), which
/// keeps every attribute the builders rely on visible and testable in one place.
/// </summary>
internal static class Styled
{
    /// <summary>A plotly.js object with the given attributes.</summary>
    public static DynObj Obj(params (string Key, object Value)[] attributes)
    {
        var obj = new DynObj();
        foreach (var (key, value) in attributes)
            obj.SetProperty(key, value);
        return obj;
    }

    /// <summary>The themed layout: title, font, white background, margins, size.</summary>
    public static Layout NewLayout(string title, int width, int height)
    {
        var layout = new Layout();
        layout.SetProperty("title", Obj(("text", title), ("x", 0.5), ("xanchor", "center"),
            ("font", Obj(("size", Theme.TitleFontSize), ("color", Theme.Ink)))));
        layout.SetProperty("font", Obj(("family", Theme.FontFamily), ("size", Theme.FontSize), ("color", Theme.Ink)));
        layout.SetProperty("paper_bgcolor", Theme.Background);
        layout.SetProperty("plot_bgcolor", Theme.Background);
        layout.SetProperty("colorway", Theme.Palette.ToArray());
        layout.SetProperty("margin", Obj(("l", 64), ("r", 24), ("t", 56), ("b", 56)));
        layout.SetProperty("width", width);
        layout.SetProperty("height", height);
        layout.SetProperty("hovermode", "closest");
        layout.SetProperty("legend", Obj(("bgcolor", "rgba(255,255,255,0.8)"), ("bordercolor", Theme.GridColor), ("borderwidth", 1)));
        return layout;
    }

    /// <summary>A themed axis with a title, and optionally a fixed range or a log scale.</summary>
    public static DynObj Axis(string title, double[]? range = null, bool log = false)
    {
        var axis = Obj(("title", Obj(("text", title))), ("showline", true), ("linecolor", Theme.Ink),
            ("mirror", true), ("ticks", "outside"), ("showgrid", true), ("gridcolor", Theme.GridColor),
            ("zeroline", false));
        if (range is not null)
            axis.SetProperty("range", range);
        if (log)
        {
            axis.SetProperty("type", "log");
            // "power" writes 10⁻⁶ where plotly.js's default writes SI suffixes such as 1µ.
            axis.SetProperty("exponentformat", "power");
            axis.SetProperty("showexponent", "all");
        }
        return axis;
    }

    /// <summary>
    /// Labels a log axis over <paramref name="values"/> with whole numbers a reader takes in at a
    /// glance: powers of ten when the values span two decades or more (with unlabelled minor ticks
    /// at 2…9 × 10ᵏ), otherwise 1, 2, 5 × 10ᵏ (or every digit × 10ᵏ over a short span), with the axis
    /// ending just past a labelled tick at each end unless it already has a range.
    /// </summary>
    /// <remarks>
    /// Left to itself, plotly.js labels the minor ticks of a log axis spanning one to three decades
    /// with bare leading digits ("2  5  100  2  5"), which read as values of their own.
    /// </remarks>
    public static void LogTicks(DynObj axis, IEnumerable<double> values)
    {
        double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        foreach (double v in values)
        {
            if (v > 0 && double.IsFinite(v))
                (lo, hi) = (Math.Min(lo, v), Math.Max(hi, v));
        }
        if (!(lo <= hi))
            return;
        double decades = Math.Log10(hi / lo);
        if (decades >= 2)
        {
            int step = Math.Max(1, (int)Math.Ceiling(decades / 6));
            axis.SetProperty("tickmode", "linear");
            axis.SetProperty("tick0", 0);
            axis.SetProperty("dtick", step);
            axis.SetProperty("minor", step == 1
                ? Obj(("ticks", "outside"), ("ticklen", 3), ("dtick", "D1"), ("showgrid", false))
                : Obj(("ticks", "outside"), ("ticklen", 3), ("dtick", 1), ("showgrid", false)));
            return;
        }
        // The axis runs from the last tick at or below the data to the first at or above it, so both
        // ends are labelled; 1, 2, 5 unless that leaves fewer than three labels or stretches the axis
        // half as long again as the data, and then every digit.
        var ticks = Enclosing(lo, hi, [1, 2, 5]);
        if (ticks.Count < 3 || Math.Log10(ticks[^1] / ticks[0]) > 1.5 * decades)
            ticks = Enclosing(lo, hi, [1, 2, 3, 4, 5, 6, 7, 8, 9]);
        axis.SetProperty("tickmode", "array");
        axis.SetProperty("tickvals", ticks.ToArray());
        if (ticks.Count >= 2 && axis.TryGetPropertyValue("range") is null)
        {
            double a = Math.Log10(ticks[0]), b = Math.Log10(ticks[^1]), pad = 0.03 * (b - a);
            axis.SetProperty("range", new[] { a - pad, b + pad });
        }
    }

    // The ticks m × 10ᵏ (m from mantissas) from the largest at or below lo to the smallest at or above hi.
    private static List<double> Enclosing(double lo, double hi, int[] mantissas)
    {
        var all = new List<double>();
        for (int k = (int)Math.Floor(Math.Log10(lo)) - 1; k <= (int)Math.Ceiling(Math.Log10(hi)) + 1; k++)
        {
            foreach (int m in mantissas)
            {
                // Parse the decimal text so 3e-5 is the double nearest 0.00003, not 3 × 10⁻⁵ rounded twice.
                all.Add(double.Parse($"{m}e{k}", System.Globalization.CultureInfo.InvariantCulture));
            }
        }
        double first = all.Last(t => t <= lo), last = all.First(t => t >= hi);
        return all.Where(t => t >= first && t <= last).ToList();
    }

    /// <summary>Sets the x and y axes of a single-panel figure.</summary>
    public static void SetAxes(Layout layout, DynObj xAxis, DynObj yAxis)
    {
        layout.SetProperty("xaxis", xAxis);
        layout.SetProperty("yaxis", yAxis);
    }

    /// <summary>Sets equal-aspect axes over fixed ranges: one unit in x is as long as one in y.</summary>
    public static void SetFieldAxes(Layout layout, string xTitle, string yTitle, double[] xRange, double[] yRange)
    {
        var xAxis = Axis(xTitle, xRange);
        var yAxis = Axis(yTitle, yRange);
        yAxis.SetProperty("scaleanchor", "x");
        yAxis.SetProperty("scaleratio", 1.0);
        // Shrink the plot area rather than widen a range, so the fixed ranges stay as given.
        xAxis.SetProperty("constrain", "domain");
        yAxis.SetProperty("constrain", "domain");
        SetAxes(layout, xAxis, yAxis);
        FitHeightToAspect(layout, (yRange[1] - yRange[0]) / (xRange[1] - xRange[0]));
        LegendBelow(layout);
    }

    // The shortest plot area an equal-aspect figure is given, in pixels, however wide its ranges.
    private const int MinimumFieldPlotHeight = 160;

    /// <summary>
    /// Lowers the height of an equal-aspect figure whose ranges are wider than tall, so that its plot area is
    /// as tall as the aspect needs and no band of blank canvas sits above and below it.
    /// </summary>
    private static void FitHeightToAspect(Layout layout, double aspect)
    {
        var margin = layout.TryGetTypedPropertyValue<DynObj>("margin")?.Value;
        int? height = layout.TryGetTypedPropertyValue<int>("height")?.Value;
        int? width = layout.TryGetTypedPropertyValue<int>("width")?.Value;
        if (margin is null || height is null || width is null || !(aspect > 0) || !double.IsFinite(aspect))
            return;
        int Side(string key) => margin.TryGetTypedPropertyValue<int>(key)?.Value ?? 0;
        int plotWidth = width.Value - Side("l") - Side("r"), plotHeight = height.Value - Side("t") - Side("b");
        int needed = Math.Max(MinimumFieldPlotHeight, (int)Math.Ceiling(plotWidth * aspect));
        if (needed < plotHeight)
            layout.SetProperty("height", needed + Side("t") + Side("b"));
    }

    // Layouts whose legend goes under the plot; Chart places it once the traces are known.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Layout, object> LegendsBelow = new();

    /// <summary>
    /// Moves the legend under the plot, so it takes no width from an equal-aspect field: below the
    /// x-axis title, in a band added to the foot of the figure (see <see cref="Chart"/>).
    /// </summary>
    public static void LegendBelow(Layout layout)
    {
        layout.SetProperty("legend", Obj(("orientation", "h"), ("x", 0.0), ("xanchor", "left"), ("y", 0.0), ("yanchor", "top"),
            ("bgcolor", "rgba(255,255,255,0)")));
        LegendsBelow.AddOrUpdate(layout, layout);
    }

    // The legend rows under a plot: about 22 px each, with entries about 40 px plus 7 px a character wide.
    private const int LegendRowHeight = 22, LegendEntryWidth = 40, LegendCharacterWidth = 7, LegendGap = 6;

    /// <summary>
    /// Puts a legend marked by <see cref="LegendBelow"/> under the x-axis title: its top just below the
    /// bottom margin that holds the tick labels and the title, in a band of as many rows as its entries
    /// need, added to the margin and the height so the plot area (and an equal aspect) stays as it was.
    /// </summary>
    /// <remarks>
    /// A legend at a fixed fraction of the plot height below the plot lands on the axis title when the plot
    /// is short; one anchored to the figure's bottom edge in container coordinates makes plotly.js shrink
    /// the plot area instead, which breaks an equal aspect. Nothing changes when the legend is not shown.
    /// </remarks>
    private static void PlaceLegendBelow(IReadOnlyList<Trace> traces, Layout layout)
    {
        var names = traces.Where(t => t.type is "scatter" or "histogram" && t.TryGetTypedPropertyValue<bool>("showlegend")?.Value != false)
            .Select(t => t.TryGetPropertyValue("name")?.Value as string ?? "").ToList();
        bool shown = layout.TryGetTypedPropertyValue<bool>("showlegend")?.Value ?? names.Count > 1;
        var margin = layout.TryGetTypedPropertyValue<DynObj>("margin")?.Value;
        int? height = layout.TryGetTypedPropertyValue<int>("height")?.Value;
        int? width = layout.TryGetTypedPropertyValue<int>("width")?.Value;
        if (!shown || margin is null || height is null || width is null)
            return;
        int top = margin.TryGetTypedPropertyValue<int>("t")?.Value ?? 0, bottom = margin.TryGetTypedPropertyValue<int>("b")?.Value ?? 0;
        int plotHeight = height.Value - top - bottom;
        int rows = 1, used = 0;
        foreach (string name in names)
        {
            int entry = LegendEntryWidth + LegendCharacterWidth * name.Length;
            if (used > 0 && used + entry > width.Value)
                (rows, used) = (rows + 1, 0);
            used += entry;
        }
        int band = LegendGap + rows * LegendRowHeight;
        var legend = layout.TryGetTypedPropertyValue<DynObj>("legend")!.Value;
        legend.SetProperty("y", -(bottom + LegendGap) / (double)plotHeight);
        margin.SetProperty("b", bottom + band);
        layout.SetProperty("height", height.Value + band);
    }

    /// <summary>A scatter trace (markers, lines or both); null entries break lines.</summary>
    public static Trace Scatter(string name, double?[] x, double?[] y, string mode)
    {
        var trace = new Trace("scatter");
        trace.SetProperty("name", name);
        trace.SetProperty("x", x);
        trace.SetProperty("y", y);
        trace.SetProperty("mode", mode);
        return trace;
    }

    /// <summary>A scatter trace drawn as a line of the given colour, width and dash.</summary>
    public static Trace Line(string name, double?[] x, double?[] y, string color, double width = 2, string dash = "solid")
    {
        var trace = Scatter(name, x, y, "lines");
        trace.SetProperty("line", Obj(("color", color), ("width", width), ("dash", dash)));
        return trace;
    }

    /// <summary>A scatter trace of markers.</summary>
    public static Trace Markers(string name, double?[] x, double?[] y, string color, double size, double opacity, string symbol = "circle")
    {
        var trace = Scatter(name, x, y, "markers");
        trace.SetProperty("marker", Obj(("color", color), ("size", size), ("opacity", opacity), ("symbol", symbol),
            ("line", Obj(("width", 0)))));
        return trace;
    }

    /// <summary>Widens values to nullable so they can share arrays with line breaks.</summary>
    public static double?[] Nullable(IEnumerable<double> values) => values.Select(v => (double?)v).ToArray();

    /// <summary>
    /// Assembles traces and a layout into a chart without Plotly.NET's default template, placing a legend
    /// marked by <see cref="LegendBelow"/> under the plot.
    /// </summary>
    public static GenericChart Chart(IEnumerable<Trace> traces, Layout layout)
    {
        var list = traces.ToList();
        if (LegendsBelow.TryGetValue(layout, out _))
            PlaceLegendBelow(list, layout);
        // useDefaults: false keeps Plotly.NET's global template out, so Theme alone sets the look.
        var chart = GenericChart.ofTraceObjects(false, list);
        chart = GenericChart.setLayout(layout, chart);
        var config = new Config();
        config.SetProperty("displaylogo", false);
        config.SetProperty("responsive", true);
        return GenericChart.setConfig(config, chart);
    }
}
