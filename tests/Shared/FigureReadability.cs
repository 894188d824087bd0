using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace ScoreNotebooks.TestSupport;

/// <summary>
/// What makes a plotly.js figure of the series read at a glance, checked on its JSON
/// (<c>{"data": [...], "layout": {...}}</c>): it fits a notebook's output column, and its log
/// axes label only whole tick values.
/// </summary>
/// <remarks>
/// Left to its defaults, plotly.js labels the minor ticks of a log axis spanning one to three
/// decades with bare leading digits ("2  5  100  2  5"), and writes small or large values with
/// SI suffixes ("100μ", "1p"). A log axis passes when it fixes its labelled ticks (tickvals, or a
/// whole number of decades as dtick) and writes exponents as powers or as e-notation.
/// </remarks>
internal static partial class FigureReadability
{
    /// <summary>The width in pixels of a notebook page's output column (Notebook, JupyterLab, VS Code).</summary>
    public const double OutputColumnWidth = 980;

    private static readonly string[] ReadableExponents = ["power", "e", "E", "none"];

    /// <summary>Every way <paramref name="figure"/> fails the rules, as sentences; empty when it passes.</summary>
    public static IReadOnlyList<string> Problems(JsonNode figure)
    {
        var problems = new List<string>();
        var layout = figure["layout"] as JsonObject ?? [];
        double width = (double?)layout["width"] ?? 0;
        if (width > OutputColumnWidth)
            problems.Add($"{width} px wide, over the {OutputColumnWidth} px output column");
        foreach (var (key, node) in layout)
        {
            if (!AxisKey().IsMatch(key) || node is not JsonObject axis || (string?)axis["type"] != "log")
                continue;
            string format = (string?)axis["exponentformat"] ?? "B";
            if (!ReadableExponents.Contains(format))
                problems.Add($"log axis {key} writes exponents as '{format}', with SI suffixes such as 100μ or 1p; "
                    + "use exponentformat \"power\" or \"e\"");
            if (!FixesLabelledTicks(axis))
                problems.Add($"log axis {key} leaves its ticks to plotly.js, which labels minor ticks with bare digits "
                    + "(2 5 100 2 5); give tickvals or a whole number of decades as dtick");
        }
        return problems;
    }

    private static bool FixesLabelledTicks(JsonObject axis)
    {
        if ((string?)axis["tickmode"] == "array")
            return axis["tickvals"] is JsonArray { Count: > 0 };
        // A numeric dtick on a log axis is a step in decades: whole steps label powers of ten only.
        return axis["dtick"] is JsonValue dtick && dtick.TryGetValue(out double step) && step >= 1 && step == Math.Floor(step);
    }

    [GeneratedRegex("^[xy]axis[0-9]*$")]
    private static partial Regex AxisKey();
}
