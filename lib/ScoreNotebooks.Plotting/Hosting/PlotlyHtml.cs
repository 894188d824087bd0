using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Plotly.NET;

namespace ScoreNotebooks.Plotting.Hosting;

/// <summary>
/// How a Plotly figure is shown: the HTML a notebook output carries, the JSON that front ends with
/// a Plotly renderer draw (<see cref="MimeType"/>), and the standalone page a figure is saved as.
/// None of them loads anything from the network.
/// </summary>
/// <remarks>
/// This file is compiled into two assemblies: ScoreNotebooks.Plotting, which registers these outputs
/// with .NET Interactive, and the series' notebook engine (tools/Notebooks), which writes them in the
/// runner and the kernel. One source keeps the three hosts' figure outputs the same; two copies of one
/// assembly would not load side by side in the engine's process.
/// <para>A notebook carries plotly.js once: the first figure of a session inlines it
/// (<c>includePlotlyJs</c>), later figures wait for it, so a page needs no CDN.</para>
/// </remarks>
internal static class PlotlyHtml
{
    /// <summary>The MIME type of a plotly.js figure given as JSON (data, layout, frames).</summary>
    public const string MimeType = "application/vnd.plotly.v1+json";

    /// <summary>The plotly.js version Plotly.NET writes figures for (2.28.0 for Plotly.NET 6.0.0).</summary>
    public const string Version = Globals.PLOTLYJS_VERSION;

    /// <summary>The file name the runner gives the one plotly.js its saved figures share.</summary>
    public const string ScriptFileName = "plotly-" + Version + ".min.js";

    private static readonly Lazy<string> LazyScript = new(ReadScript);

    /// <summary>plotly.js (minified, about 3.6 MB), as Plotly.NET carries it.</summary>
    public static string Script => LazyScript.Value;

    /// <summary>The chart as plotly.js JSON (data, layout, frames), as <see cref="MimeType"/> carries it.</summary>
    public static string Json(GenericChart chart) => GenericChart.toFigureJson(chart);

    /// <summary>The title of a chart's layout, or "untitled".</summary>
    public static string Title(GenericChart chart)
    {
        var title = GenericChart.getLayout(chart).TryGetTypedPropertyValue<DynamicObj.DynamicObj>("title");
        string? text = title?.Value.TryGetTypedPropertyValue<string>("text")?.Value;
        return string.IsNullOrWhiteSpace(text) ? "untitled" : text;
    }

    /// <summary>The text/plain form of a chart.</summary>
    public static string PlainText(GenericChart chart) => $"Plotly.NET chart: {Title(chart)}";

    /// <summary>
    /// An element id for a figure: <paramref name="prefix"/>, the first 12 hex digits of the SHA-256 of its JSON,
    /// and <paramref name="place"/> ("cell04-1"), so the same figure in the same place gets the same id on every
    /// run and different figures never share one.
    /// </summary>
    public static string ElementId(string prefix, string figureJson, string place)
    {
        byte[] hash = SHA256.HashData(Encoding.UTF8.GetBytes(figureJson));
        return string.Create(CultureInfo.InvariantCulture, $"{prefix}-{Convert.ToHexStringLower(hash)[..12]}-{place}");
    }

    /// <summary>
    /// The HTML of a figure in a notebook output: a div and the script that draws into it.
    /// </summary>
    /// <param name="figureJson">The figure as plotly.js JSON (GenericChart.toFigureJson).</param>
    /// <param name="elementId">The div's id, unique on the page.</param>
    /// <param name="includePlotlyJs">True for the first figure of a session: the output defines
    /// <c>window.Plotly</c> itself, so the page needs no network.</param>
    /// <returns>The HTML fragment.</returns>
    public static string Fragment(string figureJson, string elementId, bool includePlotlyJs)
    {
        // Parameters named define, module and exports hide a page's AMD loader (classic Jupyter has
        // RequireJS), so plotly.js sets window.Plotly instead of registering an anonymous module.
        string library = includePlotlyJs
            ? $"(function (define, module, exports) {{\n{Script}\n}})();\n"
            : "";
        return $$"""
            <div id="{{elementId}}" style="max-width:100%"></div>
            <script type="text/javascript">
            {{library}}(function () {
              var figure = {{ScriptSafe(figureJson)}};
              function draw() {
                window.Plotly.newPlot('{{elementId}}', figure.data, figure.layout, { responsive: true, displaylogo: false });
              }
              if (window.Plotly) { draw(); return; }
              // plotly.js comes with the first figure of the session, whose output may be drawn after this one.
              var waited = 0;
              var timer = setInterval(function () {
                if (window.Plotly) { clearInterval(timer); draw(); return; }
                if ((waited += 100) < 15000) return;
                clearInterval(timer);
                document.getElementById('{{elementId}}').textContent = 'plotly.js is not loaded on this page: it comes with '
                  + 'the first figure of a kernel session; restart the kernel and run the notebook from the top.';
              }, 100);
            })();
            </script>
            """;
    }

    /// <summary>A complete HTML page that draws one figure with plotly.js from <paramref name="scriptSource"/>.</summary>
    /// <param name="figureJson">The figure as plotly.js JSON.</param>
    /// <param name="title">The page title.</param>
    /// <param name="scriptSource">The <c>src</c> of plotly.js, e.g. "../plotly-2.28.0.min.js".</param>
    /// <param name="hideModeBar">True to hide plotly's toolbar (for a screenshot, where it would cover the title).</param>
    /// <returns>The page.</returns>
    public static string Page(string figureJson, string title, string scriptSource, bool hideModeBar = false) =>
        $$"""
        <!DOCTYPE html>
        <html>
        <head>
        <meta charset="utf-8">
        <title>{{WebUtility.HtmlEncode(title)}}</title>
        {{(hideModeBar ? "<style>.modebar-container{display:none!important}</style>\n" : "")}}<script src="{{WebUtility.HtmlEncode(scriptSource)}}"></script>
        </head>
        <body style="margin:0">
        <div id="figure"></div>
        <script type="text/javascript">
        var figure = {{ScriptSafe(figureJson)}};
        Plotly.newPlot('figure', figure.data, figure.layout, { responsive: true, displaylogo: false });
        </script>
        </body>
        </html>
        """;

    // "</" inside a script element would end it early; in JSON it occurs only within strings, where "<\/" means the same.
    private static string ScriptSafe(string json) => json.Replace("</", "<\\/", StringComparison.Ordinal);

    private static string ReadScript()
    {
        string resource = $"Plotly.NET.plotly-{Version}.min.js";
        using var stream = typeof(GenericChart).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Plotly.NET does not carry {resource}; the figures cannot include plotly.js.");
        using var reader = new StreamReader(stream);
        // The script is inlined in a script element, which "</script" would end; in a string or a
        // regular expression "<\/script" means the same.
        return reader.ReadToEnd().Replace("</script", "<\\/script", StringComparison.OrdinalIgnoreCase);
    }
}
