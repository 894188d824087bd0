using System.Globalization;
using Plotly.NET;
using static ScoreNotebooks.Plotting.Internal.Styled;

namespace ScoreNotebooks.Plotting.Internal;

/// <summary>
/// Scatter traces that draw arrows as line segments: per arrow the shaft (tail, tip), a break,
/// the head as one polyline (left barb, tip, right barb), a break. One trace per colour group
/// keeps thousands of arrows cheap to render.
/// </summary>
internal static class ArrowTraces
{
    /// <summary>Entries per arrow in a trace's x and y: tail, tip, break, left, tip, right, break.</summary>
    public const int EntriesPerArrow = 7;

    public static List<Trace> Create(IReadOnlyList<Arrow> arrows, ArrowOptions options)
    {
        if (options.ColorBins == 0)
            return [Group(arrows, "arrows", options.Color, options.LineWidth, showLegend: false)];

        double min = arrows.Min(a => a.Magnitude), max = arrows.Max(a => a.Magnitude);
        int bins = options.ColorBins;
        double width = (max - min) / bins;
        var traces = new List<Trace>();
        for (int b = 0; b < bins; b++)
        {
            // The top bin is closed so the largest magnitude lands in it.
            double lo = min + b * width, hi = b == bins - 1 ? max : min + (b + 1) * width;
            var members = arrows.Where(a => BinOf(a.Magnitude, min, width, bins) == b).ToList();
            if (members.Count == 0)
                continue;
            string color = Theme.ScaleColor(bins == 1 ? 0.5 : (double)b / (bins - 1));
            string name = string.Create(CultureInfo.InvariantCulture, $"|s| ∈ [{lo:G3}, {hi:G3}]");
            traces.Add(Group(members, name, color, options.LineWidth, showLegend: true));
        }
        return traces;
    }

    private static int BinOf(double magnitude, double min, double width, int bins) =>
        width > 0 ? Math.Min(bins - 1, (int)((magnitude - min) / width)) : 0;

    private static Trace Group(IReadOnlyList<Arrow> arrows, string name, string color, double lineWidth, bool showLegend)
    {
        var x = new double?[arrows.Count * EntriesPerArrow];
        var y = new double?[arrows.Count * EntriesPerArrow];
        for (int a = 0; a < arrows.Count; a++)
        {
            var arrow = arrows[a];
            int o = a * EntriesPerArrow;
            (x[o], y[o]) = arrow.Tail;
            (x[o + 1], y[o + 1]) = arrow.Tip;
            (x[o + 3], y[o + 3]) = arrow.LeftBarb;
            (x[o + 4], y[o + 4]) = arrow.Tip;
            (x[o + 5], y[o + 5]) = arrow.RightBarb;
        }
        var trace = Line(name, x, y, color, lineWidth);
        trace.SetProperty("showlegend", showLegend);
        trace.SetProperty("hoverinfo", "skip");
        return trace;
    }
}
