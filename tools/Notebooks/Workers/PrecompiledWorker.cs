using System.Diagnostics;
using System.Runtime.InteropServices;

namespace ScoreNotebooks.Notebooks.Workers;

/// <summary>
/// A ReadyToRun copy of the worker program, published from the repository's sources: the compiler, the plotting
/// stack and the engine come with machine code already compiled, so a new worker spends far less of its life in the
/// JIT. It pays where a fresh process per notebook is required, as in grading (one process per submission).
/// </summary>
/// <remarks>
/// The copy runs without tiered compilation (its runtimeconfig.json says so): the precompiled code is kept as it is
/// instead of being counted and compiled again, and code compiled at run time (the cells) is optimised at once. For a
/// process that lives one notebook this costs about 40 % less CPU than the tiered default; without the precompiled
/// code the same setting gains nothing, since everything would then be compiled fully optimised up front.
/// The first publish compiles every assembly the worker loads (a minute or two); later ones find it up to date in
/// seconds. Publishes of one repository take turns through a lock file, so two commands never write the copy at once.
/// </remarks>
public static class PrecompiledWorker
{
    /// <summary>The folder of the copy, relative to the repository root.</summary>
    public static readonly string Folder = Path.Combine("artifacts", "worker-precompiled");

    private static readonly TimeSpan LockWait = TimeSpan.FromMinutes(10);

    /// <summary>Publishes the copy (or finds it up to date) and returns its worker assembly, or why it could not.</summary>
    /// <param name="repositoryRoot">The repository holding tools/NotebookWorker.</param>
    /// <param name="log">Told what is happening, in one line.</param>
    /// <param name="cancellationToken">Stops the publish.</param>
    public static async Task<(string? Assembly, string? Problem)> PublishAsync(string repositoryRoot, TextWriter log,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repositoryRoot);
        ArgumentNullException.ThrowIfNull(log);
        string project = Path.Combine(repositoryRoot, "tools", "NotebookWorker", "NotebookWorker.csproj");
        if (!File.Exists(project)) return (null, $"{project} is missing, so the worker cannot be published");
        string output = Path.Combine(repositoryRoot, Folder);
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        using var turn = await TakeTurnAsync(output + ".lock", cancellationToken).ConfigureAwait(false);
        if (turn is null) return (null, $"another publish of {output} held its lock for {LockWait.TotalMinutes:F0} minutes");
        log.WriteLine($"precompiling the worker (ReadyToRun) into {output}: a minute or two the first time, seconds after");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = repositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in new[]
                 {
                     "publish", project, "-c", "Release", "-r", RuntimeInformation.RuntimeIdentifier, "--self-contained", "false",
                     "-p:PublishReadyToRun=true", "-p:TieredCompilation=false", "-o", output, "--nologo", "-v", "q",
                 })
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        if (process.ExitCode != 0)
        {
            string said = string.Join('\n', $"{await stdout.ConfigureAwait(false)}{await stderr.ConfigureAwait(false)}"
                .Split('\n', StringSplitOptions.RemoveEmptyEntries).Take(8));
            return (null, $"dotnet publish of the worker failed (exit code {process.ExitCode}): {said}");
        }
        string assembly = Path.Combine(output, WorkerLaunch.WorkerFileName);
        return File.Exists(assembly) ? (assembly, null) : (null, $"dotnet publish wrote no {assembly}");
    }

    private static async Task<FileStream?> TakeTurnAsync(string lockPath, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (clock.Elapsed < LockWait)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken).ConfigureAwait(false);
            }
            catch (IOException)
            {
                return null;
            }
        }
    }
}
