using System.Diagnostics;

namespace ScoreNotebooks.NotebookRunner;

/// <summary>
/// Signs executed notebooks as trusted with Jupyter's own signing (nbformat's <c>jupyter trust</c>), so
/// Jupyter front ends run the scripts of their figures when the copies are opened; an untrusted
/// notebook's HTML outputs are shown without scripts, and its figures stay blank.
/// </summary>
/// <remarks>
/// The signature goes into the user's Jupyter signature database, not into the files, so the executed
/// copies stay byte-identical from run to run. Nothing happens where nbformat is not installed.
/// </remarks>
internal static class NotebookTrust
{
    /// <summary>Signs <paramref name="notebooks"/>; returns the command that did it, or null when none could.</summary>
    public static async Task<string?> SignAsync(IReadOnlyList<string> notebooks)
    {
        // jupyter-trust where Jupyter installs it; nbformat's module where only the library is installed (Debian).
        var candidates = new List<(string Program, string[] Prefix)>();
        if (FindOnPath("jupyter-trust") is { } trust) candidates.Add((trust, []));
        foreach (string python in new[] { FindOnPath("python3"), "/usr/bin/python3" }.OfType<string>().Distinct())
            candidates.Add((python, ["-m", "nbformat.sign"]));
        foreach (var (program, prefix) in candidates)
        {
            if (await RunAsync(program, [.. prefix, .. notebooks]).ConfigureAwait(false))
                return string.Join(' ', [Path.GetFileName(program), .. prefix]);
        }
        return null;
    }

    private static async Task<bool> RunAsync(string program, IReadOnlyList<string> args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string arg in args) start.ArgumentList.Add(arg);
        try
        {
            using var process = Process.Start(start)!;
            var drain = Task.WhenAll(process.StandardOutput.ReadToEndAsync(), process.StandardError.ReadToEndAsync());
            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
            await drain.ConfigureAwait(false);
            return process.ExitCode == 0;
        }
        catch (Exception error) when (error is System.ComponentModel.Win32Exception or OperationCanceledException)
        {
            return false;
        }
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, name)).FirstOrDefault(File.Exists);
}
