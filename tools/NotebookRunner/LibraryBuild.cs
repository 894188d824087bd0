using System.Diagnostics;

namespace ScoreNotebooks.NotebookRunner;

/// <summary>Builds, in Release, the libraries the notebooks' setup cells reference.</summary>
internal static class LibraryBuild
{
    /// <summary>The projects notebooks load, relative to the repository root; those that exist are built.</summary>
    public static readonly string[] Projects = ["lib/ScoreNotebooks.Plotting", "lib/ScoreNotebooks.Torch"];

    /// <summary>Runs <c>dotnet build -c Release</c> on each library; returns null or what failed.</summary>
    public static async Task<string?> RunAsync(string root, TextWriter log)
    {
        foreach (string project in Projects.Where(p => Directory.Exists(Path.Combine(root, p))))
        {
            log.WriteLine($"building {project} (Release)");
            var start = new ProcessStartInfo("dotnet")
            {
                WorkingDirectory = root,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (string arg in new[] { "build", project, "-c", "Release", "--nologo", "-v", "q" })
                start.ArgumentList.Add(arg);
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync().ConfigureAwait(false);
            if (process.ExitCode != 0)
                return $"building {project} failed (dotnet build exit code {process.ExitCode}):\n{await stdout}{await stderr}";
        }
        return null;
    }
}
