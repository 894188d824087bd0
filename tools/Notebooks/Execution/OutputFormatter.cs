using System.Collections;
using System.Globalization;
using Plotly.NET;
using ScoreNotebooks.Plotting.Hosting;

namespace ScoreNotebooks.Notebooks.Execution;

/// <summary>
/// Turns a displayed value into a MIME bundle: <c>text/plain</c> for every value, and for Plotly.NET
/// charts also <c>text/html</c> and <c>application/vnd.plotly.v1+json</c>.
/// </summary>
public static class OutputFormatter
{
    /// <summary>The most items of a collection written out before "…".</summary>
    public const int MaxItems = 20;

    /// <summary>The MIME type of a chart's plotly.js JSON, which VS Code and JupyterLab can draw themselves.</summary>
    public const string PlotlyMimeType = PlotlyHtml.MimeType;

    /// <summary>The file name of the plotly.js that saved figure pages share ("plotly-2.28.0.min.js").</summary>
    public const string PlotlyScriptFileName = PlotlyHtml.ScriptFileName;

    /// <summary>plotly.js itself (minified, about 3.6 MB), the version the carried Plotly.NET writes charts for.</summary>
    public static string PlotlyScript => PlotlyHtml.Script;

    /// <summary>The representations of <paramref name="value"/>, keyed by MIME type.</summary>
    /// <param name="value">Any value, or null.</param>
    /// <param name="elementId">The HTML element id for a chart, unique within the notebook; it is fixed
    /// (not random) so that running a notebook twice writes the same outputs.</param>
    /// <param name="includePlotlyJs">True for the first chart of a session: its HTML carries plotly.js,
    /// which later charts on the page use, so no chart needs the network.</param>
    /// <returns>A bundle that always holds "text/plain".</returns>
    public static IReadOnlyDictionary<string, string> Format(object? value, string elementId = "figure", bool includePlotlyJs = true)
    {
        if (value is GenericChart chart)
        {
            string json = PlotlyHtml.Json(chart);
            return new Dictionary<string, string>
            {
                ["text/html"] = PlotlyHtml.Fragment(json, elementId, includePlotlyJs),
                [PlotlyMimeType] = json,
                ["text/plain"] = PlotlyHtml.PlainText(chart),
            };
        }
        return new Dictionary<string, string> { ["text/plain"] = PlainText(value) };
    }

    /// <summary>True for MIME types whose value is JSON rather than text (<c>application/json</c>,
    /// <c>application/…+json</c>): nbformat and Jupyter messages carry those as JSON values.</summary>
    /// <param name="mimeType">A MIME type.</param>
    /// <returns>Whether its representation is JSON.</returns>
    public static bool IsJsonMimeType(string mimeType) =>
        mimeType.StartsWith("application/", StringComparison.Ordinal)
        && (mimeType == "application/json" || mimeType.EndsWith("+json", StringComparison.Ordinal));

    /// <summary>A standalone HTML page that draws a recorded figure.</summary>
    /// <param name="figure">The figure.</param>
    /// <param name="scriptSource">The <c>src</c> of plotly.js (e.g. "../plotly-2.28.0.min.js").</param>
    /// <param name="hideModeBar">True to hide plotly's toolbar, as for a screenshot.</param>
    /// <returns>The page.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static string StandalonePage(RecordedFigure figure, string scriptSource, bool hideModeBar = false)
    {
        ArgumentNullException.ThrowIfNull(figure);
        ArgumentNullException.ThrowIfNull(scriptSource);
        return PlotlyHtml.Page(figure.FigureJson, figure.Title, scriptSource, hideModeBar);
    }

    /// <summary>
    /// The element id of a chart in notebook outputs: the prefix ("figure") + "-" + the first 12 hex digits of the
    /// SHA-256 of the chart's JSON + "-cellNN-K". The same chart in the same place gets the same id
    /// on every run (outputs do not change between identical runs), and different charts never
    /// share one, even across notebooks open in one page (JupyterLab shows them all in one document).
    /// </summary>
    /// <param name="chart">The chart.</param>
    /// <param name="cellNumber">The 1-based number of the cell that shows it.</param>
    /// <param name="ordinal">1 for the cell's first chart, 2 for its second, ….</param>
    /// <param name="prefix">The id's first part, "figure" by default; a host whose cell numbers restart
    /// while earlier outputs stay on the page (a kernel after a restart) passes one unique to its session.</param>
    /// <returns>An id of ASCII letters, digits, '-' and '_'.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="chart"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="prefix"/> is not a letter followed by letters, digits, '-' or '_'.</exception>
    public static string ChartElementId(GenericChart chart, int cellNumber, int ordinal, string prefix = "figure")
    {
        ArgumentNullException.ThrowIfNull(chart);
        CheckIdPrefix(prefix, nameof(prefix));
        return PlotlyHtml.ElementId(prefix, PlotlyHtml.Json(chart), string.Create(CultureInfo.InvariantCulture, $"cell{cellNumber:D2}-{ordinal}"));
    }

    /// <summary>Returns <paramref name="prefix"/> when it is a letter followed by letters, digits, '-' or '_'; else throws.</summary>
    internal static string CheckIdPrefix(string prefix, string parameterName)
    {
        if (string.IsNullOrEmpty(prefix) || !char.IsAsciiLetter(prefix[0])
            || !prefix.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            throw new ArgumentException($"'{prefix}' is not an HTML id prefix: use a letter followed by letters, digits, '-' or '_'", parameterName);
        return prefix;
    }

    /// <summary>The title of a chart's layout, or "untitled".</summary>
    /// <param name="chart">The chart.</param>
    /// <returns>The title text.</returns>
    public static string ChartTitle(GenericChart chart) => PlotlyHtml.Title(chart);

    /// <summary>The plain-text form of a value: its own ToString when it has one, else its items.</summary>
    /// <param name="value">Any value, or null.</param>
    /// <returns>The text shown under <c>text/plain</c>.</returns>
    public static string PlainText(object? value) => value switch
    {
        null => "<null>",
        string s => s,
        IFormattable f when f.GetType().IsPrimitive || f is decimal => f.ToString(null, CultureInfo.InvariantCulture),
        IEnumerable items when !OverridesToString(value.GetType()) => Items(items),
        _ => value.ToString() ?? value.GetType().Name,
    };

    private static bool OverridesToString(Type type) =>
        type.GetMethod(nameof(ToString), Type.EmptyTypes)?.DeclaringType is { } declaring && declaring != typeof(object);

    private static string Items(IEnumerable items)
    {
        var shown = new List<string>();
        bool more = false;
        foreach (object? item in items)
        {
            if (shown.Count == MaxItems) { more = true; break; }
            shown.Add(item is string s ? $"\"{s}\"" : PlainText(item));
        }
        return $"[{string.Join(", ", shown)}{(more ? ", …" : "")}]";
    }
}
