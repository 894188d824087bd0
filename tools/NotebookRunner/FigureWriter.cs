using System.Diagnostics;
using ScoreNotebooks.Notebooks.Execution;
using ScoreNotebooks.Notebooks.Files;

namespace ScoreNotebooks.NotebookRunner;

/// <summary>
/// Writes each recorded figure as a standalone HTML page that opens offline, and a PNG screenshot of it
/// when a headless Chromium is available. The pages of all notebooks share one plotly.js, written once
/// in the figures folder (<c>plotly-2.28.0.min.js</c>), instead of carrying 3.6 MB each.
/// </summary>
/// <remarks>
/// A notebook's folder may hold files of the reader's own: only the files listed in the folder's manifest
/// (<see cref="ManifestName"/>), which this writer made on an earlier run, are ever deleted.
/// </remarks>
internal sealed class FigureWriter(string? chromium)
{
    /// <summary>The file in each notebook's figure folder that lists the files the runner wrote there.</summary>
    public const string ManifestName = ".scorenotebooks-figures";

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

    /// <summary>Writes the figures of one notebook into <paramref name="folder"/>; returns the files written.</summary>
    public async Task<IReadOnlyList<string>> WriteAsync(IReadOnlyList<RecordedFigure> figures, string folder)
    {
        RemovePrevious(folder);
        var written = new List<string>();
        if (figures.Count == 0) return written;
        Directory.CreateDirectory(folder);
        WriteSharedScript(Path.GetDirectoryName(Path.GetFullPath(folder))!);
        string script = $"../{OutputFormatter.PlotlyScriptFileName}";
        var pending = new List<(string Still, string Png, int Width, int Height)>();
        foreach (var figure in figures)
        {
            string html = Path.Combine(folder, $"cell{figure.CellNumber:D2}-{figure.Ordinal}.html");
            AtomicFile.WriteAllText(html, OutputFormatter.StandalonePage(figure, script));
            written.Add(html);
            if (chromium is null) continue;
            // The picture is taken of a copy without plotly's toolbar, which would cover the title.
            string still = AtomicFile.CreateTemporaryPath(html, ".html");
            File.WriteAllText(still, OutputFormatter.StandalonePage(figure, script, hideModeBar: true));
            pending.Add((still, Path.ChangeExtension(html, ".png"), (figure.Width ?? DefaultWidth) + 20, (figure.Height ?? DefaultHeight) + 20));
        }
        // Two screenshots at a time: each Chromium is mostly waiting on its renderer.
        using var slots = new SemaphoreSlim(2);
        var shots = pending.Select(async p =>
        {
            await slots.WaitAsync().ConfigureAwait(false);
            try { return await ScreenshotAsync(p.Still, p.Png, p.Width, p.Height).ConfigureAwait(false) ? p.Png : null; }
            finally
            {
                slots.Release();
                AtomicFile.Release(p.Still);
            }
        });
        written.AddRange((await Task.WhenAll(shots).ConfigureAwait(false)).OfType<string>());
        AtomicFile.WriteAllText(Path.Combine(folder, ManifestName), string.Join('\n', written.Select(Path.GetFileName)) + "\n");
        return written;
    }

    /// <summary>Deletes the files an earlier run listed in the folder's manifest, and the manifest.</summary>
    private static void RemovePrevious(string folder)
    {
        string manifest = Path.Combine(folder, ManifestName);
        AtomicFile.RemoveStale(folder);
        if (!File.Exists(manifest)) return;
        foreach (string name in File.ReadAllLines(manifest))
        {
            // Only plain file names the runner gives figures: a manifest cannot point elsewhere.
            if (name.Length == 0 || name != Path.GetFileName(name) || !name.StartsWith("cell", StringComparison.Ordinal)) continue;
            string file = Path.Combine(folder, name);
            if (File.Exists(file)) File.Delete(file);
        }
        File.Delete(manifest);
    }

    private static void WriteSharedScript(string figuresRoot)
    {
        string path = Path.Combine(figuresRoot, OutputFormatter.PlotlyScriptFileName);
        var existing = new FileInfo(path);
        if (existing.Exists && existing.Length == System.Text.Encoding.UTF8.GetByteCount(OutputFormatter.PlotlyScript)
            && File.ReadAllText(path) == OutputFormatter.PlotlyScript)
            return;
        AtomicFile.WriteAllText(path, OutputFormatter.PlotlyScript);
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
                     "--disable-background-networking", "--disable-component-update", "--no-first-run",
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
}
