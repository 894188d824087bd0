using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;
using ScoreNotebooks.Kernel.Tests.Jupyter;
using ScoreNotebooks.Notebooks.Format;
using ScoreNotebooks.Notebooks.Workers;

namespace ScoreNotebooks.Kernel.Tests.Hosts;

/// <summary>
/// Runs each chapter once in each host a reader can use — the runner (a worker process, as
/// <c>dotnet run --project tools/NotebookRunner</c> runs it), the series' kernel under nbconvert, and
/// .NET Interactive 1.0.712001 under nbconvert — and keeps the executed notebooks for the tests that compare them;
/// likewise the browser checks of <see cref="BrowserTests"/>.
/// </summary>
/// <remarks>
/// <para>
/// Two runs at a time. Each run is mostly one thread (the chapters call <c>torch.set_num_threads(1)</c>) and the
/// tests of the collection run one after another, so the fixture does not wait for them to ask: on the first
/// request it queues every run and check they will ask for — the runner's runs of every chapter first (everything
/// else needs them), the runner's second run of the training chapter, the series' kernel's and .NET Interactive's
/// runs of every chapter, then the browser checks — and works through the queue with at most
/// <c>SCORENOTEBOOKS_HOST_RUNS</c> (an environment variable, a whole number from 1; 2 when unset) runs or checks
/// in flight. Each result is kept for the tests, as it was made. A run or check a test is waiting for goes ahead
/// of the queue (<see cref="RunSlots"/>), so a test waits for at most the work that already holds the slots, and
/// a browser check never shares the machine with more than the slots allow. With
/// <c>SCORENOTEBOOKS_HOST_RUNS=1</c> nothing is queued ahead: one run or check at a time, each when a test first
/// asks for it, as before. Work still queued or running when the collection ends (a filtered test run asks for
/// little of it) is cancelled and its processes killed.
/// </para>
/// <para>
/// The per-run time limits are guards against a hung run, not limits on a chapter: a run takes a few minutes
/// alone, and with two in flight, early in CI beside the other test projects, it may take several times that.
/// Each run and check writes into a folder of its own (<see cref="InstalledKernel.NewFolder"/>). .NET Interactive's
/// runs never overlap: its kernel serves HTTP on the first free port of the range its kernelspec gives
/// (2048–3000), and two kernels starting at once both take 2048 to be free, so one fails with "address already in use".
/// </para>
/// <para>
/// .NET Interactive is the local tool pinned in .config/dotnet-tools.json: <c>dotnet tool restore</c> installs it
/// and <c>dotnet interactive jupyter install --path</c> writes its kernelspec into a temporary folder, from which
/// it is copied into the private Jupyter folder as "dotnet-interactive-csharp", so it never replaces a kernelspec
/// of the machine's. Its kernel starts in the chapter's folder, where <c>dotnet interactive</c> finds the local tool.
/// It is installed once: when the queue is made (beside the first runs, outside the slots; a few seconds), or
/// else by its first run.
/// </para>
/// </remarks>
public sealed class HostsFixture : IDisposable
{
    public const string Runner = "the runner";
    public const string SeriesKernel = "the series' kernel";
    public const string DotNetInteractive = ".NET Interactive";
    public const string DotNetInteractiveKernelName = "dotnet-interactive-csharp";

    /// <summary>The environment variable that sets how many runs (and browser checks) may be in flight at once.</summary>
    public const string ConcurrencyVariable = "SCORENOTEBOOKS_HOST_RUNS";

    /// <summary>The chapter that trains a network, which the runner runs a second time.</summary>
    public const string TrainingChapter = "04-denoising-score-matching.ipynb";

    /// <summary>The browser check of nbconvert's HTML page of the runner's executed chapter.</summary>
    public const string HtmlPage = "nbconvert's HTML page in Chromium";

    /// <summary>The browser check that runs the chapter in the classic Notebook UI with the series' kernel.</summary>
    public const string NotebookUi = "the Notebook UI in Chromium";

    /// <summary>The key of the runner's second run of a chapter, apart from the kept one.</summary>
    private const string RunnerAgain = "the runner, a second time";

    private readonly ConcurrentDictionary<(string What, string Chapter), Lazy<Job>> jobs = new();
    private readonly Lazy<Task> interactiveInstalled;
    private readonly RunSlots slots = new(Concurrency());
    private readonly CancellationTokenSource ending = new();
    private int queuedAhead;

    public HostsFixture() => interactiveInstalled = new Lazy<Task>(InstallDotNetInteractiveAsync);

