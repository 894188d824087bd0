using System.Diagnostics;
using System.Text;
using Microsoft.FSharp.Core;
using Plotly.NET;
using ScoreNotebooks.Notebooks.Execution;

namespace ScoreNotebooks.NotebookRunner;

/// <summary>
/// Writes each recorded figure as a standalone HTML file with plotly.js embedded (it opens
/// offline), and a PNG screenshot of it when a headless Chromium is available.
/// </summary>
internal sealed class FigureWriter(string? chromium)
{
    private const int DefaultWidth = 900;
    private const int DefaultHeight = 700;

    /// <summary>The first Chromium on the PATH, or null.</summary>
    public static string? FindChromium()
    {
        string[] names = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"];
        string[] folders = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        return folders.SelectMany(folder => names.Select(name => Path.Combine(folder, name))).FirstOrDefault(File.Exists);
    }

    public bool MakesPng => chromium is not null;

    /// <summary>Writes the figures of one notebook; returns the files written.</summary>
    public async Task<IReadOnlyList<string>> WriteAsync(IReadOnlyList<RecordedFigure> figures, string folder)
    {
        var written = new List<string>();
        // The folder belongs to this notebook's figures: files from an earlier run would be stale.
        if (Directory.Exists(folder))
        {
            foreach (string old in Directory.EnumerateFiles(folder, "cell*.*"))
                File.Delete(old);
        }
        if (figures.Count == 0) return written;
        Directory.CreateDirectory(folder);
        var pending = new List<(string Html, string Png, int Width, int Height)>();
        foreach (var figure in figures)
        {
            string html = Path.Combine(folder, $"cell{figure.CellNumber:D2}-{figure.Ordinal}.html");
            WriteAtomically(html, StandaloneHtml(figure.Chart));
            written.Add(html);
            var (width, height) = Size(figure.Chart);
            // The picture is taken of a copy without plotly's toolbar, which would cover the title.
            string still = Path.Combine(folder, $".{Path.GetFileNameWithoutExtension(html)}.still.html");
            WriteAtomically(still, StandaloneHtml(figure.Chart).Replace("<head>", "<head><style>.modebar-container{display:none!important}</style>"));
            pending.Add((still, Path.ChangeExtension(html, ".png"), width, height));
        }
        if (chromium is null)
        {
            foreach (var p in pending) File.Delete(p.Html);
            return written;
        }
        // Two screenshots at a time: each Chromium is mostly waiting on its renderer.
        using var slots = new SemaphoreSlim(2);
        var shots = pending.Select(async p =>
        {
            await slots.WaitAsync().ConfigureAwait(false);
            try { return await ScreenshotAsync(p.Html, p.Png, p.Width, p.Height).ConfigureAwait(false) ? p.Png : null; }
            finally
            {
                slots.Release();
                File.Delete(p.Html);
            }
        });
        written.AddRange((await Task.WhenAll(shots).ConfigureAwait(false)).OfType<string>());
        return written;
    }

    /// <summary>The chart as a complete HTML page with plotly.js inlined.</summary>
    public static string StandaloneHtml(GenericChart chart)
    {
        var options = DisplayOptions.init(
            FSharpOption<string>.Some(OutputFormatter.ChartTitle(chart)),
            FSharpOption<string>.Some("utf-8"),
            null, null, null, null,
            FSharpOption<PlotlyJSReference>.Some(PlotlyJSReference.Full));
        string html = GenericChart.toEmbeddedHTML(GenericChart.setDisplayOptions(options, chart));
        // Browsers look for the charset only in the first 1024 bytes, and plotly.js comes first.
        const string charset = "<meta charset=\"utf-8\">";
        int head = html.IndexOf("<head>", StringComparison.Ordinal);
        return head < 0 ? html : html.Replace(charset, "").Insert(head + "<head>".Length, charset);
    }

    private static (int Width, int Height) Size(GenericChart chart)
    {
        var layout = GenericChart.getLayout(chart);
        int Read(string key, int fallback) =>
            layout.TryGetTypedPropertyValue<int>(key) is { } v ? v.Value : fallback;
        return (Read("width", DefaultWidth) + 20, Read("height", DefaultHeight) + 20);
    }

    private async Task<bool> ScreenshotAsync(string html, string png, int width, int height)
    {
        var start = new ProcessStartInfo(chromium!)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (string arg in new[]
                 {
                     "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--mute-audio",
                     "--virtual-time-budget=10000", $"--window-size={width},{height}", $"--screenshot={png}",
                     new Uri(html).AbsoluteUri,
                 })
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var drain = Task.WhenAll(process.StandardOutput.ReadToEndAsync(), process.StandardError.ReadToEndAsync());
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
            await drain.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            return false;
        }
        return process.ExitCode == 0 && File.Exists(png);
    }

    internal static void WriteAtomically(string path, string text)
    {
        string temp = Path.Combine(Path.GetDirectoryName(path)!, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            File.WriteAllText(temp, text, new UTF8Encoding(false));
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }
}
