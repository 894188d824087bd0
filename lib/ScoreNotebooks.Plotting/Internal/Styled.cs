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
    /// at 2…9 × 10ᵏ), otherwise 1, 2, 5 × 10ᵏ (or 1…9 × 10ᵏ over less than a decade).
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
        // autorange pads the data by a few per cent on each side; ticks there are drawn too.
        var ticks = Mantissas(lo / 1.1, hi * 1.1, [1, 2, 5]);
        if (ticks.Count < 3)
            ticks = Mantissas(lo / 1.1, hi * 1.1, [1, 2, 3, 4, 5, 6, 7, 8, 9]);
        if (ticks.Count < 2)
            ticks = lo == hi ? [lo] : [lo, hi];
        axis.SetProperty("tickmode", "array");
        axis.SetProperty("tickvals", ticks.ToArray());
    }

    private static List<double> Mantissas(double lo, double hi, int[] mantissas)
    {
        var ticks = new List<double>();
        for (int k = (int)Math.Floor(Math.Log10(lo)); k <= (int)Math.Ceiling(Math.Log10(hi)); k++)
        {
            foreach (int m in mantissas)
            {
                // Parse the decimal text so 3e-5 is the double nearest 0.00003, not 3 × 10⁻⁵ rounded twice.
                double t = double.Parse($"{m}e{k}", System.Globalization.CultureInfo.InvariantCulture);
                if (t >= lo && t <= hi)
                    ticks.Add(t);
            }
        }
        return ticks;
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
        LegendBelow(layout);
    }

    /// <summary>
    /// Moves the legend under the plot, so it takes no width from an equal-aspect field: at the foot
    /// of the figure, below the x-axis title.
    /// </summary>
    /// <remarks>
    /// The legend is placed in container coordinates (y = 0 is the figure's bottom edge), so plotly.js
    /// grows the bottom margin to hold it under the tick labels and the axis title. A legend placed in
    /// paper coordinates at a fixed fraction below the plot lands on the axis title when the plot is short.
    /// </remarks>
    public static void LegendBelow(Layout layout) =>
        layout.SetProperty("legend", Obj(("orientation", "h"), ("xref", "paper"), ("x", 0.0), ("xanchor", "left"),
            ("yref", "container"), ("y", 0.0), ("yanchor", "bottom"), ("bgcolor", "rgba(255,255,255,0)")));

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

    /// <summary>Assembles traces and a layout into a chart without Plotly.NET's default template.</summary>
    public static GenericChart Chart(IEnumerable<Trace> traces, Layout layout)
    {
        // useDefaults: false keeps Plotly.NET's global template out, so Theme alone sets the look.
        var chart = GenericChart.ofTraceObjects(false, traces.ToList());
        chart = GenericChart.setLayout(layout, chart);
        var config = new Config();
        config.SetProperty("displaylogo", false);
        config.SetProperty("responsive", true);
        return GenericChart.setConfig(config, chart);
    }
}
