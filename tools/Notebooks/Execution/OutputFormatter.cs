using System.Collections;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Plotly.NET;

namespace ScoreNotebooks.Notebooks.Execution;

/// <summary>
/// Turns a displayed value into a MIME bundle: <c>text/plain</c> for every value, and
/// <c>text/html</c> as well for Plotly.NET charts.
/// </summary>
public static class OutputFormatter
{
    /// <summary>The most items of a collection written out before "…".</summary>
    public const int MaxItems = 20;

    /// <summary>
    /// The plotly.js that the HTML of a chart loads when the page has none, without ".js" (RequireJS
    /// adds it): the version the carried Plotly.NET writes charts for (2.28.0 for Plotly.NET 6.0.0).
    /// </summary>
    public static string PlotlyCdn { get; } = $"https://cdn.plot.ly/plotly-{(global::Globals.PLOTLYJS_VERSION)}.min";

    /// <summary>The representations of <paramref name="value"/>, keyed by MIME type.</summary>
    /// <param name="value">Any value, or null.</param>
    /// <param name="elementId">The HTML element id for a chart, unique within the notebook; it is fixed
    /// (not random) so that running a notebook twice writes the same outputs.</param>
    /// <returns>A bundle that always holds "text/plain".</returns>
    /// <remarks>
    /// A chart's HTML loads plotly.js from its CDN when the page has not loaded it yet (through
    /// RequireJS where the page uses it, as classic Jupyter does), which keeps executed notebooks
    /// small; the runner's figure files embed plotly.js and open offline.
    /// </remarks>
    public static IReadOnlyDictionary<string, string> Format(object? value, string elementId = "figure")
    {
        if (value is GenericChart chart)
        {
            return new Dictionary<string, string>
            {
                ["text/html"] = ChartHtml(chart, elementId),
                ["text/plain"] = $"Plotly.NET chart: {ChartTitle(chart)}",
            };
        }
        return new Dictionary<string, string> { ["text/plain"] = PlainText(value) };
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
        byte[] hash = SHA256.HashData(Encoding.UTF8.GetBytes(GenericChart.toFigureJson(chart)));
        return string.Create(CultureInfo.InvariantCulture, $"{prefix}-{Convert.ToHexStringLower(hash)[..12]}-cell{cellNumber:D2}-{ordinal}");
    }

    /// <summary>Returns <paramref name="prefix"/> when it is a letter followed by letters, digits, '-' or '_'; else throws.</summary>
    internal static string CheckIdPrefix(string prefix, string parameterName)
    {
        if (string.IsNullOrEmpty(prefix) || !char.IsAsciiLetter(prefix[0])
            || !prefix.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            throw new ArgumentException($"'{prefix}' is not an HTML id prefix: use a letter followed by letters, digits, '-' or '_'", parameterName);
        return prefix;
    }

    // "</" inside a script element would end it early; "<\/" is the same string to JavaScript.
    private static string ChartHtml(GenericChart chart, string elementId) =>
        $$"""
        <div id="{{elementId}}"></div>
        <script type="text/javascript">
        (function () {
          var figure = {{GenericChart.toFigureJson(chart).Replace("</", "<\\/", StringComparison.Ordinal)}};
          function draw(plotly) { plotly.newPlot('{{elementId}}', figure.data, figure.layout, { responsive: true, displaylogo: false }); }
          if (typeof Plotly !== 'undefined') { draw(Plotly); return; }
          if (typeof require === 'function' && require.config) {
            require.config({ paths: { plotly: '{{PlotlyCdn}}' } });
            require(['plotly'], draw);
            return;
          }
          var script = document.createElement('script');
          script.src = '{{PlotlyCdn}}.js';
          script.onload = function () { draw(Plotly); };
          document.head.appendChild(script);
        })();
        </script>
        """;

    /// <summary>The title of a chart's layout, or "untitled".</summary>
    /// <param name="chart">The chart.</param>
    /// <returns>The title text.</returns>
    public static string ChartTitle(GenericChart chart)
    {
        var title = GenericChart.getLayout(chart).TryGetTypedPropertyValue<DynamicObj.DynamicObj>("title");
        string? text = title?.Value.TryGetTypedPropertyValue<string>("text")?.Value;
        return string.IsNullOrWhiteSpace(text) ? "untitled" : text;
    }

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
