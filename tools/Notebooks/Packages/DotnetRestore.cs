using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using ScoreNotebooks.Notebooks.Hosting;

namespace ScoreNotebooks.Notebooks.Packages;

/// <summary>
/// Restores a set of packages with the .NET SDK: writes a project that references them into a work
/// folder and runs <c>dotnet restore</c> on it, with the NuGet settings that apply to the notebook's folder.
/// </summary>
/// <remarks>
/// The SDK's own restore is used (rather than the NuGet client libraries inside the engine) so that the
/// user's NuGet.config, credentials, package source mapping, fallback folders and global package folder
/// apply exactly as they do to <c>dotnet restore</c>, dependency resolution is NuGet's, and the engine
/// loads no NuGet or JSON assemblies of its own that a notebook's packages could clash with.
/// <c>RestoreRootConfigDirectory</c> makes NuGet look for NuGet.config files from the notebook's folder
/// upwards instead of from the work folder. A requested version is exact (<c>[1.2.3]</c>), so the version
/// a notebook names is the version it gets; no version is NuGet's <c>*</c>, the highest stable version.
/// </remarks>
internal static class DotnetRestore
{
    /// <summary>The target framework restored for: the one the engine runs on, e.g. "net10.0".</summary>
    public static string Framework { get; } = $"net{Environment.Version.Major}.{Environment.Version.Minor}";

    /// <summary>The runtime identifier restored for, e.g. "linux-x64", which selects native assets.</summary>
    public static string RuntimeIdentifier { get; } = RuntimeInformation.RuntimeIdentifier;

    /// <summary>The key of the restored target in the assets file.</summary>
    public static string Target => $"{Framework}/{RuntimeIdentifier}";

    private static readonly TimeSpan ProgressEvery = TimeSpan.FromSeconds(15);

