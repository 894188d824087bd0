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
            axis.SetProperty("type", "log");
        return axis;
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

    /// <summary>Moves the legend under the plot, so it takes no width from an equal-aspect field.</summary>
    public static void LegendBelow(Layout layout) =>
        layout.SetProperty("legend", Obj(("orientation", "h"), ("x", 0.0), ("xanchor", "left"), ("y", -0.16), ("yanchor", "top"),
            ("bgcolor", "rgba(255,255,255,0)")));

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
