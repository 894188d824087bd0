using System.Diagnostics;

namespace ScoreNotebooks.TestSupport;

/// <summary>
/// Builds, once per test run, the Release libraries the chapters' setup cells reference
/// (<c>../artifacts/bin/…/release/</c>), as the runner does before it runs the series.
/// </summary>
/// <remarks>
/// Compiled into both the engine's and the kernel's tests, which may build these projects at the same
/// moment in two test processes; both take the lock file artifacts/release-libraries.lock first, so the
/// builds never overlap.
/// </remarks>
public sealed class ReleaseLibraries
{
    public ReleaseLibraries()
    {
        Root = FindRoot();
        Build(Root, "lib/ScoreNotebooks.Plotting", "lib/ScoreNotebooks.Torch");
    }

    /// <summary>Builds <paramref name="projects"/> (folders relative to <paramref name="root"/>) in Release, holding the build lock.</summary>
    /// <remarks>For tests that need fewer libraries than the chapters' set (the CPU library and its plots, say).</remarks>
    public static void Build(string root, params string[] projects)
    {
        using var _ = BuildLock(root);
        foreach (string project in projects)
        {
            if (!Directory.Exists(Path.Combine(root, project))) continue;
            var start = new ProcessStartInfo("dotnet") { WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (string arg in new[] { "build", project, "-c", "Release", "--nologo", "-v", "q" }) start.ArgumentList.Add(arg);
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            string stderr = process.StandardError.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
                throw new InvalidOperationException($"dotnet build {project} -c Release failed:\n{stdout.Result}{stderr}");
        }
    }

    public string Root { get; }

    public static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ScoreNotebooks.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException($"no ScoreNotebooks.sln above {AppContext.BaseDirectory}");
    }

    /// <summary>An exclusive lock on artifacts/release-libraries.lock, waited for up to ten minutes.</summary>
    private static FileStream BuildLock(string root)
    {
        string path = Path.Combine(root, "artifacts", "release-libraries.lock");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var deadline = DateTime.UtcNow.AddMinutes(10);
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(200);
            }
        }
    }
}