    /// <summary>Restores <paramref name="requests"/> in <paramref name="workFolder"/>.</summary>
    /// <param name="requests">The packages, with exact versions or none (highest stable).</param>
    /// <param name="workFolder">A private folder for the project and its <c>obj/</c>.</param>
    /// <param name="configDirectory">The folder whose NuGet settings apply (the notebook's).</param>
    /// <param name="progress">Receives a line now and then while the restore runs.</param>
    /// <param name="cancellationToken">Stops the restore (its process is killed).</param>
    /// <returns>The restored target.</returns>
    /// <exception cref="PackageRestoreException">The restore failed; the message says why.</exception>
    /// <exception cref="OperationCanceledException">The restore was cancelled.</exception>
    public static async Task<AssetsFile> RunAsync(IReadOnlyList<PackageRequest> requests, string workFolder,
        string configDirectory, Action<string> progress, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(workFolder);
        string project = Path.Combine(workFolder, "restore.csproj");
        await File.WriteAllTextAsync(project, ProjectText(requests), cancellationToken).ConfigureAwait(false);
        int exitCode;
        IReadOnlyList<string> output;
        try
        {
            (exitCode, output) = await RunProcessAsync(Arguments(project, configDirectory), workFolder, progress, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new PackageRestoreException(PackageRestoreException.RestoreFailed,
                $"{RestoreFailure.What(requests)} could not be restored: the .NET SDK's '{DotnetHost.Path}' could not be started " +
                $"({e.Message}). Install the .NET SDK (see the README's requirements), or use only the packages the engine carries.", e);
        }
        string assetsPath = Path.Combine(workFolder, "obj", "project.assets.json");
        var assets = File.Exists(assetsPath) ? AssetsFile.Read(assetsPath, Target) : null;
        if (exitCode != 0 || assets is null || assets.Packages.Count == 0)
            throw new PackageRestoreException(PackageRestoreException.RestoreFailed,
                RestoreFailure.Describe(requests, assets, output, exitCode, configDirectory));
        return assets;
    }

    /// <summary>The project file: the packages for the engine's framework and runtime, nothing to build.</summary>
    internal static string ProjectText(IReadOnlyList<PackageRequest> requests)
    {
        var text = new StringBuilder();
        text.AppendLine("<Project Sdk=\"Microsoft.NET.Sdk\">");
        text.AppendLine("  <!-- Written by the ScoreNotebooks engine to restore a notebook's #r \"nuget:\" packages. -->");
        text.AppendLine("  <PropertyGroup>");
        text.AppendLine($"    <TargetFramework>{Framework}</TargetFramework>");
        text.AppendLine($"    <RuntimeIdentifier>{RuntimeIdentifier}</RuntimeIdentifier>");
        text.AppendLine("    <SelfContained>false</SelfContained>");
        text.AppendLine("    <NuGetAudit>false</NuGetAudit>");
        text.AppendLine("  </PropertyGroup>");
        text.AppendLine("  <ItemGroup>");
        // Ids and versions were checked by CellReference (word characters, '.', '-', '+'), so they need no escaping.
        foreach (var request in requests)
            text.AppendLine($"    <PackageReference Include=\"{request.Name}\" Version=\"{(request.Version is null ? "*" : $"[{request.Version}]")}\" />");
        text.AppendLine("  </ItemGroup>");
        text.AppendLine("</Project>");
        return text.ToString();
    }

    private static List<string> Arguments(string project, string configDirectory) =>
    [
        "restore", project, "--nologo", "-nodeReuse:false",
        $"-p:RestoreRootConfigDirectory={configDirectory}",
        // A cache folder inside a repository must not pick up that repository's build settings.
        "-p:ImportDirectoryBuildProps=false", "-p:ImportDirectoryBuildTargets=false", "-p:ImportDirectoryPackagesProps=false",
    ];

    private static async Task<(int ExitCode, IReadOnlyList<string> Output)> RunProcessAsync(List<string> arguments,
        string workFolder, Action<string> progress, CancellationToken cancellationToken)
    {
        var output = new ConcurrentQueue<string>();
        using var process = Start(arguments, workFolder, output);
        var clock = Stopwatch.StartNew();
        var exited = process.WaitForExitAsync(CancellationToken.None);
        try
        {
            while (await Task.WhenAny(exited, Task.Delay(ProgressEvery, cancellationToken)).ConfigureAwait(false) != exited)
            {
                cancellationToken.ThrowIfCancellationRequested();
                progress($"still restoring ({clock.Elapsed.TotalSeconds:F0} s) …");
            }
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            // Let it go before the caller deletes the work folder it was writing to.
            await exited.WaitAsync(TimeSpan.FromSeconds(10), CancellationToken.None).ConfigureAwait(false);
            throw;
        }
        await exited.ConfigureAwait(false);
        return (process.ExitCode, output.ToList());
    }

    /// <summary>Starts <c>dotnet</c> with its output lines collected into <paramref name="output"/>.</summary>
    /// <exception cref="System.ComponentModel.Win32Exception">The executable could not be started.</exception>
    private static Process Start(List<string> arguments, string workFolder, ConcurrentQueue<string> output)
    {
        var start = new ProcessStartInfo(DotnetHost.Path)
        {
            WorkingDirectory = workFolder, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        arguments.ForEach(start.ArgumentList.Add);
        PrepareEnvironment(start.Environment);
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        try
        {
            process.Start();
        }
        catch
        {
            process.Dispose();
            throw;
        }
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>
    /// The environment of the restore: the engine's, less the variables an SDK or test host sets for its own
    /// MSBuild (which would point the child at the wrong SDK), with the CLI's first-run chatter turned off.
    /// </summary>
    private static void PrepareEnvironment(IDictionary<string, string?> environment)
    {
        foreach (string name in environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)
                     || k.Equals("MSBUILD_EXE_PATH", StringComparison.OrdinalIgnoreCase)).ToList())
            environment.Remove(name);
        environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        environment["DOTNET_NOLOGO"] = "1";
        environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        environment["DOTNET_CLI_UI_LANGUAGE"] = "en";
        environment["MSBUILDDISABLENODEREUSE"] = "1";
    }
}
