using System.Diagnostics;
using System.Text.Json.Nodes;
using ScoreNotebooks.Notebooks.Execution;
using ScoreNotebooks.Notebooks.Format;

namespace ScoreNotebooks.Notebooks.Workers;

/// <summary>
/// A live C# script session in a supervised worker process: cells sent one at a time run there, as in
/// a <see cref="ScriptSession"/>, while this side watches the process's memory and each cell's time.
/// </summary>
/// <remarks>
/// <para>Whatever a cell does to its process — <c>Environment.Exit</c>, <c>Environment.FailFast</c>, a stack
/// overflow, a crash in native code, exhausting memory — ends only the worker: the cell's result then holds
/// the outputs it made before and an error output naming the cause (<see cref="WorkerCellResult.Ending"/>),
/// and every later cell is not run.</para>
/// <para>The worker starts at once and loads the compiler while it waits, so a session started ahead
/// (<see cref="Start"/>) hides most of its start-up. <see cref="NotebookProcess"/> runs whole notebooks on it;
/// a grader drives it cell by cell.</para>
/// </remarks>
public sealed class WorkerSession : IAsyncDisposable
{
    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan WatchInterval = TimeSpan.FromMilliseconds(100);
    private readonly NotebookProcessOptions options;
    private readonly WorkerLaunch launch;
    private readonly CancellationTokenSource lifetime = new();
    private readonly Task watch;
    private readonly Stopwatch cellClock = new();
    private WorkerChannel? channel;
    private WorkerEnding? stopped;
    private string? lastWords;
    private int executionCount;
    private bool opened;

    private WorkerSession(NotebookProcessOptions options, WorkerLaunch launch)
    {
        this.options = options;
        this.launch = launch;
        watch = WatchAsync(lifetime.Token);
    }

    /// <summary>Why the worker's process ended, or null while it runs.</summary>
    public WorkerEnding? Ending { get; private set; }

    /// <summary>The largest resident memory of the worker seen so far, in bytes.</summary>
    public long PeakResidentBytes { get; private set; }

    /// <summary>The worker's resident memory at the last look (every 100 ms), in bytes.</summary>
    public long ResidentBytesNow { get; private set; }

    /// <summary>Starts a worker process, which connects and prepares the compiler while it waits.</summary>
    /// <param name="options">Time limit per cell, memory cap and worker program; null for the defaults.</param>
    /// <returns>The started worker; <see cref="OpenAsync"/> opens its script session.</returns>
    /// <exception cref="FileNotFoundException">The worker program is missing.</exception>
    public static WorkerSession Start(NotebookProcessOptions? options = null)
    {
        options ??= new NotebookProcessOptions();
        return new WorkerSession(options, WorkerLaunch.Start(options.WorkerAssembly, options.MemoryCapBytes, options.Sandbox));
    }

