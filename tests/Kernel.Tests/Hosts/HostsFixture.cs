using System.Collections.Concurrent;
using System.Diagnostics;
using ScoreNotebooks.Kernel.Tests.Jupyter;
using ScoreNotebooks.Notebooks.Format;
using ScoreNotebooks.Notebooks.Workers;

namespace ScoreNotebooks.Kernel.Tests.Hosts;

/// <summary>
/// Runs each chapter once in each host a reader can use — the runner (a worker process, as
/// <c>dotnet run --project tools/NotebookRunner</c> runs it), the series' kernel under nbconvert, and
/// .NET Interactive 1.0.712001 under nbconvert — on first request, and keeps the executed notebooks for the
/// tests that compare them.
/// </summary>
/// <remarks>
/// .NET Interactive is the local tool pinned in .config/dotnet-tools.json: <c>dotnet tool restore</c> installs it
/// and <c>dotnet interactive jupyter install --path</c> writes its kernelspec into a temporary folder, from which
/// it is copied into the private Jupyter folder as "dotnet-interactive-csharp", so it never replaces a kernelspec
/// of the machine's. Its kernel starts in the chapter's folder, where <c>dotnet interactive</c> finds the local tool.
/// </remarks>
public sealed class HostsFixture : IDisposable
{
    public const string Runner = "the runner";
    public const string SeriesKernel = "the series' kernel";
    public const string DotNetInteractive = ".NET Interactive";
    public const string DotNetInteractiveKernelName = "dotnet-interactive-csharp";

    private readonly ConcurrentDictionary<(string Host, string Chapter), Lazy<Task<ExecutedChapter>>> runs = new();
    private readonly Lazy<Task> interactiveInstalled;

    public HostsFixture() => interactiveInstalled = new Lazy<Task>(InstallDotNetInteractiveAsync);

    public ReleaseLibraries Libraries { get; } = new();

    public InstalledKernel Kernel { get; } = new();

    public static TheoryData<string> Chapters()
    {
        var data = new TheoryData<string>();
        foreach (string path in Directory.EnumerateFiles(Path.Combine(ReleaseLibraries.FindRoot(), "notebooks"), "*.ipynb").Order(StringComparer.Ordinal))
            data.Add(Path.GetFileName(path));
        return data;
    }

    /// <summary>The chapter as <paramref name="host"/> executed it (run on the first request, then kept).</summary>
    public Task<ExecutedChapter> RunAsync(string host, string chapter) =>
        runs.GetOrAdd((host, chapter), key => new Lazy<Task<ExecutedChapter>>(() => host switch
        {
            Runner => RunWithRunnerAsync(chapter),
            SeriesKernel => RunWithNbconvertAsync(host, chapter, kernelName: null),
            DotNetInteractive => RunInDotNetInteractiveAsync(chapter),
            _ => throw new ArgumentOutOfRangeException(nameof(host), host, "not a host"),
        })).Value;

    private string Source(string chapter) => Path.Combine(Libraries.Root, "notebooks", chapter);

    /// <summary>The chapter executed by the runner's worker once more, apart from the kept run.</summary>
    public Task<ExecutedChapter> RunAgainWithRunnerAsync(string chapter) => RunWithRunnerAsync(chapter);

    private async Task<ExecutedChapter> RunWithRunnerAsync(string chapter)
    {
        var notebook = NotebookDocument.Load(Source(chapter));
        var result = await NotebookProcess.ExecuteAsync(notebook, Path.GetDirectoryName(Source(chapter))!);
        Assert.True(result.Succeeded, $"{chapter} failed in the runner: {result.Failure}");
        string copy = Path.Combine(Kernel.NewFolder("runner"), chapter);
        notebook.Save(copy);
        return new ExecutedChapter(Runner, NotebookDocument.Load(copy), copy);
    }

    private async Task<ExecutedChapter> RunInDotNetInteractiveAsync(string chapter)
    {
        await interactiveInstalled.Value;
        return await RunWithNbconvertAsync(DotNetInteractive, chapter, DotNetInteractiveKernelName);
    }

    private async Task<ExecutedChapter> RunWithNbconvertAsync(string host, string chapter, string? kernelName)
    {
        string output = Kernel.NewFolder("nbconvert");
        var args = new List<string>
        {
            "-m", "nbconvert", "--to", "notebook", "--execute", "--allow-errors", "--output-dir", output,
            "--ExecutePreprocessor.timeout=900", "--ExecutePreprocessor.startup_timeout=180",
        };
        if (kernelName is not null) args.Add($"--ExecutePreprocessor.kernel_name={kernelName}");
        args.Add(Source(chapter));
        var (code, stdout, stderr) = await Kernel.RunPythonAsync(args, Libraries.Root, TimeSpan.FromMinutes(15), new Dictionary<string, string>
        {
            ["DOTNET_INTERACTIVE_CLI_TELEMETRY_OPTOUT"] = "1", ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1", ["DOTNET_NOLOGO"] = "1",
        });
        Assert.True(code == 0, $"nbconvert with {host} exited with {code}:\n{stderr}\n{stdout}");
        string copy = Path.Combine(output, chapter);
        return new ExecutedChapter(host, NotebookDocument.Load(copy), copy);
    }

    private async Task InstallDotNetInteractiveAsync()
    {
        await DotnetAsync("tool", "restore");
        string specs = Kernel.NewFolder("dotnet-interactive-kernelspecs");
        await DotnetAsync("interactive", "jupyter", "install", "--path", specs);
        string target = Path.Combine(Kernel.DataDirectory, "kernels", DotNetInteractiveKernelName);
        Directory.Move(Path.Combine(specs, ".net-csharp"), target);
    }

    private async Task DotnetAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Libraries.Root, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (string arg in args) start.ArgumentList.Add(arg);
        start.Environment["DOTNET_INTERACTIVE_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"dotnet {string.Join(' ', args)} exited with {process.ExitCode}:\n{await errors}\n{await output}");
    }

    public void Dispose() => Kernel.Dispose();
}

[CollectionDefinition(Name)]
public sealed class HostsCollection : ICollectionFixture<HostsFixture>
{
    public const string Name = "chapters in every host";
}
