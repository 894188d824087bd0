using System.Diagnostics;
using ScoreNotebooks.Notebooks.Execution;
using ScoreNotebooks.Notebooks.Format;
using ScoreNotebooks.Notebooks.Running;

namespace ScoreNotebooks.Notebooks.Workers;

/// <summary>
/// Runs a notebook top to bottom in a worker process of its own (a <see cref="WorkerSession"/>), as
/// <see cref="NotebookExecutor"/> runs it in this process, so that whatever a cell does — <c>Environment.Exit</c>,
/// <c>Environment.FailFast</c>, a stack overflow, a crash in native code, a foreground thread that never ends,
/// exhausting memory — fails only that notebook.
/// </summary>
/// <remarks>
/// The outputs are written into the caller's <see cref="NotebookDocument"/> cell by cell. The first failing
/// cell stops the run, as "Run All" does; when the worker ended during a cell, that cell keeps the outputs it
/// had made and gets an error output that names the cause (the exit code or signal, an Environment.Exit call,
/// the memory cap, an unhandled exception), and the cells after it keep no outputs.
/// A worker that ran a notebook to its end can run another (<see cref="CanRunAnother"/>): each notebook gets a
/// new script session, so only what the libraries keep in static fields carries over, as it would in one
/// Jupyter kernel; a caller that must keep notebooks apart (a grader, with one submission per worker) starts a
/// new worker for each.
/// </remarks>
public sealed class NotebookProcess : IAsyncDisposable
{
    private readonly WorkerSession session;
    private int running;
    private bool lastRunFinished;
    private bool used;

    private NotebookProcess(WorkerSession session) => this.session = session;

    /// <summary>The largest resident memory of the worker seen so far, in bytes.</summary>
    public long PeakResidentBytes => session.PeakResidentBytes;

    /// <summary>The worker's resident memory at the last look, in bytes.</summary>
    public long ResidentBytesNow => session.ResidentBytesNow;

    /// <summary>
    /// Whether the last notebook ran every cell without error and the worker is still running, so it can take the
    /// next notebook. After a failed cell the worker is not offered again: a cell that timed out may still be
    /// running, and one that failed may have left the process in any state.
    /// </summary>
    public bool CanRunAnother => lastRunFinished && session.Ending is null && Volatile.Read(ref running) == 0;

    /// <summary>Starts a worker process, which connects and prepares the compiler while it waits for a notebook.</summary>
    /// <param name="options">Time limit, memory cap and worker program; null for the defaults.</param>
    /// <returns>The started process, for <see cref="RunAsync"/>.</returns>
    /// <exception cref="FileNotFoundException">The worker program is missing.</exception>
    public static NotebookProcess Start(NotebookProcessOptions? options = null)
    {
        return new NotebookProcess(WorkerSession.Start(options));
    }

    /// <summary>Runs <paramref name="notebook"/> in a new worker process and returns when it has finished or ended.</summary>
    /// <param name="notebook">The notebook; its code cells' outputs are replaced.</param>
    /// <param name="directory">The notebook's folder, its working directory.</param>
    /// <param name="options">Time limit, memory cap and worker program; null for the defaults.</param>
    /// <param name="progress">Told before each code cell runs; may be null.</param>
    /// <param name="cancellationToken">Stops the worker; the notebook then fails as interrupted.</param>
    /// <returns>The outcome, as <see cref="NotebookExecutor"/> gives it.</returns>
    public static async Task<NotebookRunResult> ExecuteAsync(NotebookDocument notebook, string directory,
        NotebookProcessOptions? options = null, IProgress<CellProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        await using var process = Start(options);
        return await process.RunAsync(notebook, directory, progress, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs <paramref name="notebook"/> in this worker, in a new script session.</summary>
    /// <param name="notebook">The notebook; its code cells' outputs are replaced.</param>
    /// <param name="directory">The notebook's folder, its working directory.</param>
    /// <param name="progress">Told before each code cell runs; may be null.</param>
    /// <param name="cancellationToken">Stops the worker; the notebook then fails as interrupted.</param>
    /// <returns>Whether every cell succeeded, which one failed and why, the time taken and the figures.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="InvalidOperationException">This worker is running a notebook, or its last notebook failed.</exception>
    public async Task<NotebookRunResult> RunAsync(NotebookDocument notebook, string directory,
        IProgress<CellProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(notebook);
        ArgumentNullException.ThrowIfNull(directory);
        if (Interlocked.Exchange(ref running, 1) != 0)
            throw new InvalidOperationException("the worker is running a notebook; start another worker for a second one");
        try
        {
            if (used && !lastRunFinished)
                throw new InvalidOperationException("the worker's last notebook failed; start a new worker for the next");
            used = true;
            var result = await RunInSessionAsync(notebook, directory, progress, cancellationToken).ConfigureAwait(false);
            lastRunFinished = result.Succeeded;
            return result;
        }
        finally
        {
            Volatile.Write(ref running, 0);
        }
    }

    private async Task<NotebookRunResult> RunInSessionAsync(NotebookDocument notebook, string directory,
        IProgress<CellProgress>? progress, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var codeCells = notebook.Cells.Where(c => c.IsCode).ToList();
        foreach (var cell in codeCells) cell.ClearOutputs();
        var figures = new List<RecordedFigure>();
        if (await session.OpenAsync(directory, cancellationToken).ConfigureAwait(false) is { } problem)
            return new NotebookRunResult(false, 0, codeCells.Count, null, $"the notebook did not start: {problem}", clock.Elapsed, figures);
        int run = 0;
        for (int k = 0; k < codeCells.Count; k++)
        {
            var cell = codeCells[k];
            progress?.Report(new CellProgress(k + 1, codeCells.Count, cell.Number));
            var result = await session.ExecuteAsync(cell.Number, cell.Source, cell.KernelLanguage ?? notebook.DefaultLanguage,
                cancellationToken: cancellationToken).ConfigureAwait(false);
            if (result.Status == CellStatus.NotRun) continue;
            run++;
            cell.SetOutputs(result.Outputs.Select(o => (System.Text.Json.Nodes.JsonObject)o.DeepClone()), result.ExecutionCount);
            figures.AddRange(result.Figures);
            if (result.Status == CellStatus.Failed)
                return new NotebookRunResult(false, run, codeCells.Count, cell.Number, result.Failure ?? $"cell {cell.Number} failed",
                    clock.Elapsed, figures);
        }
        return new NotebookRunResult(true, run, codeCells.Count, null, null, clock.Elapsed, figures);
    }

    /// <summary>Stops the worker if it is still running and frees its resources.</summary>
    public ValueTask DisposeAsync() => session.DisposeAsync();
}