    /// <summary>
    /// Opens a script session, with <paramref name="directory"/> as the working directory of its cells. Called
    /// again, it drops the session before (its variables, types and outputs) and the worker frees its memory, so
    /// the next notebook runs in a process that has already loaded the compiler and libraries.
    /// </summary>
    /// <param name="directory">An existing folder (a notebook's folder).</param>
    /// <param name="cancellationToken">Stops the worker.</param>
    /// <returns>Null when the session is open, else why not (the worker did not start or has ended, or the folder does
    /// not exist).</returns>
    public async Task<string?> OpenAsync(string directory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(directory);
        if (Ending is not null) return $"{Ending.Name}: the worker has ended: {Ending.Cause}";
        opened = true;
        executionCount = 0;
        try
        {
            channel ??= await ConnectAsync(cancellationToken).ConfigureAwait(false);
            if (channel is null) return $"{Ending!.Name}: {Ending.Cause}";
            channel.Send(WorkerMessages.StartSession(Path.GetFullPath(directory)));
            while (await channel.ReceiveAsync(cancellationToken).ConfigureAwait(false) is { } message)
            {
                switch (WorkerMessages.Text(message, "type"))
                {
                    case WorkerMessages.Started:
                        return WorkerMessages.Text(message, "problem");
                    case WorkerMessages.Ending:
                        lastWords = WorkerMessages.Text(message, "reason");
                        break;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Stop(WorkerEnding.Interrupted());
        }
        catch (Exception error) when (error is InvalidDataException or IOException)
        {
            Stop(new WorkerEnding("ProcessExited", $"the worker sent something unreadable ({error.Message})"));
        }
        Ending ??= await EndingAsync().ConfigureAwait(false);
        return $"{Ending.Name}: the worker ended before its session opened: {Ending.Cause}";
    }

    /// <summary>Runs one cell and returns when it has finished, or when the worker has ended.</summary>
    /// <param name="cellNumber">The cell's 1-based number in its notebook, as messages and figures name it.</param>
    /// <param name="source">The cell's source, directives included.</param>
    /// <param name="language">The language the notebook's metadata gives the cell, or null for C#.</param>
    /// <param name="onOutput">Receives each output as the worker reports it (stream text in pieces); may be null.</param>
    /// <param name="cancellationToken">Stops the worker; the cell then ends as interrupted.</param>
    /// <returns>The cell's outputs and status; <see cref="CellStatus.NotRun"/> when the worker had already ended.</returns>
    /// <exception cref="InvalidOperationException">The session was not opened.</exception>
    public async Task<WorkerCellResult> ExecuteAsync(int cellNumber, string source, string? language = null,
        Action<JsonObject>? onOutput = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (!opened) throw new InvalidOperationException("open the worker's script session first (OpenAsync)");
        if (Ending is not null || channel is null) return new WorkerCellResult(CellStatus.NotRun, null, [], [], Ending);
        var partial = new PartialOutputs();
        cellClock.Restart();
        try
        {
            channel.Send(WorkerMessages.ExecuteCell(cellNumber, source, language, options.CellTimeout));
            while (await channel.ReceiveAsync(cancellationToken).ConfigureAwait(false) is { } message)
            {
                switch (WorkerMessages.Text(message, "type"))
                {
                    case WorkerMessages.Output when message["output"] is JsonObject output:
                        partial.Add(output);
                        onOutput?.Invoke(output);
                        break;
                    case WorkerMessages.Ending:
                        lastWords = WorkerMessages.Text(message, "reason");
                        break;
                    case WorkerMessages.Completed when WorkerMessages.Int(message, "cell") == cellNumber:
                        return Completed(message);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Stop(WorkerEnding.Interrupted());
        }
        catch (Exception error) when (error is InvalidDataException or IOException)
        {
            Stop(new WorkerEnding("ProcessExited", $"the worker sent something unreadable ({error.Message})"));
        }
        finally
        {
            cellClock.Reset();
        }
        Ending ??= await EndingAsync().ConfigureAwait(false);
        return EndedIn(cellNumber, partial.Outputs, Ending);
    }

    /// <summary>Stops the worker if it is still running and frees its resources.</summary>
    public async ValueTask DisposeAsync()
    {
        await lifetime.CancelAsync().ConfigureAwait(false);
        await watch.ConfigureAwait(false);
        launch.Dispose();
        lifetime.Dispose();
    }

    private WorkerCellResult Completed(JsonObject message)
    {
        var status = Enum.TryParse(WorkerMessages.Text(message, "status"), out CellStatus s) ? s : CellStatus.Failed;
        int? count = WorkerMessages.Int(message, "executionCount");
        executionCount = count ?? executionCount;
        var outputs = (message["outputs"] as JsonArray ?? []).OfType<JsonObject>().Select(o => (JsonObject)o.DeepClone()).ToList();
        return new WorkerCellResult(status, count, outputs, WorkerMessages.Figures(message), null);
    }

    /// <summary>The cell during which the worker ended: what it made so far, then an error output naming the cause.</summary>
    private WorkerCellResult EndedIn(int cellNumber, IReadOnlyList<JsonObject> partial, WorkerEnding ending)
    {
        string cause = $"cell {cellNumber} ended the notebook's process: {ending.Cause}; the cells after it did not run";
        var traceback = new JsonArray($"{ending.Name} in {cause}");
        var lines = launch.ErrorTail.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (lines.Length > 0)
        {
            const int shown = 12;
            traceback.Add("the process's last words on standard error:");
            foreach (string line in lines.Take(shown)) traceback.Add($"  {line}");
            if (lines.Length > shown) traceback.Add($"  … {lines.Length - shown} more lines");
        }
        var outputs = partial.ToList();
        outputs.Add(new JsonObject { ["ename"] = ending.Name, ["evalue"] = cause, ["output_type"] = "error", ["traceback"] = traceback });
        return new WorkerCellResult(CellStatus.Failed, ++executionCount, outputs, [], ending);
    }

    private async Task<WorkerChannel?> ConnectAsync(CancellationToken cancellationToken)
    {
        var connection = launch.Connection;
        var limit = Task.Delay(StartLimit, cancellationToken);
        if (await Task.WhenAny(connection, limit).ConfigureAwait(false) == connection && await connection.ConfigureAwait(false) is { } connected)
            return connected;
        cancellationToken.ThrowIfCancellationRequested();
        if (!connection.IsCompleted)
            Stop(new WorkerEnding("ProcessExited", $"the worker process did not connect within {StartLimit.TotalSeconds:F0} s and was stopped"));
        Ending ??= await EndingAsync().ConfigureAwait(false);
        return null;
    }

    /// <summary>Stops the worker, remembering why; the first reason given is the one kept.</summary>
    private void Stop(WorkerEnding reason)
    {
        Interlocked.CompareExchange(ref stopped, reason, null);
        launch.Kill();
    }

    /// <summary>Why the worker ended: the reason it was stopped for, or what it said and how its process exited.</summary>
    private async Task<WorkerEnding> EndingAsync()
    {
        if (stopped is not null) return stopped;
        if (!await ExitedAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false))
        {
            launch.Kill();
            return stopped ?? new WorkerEnding("ProcessExited", lastWords ?? "the worker closed its connection without finishing the cell");
        }
        if (stopped is not null) return stopped;
        // The last lines of standard error arrive after the exit is seen.
        launch.Process.WaitForExit();
        return WorkerEnding.Exited(lastWords, launch.Process.ExitCode, launch.ErrorTail);
    }

    private async Task<bool> ExitedAsync(TimeSpan limit)
    {
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            await launch.Process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Watches the worker's memory and the running cell's time, and stops a worker past either.</summary>
    private async Task WatchAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(WatchInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                long resident = ResidentBytes();
                ResidentBytesNow = resident;
                PeakResidentBytes = Math.Max(PeakResidentBytes, resident);
                if (resident > options.MemoryCapBytes)
                    Stop(WorkerEnding.MemoryCap(options.MemoryCapBytes, resident));
                // The worker stops a cell at its limit itself; this catches only a stopped or wedged process.
                else if (options.CellTimeout != Timeout.InfiniteTimeSpan && cellClock.Elapsed > options.CellTimeout + options.UnresponsiveGrace)
                    Stop(WorkerEnding.Timeout(options.CellTimeout));
            }
        }
        catch (OperationCanceledException)
        {
            // The session is being disposed.
        }
    }

    private long ResidentBytes()
    {
        try
        {
            launch.Process.Refresh();
            if (launch.Process.HasExited) return 0;
            // Inside a sandbox the process is the wrapper; the worker and whatever it started are its descendants.
            return options.Sandbox is null ? launch.Process.WorkingSet64 : ProcessTree.ResidentBytes(launch.Process.Id);
        }
        catch (InvalidOperationException)
        {
            return 0;
        }
    }

    /// <summary>The outputs a cell made so far; pieces of one stream written in a row are one output, as front ends join them.</summary>
    private sealed class PartialOutputs
    {
        public List<JsonObject> Outputs { get; } = [];

        public void Add(JsonObject output)
        {
            if ((string?)output["output_type"] == "stream" && Outputs.LastOrDefault() is { } last
                && (string?)last["output_type"] == "stream" && (string?)last["name"] == (string?)output["name"])
            {
                last["text"] = NotebookText.ToJsonLines(NotebookText.Join(last["text"]) + NotebookText.Join(output["text"]));
                return;
            }
            Outputs.Add((JsonObject)output.DeepClone());
        }
    }
}
