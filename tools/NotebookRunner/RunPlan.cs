using System.Collections.Concurrent;
using ScoreNotebooks.Notebooks.Files;
using ScoreNotebooks.Notebooks.Running;
using ScoreNotebooks.Notebooks.Workers;

namespace ScoreNotebooks.NotebookRunner;

/// <summary>
/// Runs the notebooks of one command, up to <see cref="RunnerOptions.Jobs"/> at a time in lanes, each lane in a
/// worker process, and writes each notebook's executed copy and figures as it finishes.
/// </summary>
/// <remarks>
/// A lane's worker runs its notebooks one after another, each in a new script session, and is replaced after a
/// notebook that failed (the next starts in a new process) or that left it holding half the memory cap. With
/// <see cref="RunnerOptions.FreshProcess"/> every notebook gets a new process, started while the one before runs
/// so that it loads the compiler meanwhile. The first workers start before the libraries are built. With one lane
/// the progress is printed under each notebook's name; with several, every line names its notebook.
/// </remarks>
internal sealed class RunPlan(IReadOnlyList<NotebookTarget> targets, RunnerOptions options, TextWriter output, TextWriter errors)
    : IAsyncDisposable
{
    private readonly NotebookProcessOptions processOptions = new()
    {
        CellTimeout = TimeSpan.FromSeconds(options.TimeoutSeconds),
        MemoryCapBytes = (long)options.MemoryMegabytes << 20,
    };
    private readonly ConcurrentQueue<int> pending = new(Enumerable.Range(0, targets.Count));
    private readonly Lock writing = new();
    private readonly List<NotebookProcess> first = [];
    private int Lanes => Math.Min(options.Jobs, targets.Count);

    /// <summary>Starts one worker per lane; returns null, or why no worker can start.</summary>
    public string? StartWorkers()
    {
        try
        {
            for (int lane = 0; lane < Lanes; lane++) first.Add(NotebookProcess.Start(processOptions));
            return null;
        }
        catch (FileNotFoundException error)
        {
            return error.Message;
        }
    }

    /// <summary>Runs every notebook; returns the table's rows in the notebooks' order, the executed copies written, and
    /// whether the run was interrupted.</summary>
    public async Task<(IReadOnlyList<ResultRow> Rows, IReadOnlyList<string> Written, bool Interrupted)> RunAsync(
        FigureWriter figures, CancellationToken cancellationToken)
    {
        var rows = new ResultRow?[targets.Count];
        var written = new ConcurrentBag<(int Index, string Path)>();
        await Task.WhenAll(first.Select(worker => LaneAsync(worker, rows, written, figures, cancellationToken))).ConfigureAwait(false);
        first.Clear();
        return (rows.OfType<ResultRow>().ToList(), written.OrderBy(w => w.Index).Select(w => w.Path).ToList(),
            cancellationToken.IsCancellationRequested);
    }

    private async Task LaneAsync(NotebookProcess? worker, ResultRow?[] rows, ConcurrentBag<(int, string)> written,
        FigureWriter figures, CancellationToken cancellationToken)
    {
        NotebookProcess? spare = null;
        try
        {
            while (!cancellationToken.IsCancellationRequested && pending.TryDequeue(out int index))
            {
                worker ??= spare ?? NotebookProcess.Start(processOptions);
                spare = null;
                // With a new process for every notebook, the lane's next one starts now and loads the compiler meanwhile.
                if (options.FreshProcess && !pending.IsEmpty) spare = NotebookProcess.Start(processOptions);
                var target = targets[index];
                Say(target, index, $"[{index + 1}/{targets.Count}] {target.Name}", heading: true);
                var progress = new Reporter<CellProgress>(p =>
                    Say(target, index, $"code cell {p.CodeCellIndex} of {p.CodeCellCount} (cell {p.CellNumber})"));
                var result = await worker.RunAsync(target.Notebook, Path.GetDirectoryName(target.Source)!, progress, cancellationToken)
                    .ConfigureAwait(false);
                if (cancellationToken.IsCancellationRequested)
                {
                    rows[index] = new ResultRow(target.Name, result.CellsRun, result.CodeCells, result.Elapsed.TotalSeconds, "interrupted");
                    break;
                }
                if (!Reusable(worker))
                {
                    await worker.DisposeAsync().ConfigureAwait(false);
                    worker = null;
                }
                rows[index] = await WriteResultsAsync(target, index, result, figures, written).ConfigureAwait(false);
            }
        }
        finally
        {
            if (worker is not null) await worker.DisposeAsync().ConfigureAwait(false);
            if (spare is not null) await spare.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Whether a lane's worker takes the lane's next notebook: only after a notebook that ran to its end, and while
    /// the process holds less than half the memory cap, so that what the last notebook left cannot crowd the next.
    /// </summary>
    private bool Reusable(NotebookProcess worker) =>
        !options.FreshProcess && worker.CanRunAnother && worker.ResidentBytesNow < processOptions.MemoryCapBytes / 2;

    private async Task<ResultRow> WriteResultsAsync(NotebookTarget target, int index, NotebookRunResult result, FigureWriter figures,
        ConcurrentBag<(int, string)> written)
    {
        string status = result.Succeeded ? "ok" : result.FailedCellNumber is int cell ? $"FAILED at cell {cell}" : "FAILED to start";
        if (!result.Succeeded)
            Error($"{target.Name}: {result.Failure}");
        try
        {
            bool changed = target.CopyPath == RealPath.Of(target.Source) && target.ChangedOnDisk();
            if (changed)
            {
                Error($"{target.Name}: the file changed on disk while it ran, so it was not overwritten; run it again to write the outputs into it");
                status = "not written (changed on disk)";
            }
            else
            {
                target.Notebook.Save(target.CopyPath);
                written.Add((index, target.CopyPath));
            }
            var files = await figures.WriteAsync(result.Figures, target.FigureFolder).ConfigureAwait(false);
            string what = string.Join(" and ", new[]
            {
                changed ? null : Relative(target.CopyPath),
                files.Count > 0 ? $"{files.Count} figure file{(files.Count == 1 ? "" : "s")} in {Relative(target.FigureFolder)}" : null,
            }.OfType<string>());
            if (what.Length > 0) Say(target, index, $"wrote {what}");
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            Error($"{target.Name}: cannot write the results ({error.Message})");
            status = "FAILED to write";
        }
        return new ResultRow(target.Name, result.CellsRun, result.CodeCells, result.Elapsed.TotalSeconds, status);
    }

    private void Say(NotebookTarget target, int index, string line, bool heading = false)
    {
        lock (writing)
        {
            if (Lanes == 1) output.WriteLine(heading ? line : $"    {line}");
            else if (!heading) output.WriteLine($"[{index + 1}/{targets.Count}] {target.Name}: {line}");
        }
    }

    private void Error(string line)
    {
        lock (writing) errors.WriteLine(line);
    }

    private static string Relative(string path) => Path.GetRelativePath(Environment.CurrentDirectory, path);

    /// <summary>Stops the workers that were started and not used.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var worker in first) await worker.DisposeAsync().ConfigureAwait(false);
        first.Clear();
    }

    private sealed class Reporter<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