    public ReleaseLibraries Libraries { get; } = new();

    public InstalledKernel Kernel { get; } = new();

    public static TheoryData<string> Chapters()
    {
        var data = new TheoryData<string>();
        foreach (string chapter in ChapterNames()) data.Add(chapter);
        return data;
    }

    private static List<string> ChapterNames() =>
        Directory.EnumerateFiles(Path.Combine(ReleaseLibraries.FindRoot(), "notebooks"), "*.ipynb")
            .Select(path => Path.GetFileName(path)).Order(StringComparer.Ordinal).ToList();

    /// <summary>How many runs may be in flight: <see cref="ConcurrencyVariable"/>, a whole number from 1, or 2.</summary>
    private static int Concurrency()
    {
        string? value = Environment.GetEnvironmentVariable(ConcurrencyVariable);
        if (string.IsNullOrWhiteSpace(value)) return 2;
        return int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int n) && n >= 1
            ? n
            : throw new InvalidOperationException($"{ConcurrencyVariable} must be a whole number from 1, not '{value}'");
    }

    /// <summary>The chapter as <paramref name="host"/> executed it (run once, ahead of the request or on it, then kept).</summary>
    public Task<ExecutedChapter> RunAsync(string host, string chapter)
    {
        QueueAhead();
        // Every test that asks for another host's run compares it with the runner's next.
        if (host != Runner) Run(Runner, chapter, urgent: true);
        return Run(host, chapter, urgent: true);
    }

    /// <summary>The chapter executed by the runner's worker once more, apart from the kept run (run once, then kept).</summary>
    public Task<ExecutedChapter> RunAgainWithRunnerAsync(string chapter)
    {
        QueueAhead();
        return Run(RunnerAgain, chapter, urgent: true);
    }

    /// <summary>
    /// What headless Chromium drew of the runner's executed chapter (<see cref="BrowserTests"/>), as
    /// <see cref="HtmlPage"/> or <see cref="NotebookUi"/> (checked once, ahead of the request or on it, then kept).
    /// </summary>
    public Task<JsonObject> BrowserCheckAsync(string check, string chapter)
    {
        QueueAhead();
        Run(Runner, chapter, urgent: true);
        return Check(check, chapter, urgent: true);
    }

    private Task<ExecutedChapter> Run(string host, string chapter, bool urgent) => Schedule<ExecutedChapter>(host, chapter, urgent, after: null, host switch
    {
        Runner or RunnerAgain => token => RunWithRunnerAsync(chapter, token),
        SeriesKernel => token => RunWithNbconvertAsync(host, chapter, kernelName: null, token),
        DotNetInteractive => token => RunInDotNetInteractiveAsync(chapter, token),
        _ => throw new ArgumentOutOfRangeException(nameof(host), host, "not a host"),
    });

    private Task<JsonObject> Check(string check, string chapter, bool urgent)
    {
        // The check needs the runner's run; it takes its place in the queue once that run has ended.
        var runner = Run(Runner, chapter, urgent: false);
        return Schedule<JsonObject>(check, chapter, urgent, after: runner, check switch
        {
            HtmlPage => async token => await BrowserTests.DrawPageAsync(this, await runner, token),
            NotebookUi => async token => await BrowserTests.RunInNotebookUiAsync(this, await runner, token),
            _ => throw new ArgumentOutOfRangeException(nameof(check), check, "not a browser check"),
        });
    }

    /// <summary>
    /// The job <paramref name="what"/> of <paramref name="chapter"/>: made and queued on the first call, moved ahead
    /// of the work queued ahead of time when <paramref name="urgent"/>.
    /// </summary>
    private Task<T> Schedule<T>(string what, string chapter, bool urgent, Task? after, Func<CancellationToken, Task<T>> work)
    {
        var job = jobs.GetOrAdd((what, chapter), _ => new Lazy<Job>(() =>
        {
            var turn = RunSlots.NewTurn(urgent, exclusive: what == DotNetInteractive ? DotNetInteractive : null);
            return new Job(turn, InTurnAsync(turn, after, work));
        })).Value;
        if (urgent) slots.Promote(job.Turn);
        return (Task<T>)job.Task;
    }

    private async Task<T> InTurnAsync<T>(RunSlots.Turn turn, Task? after, Func<CancellationToken, Task<T>> work)
    {
        if (after is not null) await after;
        await slots.WaitAsync(turn, ending.Token);
        try
        {
            var token = ending.Token;
            token.ThrowIfCancellationRequested();
            return await Task.Run(() => work(token), token);
        }
        finally
        {
            slots.Release(turn);
        }
    }

    /// <summary>On the first request, queues every run and check the tests will ask for, in the order they need them.</summary>
    private void QueueAhead()
    {
        if (slots.Count < 2 || Interlocked.Exchange(ref queuedAhead, 1) != 0) return;
        _ = Task.Run(() =>
        {
            var chapters = ChapterNames();
            foreach (string chapter in chapters) Run(Runner, chapter, urgent: false);
            if (chapters.Contains(TrainingChapter)) Run(RunnerAgain, TrainingChapter, urgent: false);
            // The tests of the other hosts are skipped without Debian's Jupyter stack: nothing to run for them.
            if (!Jupyter.Jupyter.Available || ending.IsCancellationRequested) return;
            // A few seconds of dotnet, beside the first runs, so .NET Interactive's first run does not hold a slot for it.
            _ = interactiveInstalled.Value;
            foreach (string chapter in chapters)
            {
                Run(SeriesKernel, chapter, urgent: false);
                Run(DotNetInteractive, chapter, urgent: false);
            }
            if (!BrowserTests.Available || ending.IsCancellationRequested) return;
            foreach (string chapter in BrowserTests.LiveChapterNames.Where(chapters.Contains))
                Check(NotebookUi, chapter, urgent: false);
            foreach (string chapter in chapters) Check(HtmlPage, chapter, urgent: false);
        });
    }

    /// <summary>A run or check with its place in the queue, which a test that comes to need it moves to the front.</summary>
    private sealed record Job(RunSlots.Turn Turn, Task Task);

    private string Source(string chapter) => Path.Combine(Libraries.Root, "notebooks", chapter);

    private async Task<ExecutedChapter> RunWithRunnerAsync(string chapter, CancellationToken cancellationToken)
    {
        var notebook = NotebookDocument.Load(Source(chapter));
        var result = await NotebookProcess.ExecuteAsync(notebook, Path.GetDirectoryName(Source(chapter))!, cancellationToken: cancellationToken);
        Assert.True(result.Succeeded, $"{chapter} failed in the runner: {result.Failure}");
        string copy = Path.Combine(Kernel.NewFolder("runner"), chapter);
        notebook.Save(copy);
        return new ExecutedChapter(Runner, NotebookDocument.Load(copy), copy);
    }

    private async Task<ExecutedChapter> RunInDotNetInteractiveAsync(string chapter, CancellationToken cancellationToken)
    {
        await interactiveInstalled.Value;
        return await RunWithNbconvertAsync(DotNetInteractive, chapter, DotNetInteractiveKernelName, cancellationToken);
    }

    private async Task<ExecutedChapter> RunWithNbconvertAsync(string host, string chapter, string? kernelName, CancellationToken cancellationToken)
    {
        string output = Kernel.NewFolder("nbconvert");
        var args = new List<string>
        {
            "-m", "nbconvert", "--to", "notebook", "--execute", "--allow-errors", "--output-dir", output,
            "--ExecutePreprocessor.timeout=900", "--ExecutePreprocessor.startup_timeout=180",
        };
        if (kernelName is not null) args.Add($"--ExecutePreprocessor.kernel_name={kernelName}");
        args.Add(Source(chapter));
        // A guard against a hung run, not a time limit on the chapter: a run takes a few minutes alone, and it may
        // share the machine's cores with another run and, early in CI, with the other test projects.
        var (code, stdout, stderr) = await Kernel.RunPythonAsync(args, Libraries.Root, TimeSpan.FromMinutes(30), new Dictionary<string, string>
        {
            ["DOTNET_INTERACTIVE_CLI_TELEMETRY_OPTOUT"] = "1", ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1", ["DOTNET_NOLOGO"] = "1",
        }, cancellationToken);
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

    /// <summary>Cancels the runs no test asked for (killing their processes), waits for them to end, then deletes the folders.</summary>
    public void Dispose()
    {
        ending.Cancel();
        var started = jobs.Values.Where(job => job.IsValueCreated).Select(job => job.Value.Task).ToList();
        if (interactiveInstalled.IsValueCreated) started.Add(interactiveInstalled.Value);
        try
        {
            Task.WaitAll(started.ToArray(), TimeSpan.FromMinutes(2));
        }
        catch (AggregateException)
        {
            // Cancelled runs, and any failure a test has reported already.
        }
        ending.Dispose();
        Kernel.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class HostsCollection : ICollectionFixture<HostsFixture>
{
    public const string Name = "chapters in every host";
}
