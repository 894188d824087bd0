using System.Text;
using Microsoft.FSharp.Core;
using Plotly.NET;
using ScoreNotebooks.Plotting.Internal;

namespace ScoreNotebooks.Plotting;

/// <summary>Writing figures out: standalone HTML files that open offline, and HTML fragments.</summary>
public static class FigureExport
{
    /// <summary>
    /// Writes <paramref name="chart"/> as a standalone HTML file with plotly.js embedded, so it
    /// opens in a browser with no network; creates missing directories.
    /// </summary>
    /// <param name="chart">The figure.</param>
    /// <param name="path">The file to write, ending in ".html" or ".htm"; relative paths are taken
    /// from the current directory; an existing file is replaced.</param>
    /// <param name="documentTitle">The HTML document title, or null for the figure's own title.</param>
    /// <returns>The full path of the written file.</returns>
    /// <remarks>The file holds plotly.js itself (about 3.6 MB, Plotly.NET's
    /// <c>PlotlyJSReference.Full</c>) rather than a script link to a CDN.</remarks>
    /// <exception cref="ArgumentNullException">chart or path is null.</exception>
    /// <exception cref="ArgumentException">path is blank or does not end in ".html" or ".htm".</exception>
    public static string Save(this GenericChart chart, string path, string? documentTitle = null)
    {
        Check.NotNull(chart, nameof(chart));
        Check.Text(path, nameof(path));
        string extension = Path.GetExtension(path);
        if (!extension.Equals(".html", StringComparison.OrdinalIgnoreCase) && !extension.Equals(".htm", StringComparison.OrdinalIgnoreCase))
            throw new ArgumentException($"path \"{path}\" must end in .html or .htm.", nameof(path));
        string fullPath = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);
        File.WriteAllText(fullPath, ToStandaloneHtml(chart, documentTitle), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        return fullPath;
    }

    /// <summary>The figure as a complete HTML document with plotly.js embedded (opens offline).</summary>
    /// <param name="chart">The figure.</param>
    /// <param name="documentTitle">The HTML document title, or null for the figure's own title.</param>
    /// <exception cref="ArgumentNullException">chart is null.</exception>
    public static string ToStandaloneHtml(GenericChart chart, string? documentTitle = null)
    {
        Check.NotNull(chart, nameof(chart));
        var options = DisplayOptions.init(
            FSharpOption<string>.Some(documentTitle ?? TitleOf(chart)),
            FSharpOption<string>.Some("utf-8"),
            null, null, null, null,
            FSharpOption<PlotlyJSReference>.Some(PlotlyJSReference.Full));
        string html = GenericChart.toEmbeddedHTML(GenericChart.setDisplayOptions(options, chart));
        // Plotly.NET writes the charset after the 3.6 MB script, beyond the first 1024 bytes in which
        // browsers look for it, so "−" and "σ" could be decoded as Latin-1: declare it first instead.
        const string charset = "<meta charset=\"utf-8\">";
        int head = html.IndexOf("<head>", StringComparison.Ordinal);
        return head < 0 ? html : html.Replace(charset, "").Insert(head + "<head>".Length, charset);
    }

    /// <summary>
    /// The figure as an HTML fragment: a div and the script that draws into it. The page must
    /// already have loaded plotly.js (for example once per notebook).
    /// </summary>
    /// <param name="chart">The figure.</param>
    /// <exception cref="ArgumentNullException">chart is null.</exception>
    public static string ToHtmlFragment(GenericChart chart)
    {
        Check.NotNull(chart, nameof(chart));
        return GenericChart.toChartHTML(chart);
    }

    private static string TitleOf(GenericChart chart)
    {
        var title = GenericChart.getLayout(chart).TryGetTypedPropertyValue<DynamicObj.DynamicObj>("title");
        var text = title?.Value.TryGetTypedPropertyValue<string>("text");
        return text?.Value ?? "Figure";
    }
}
