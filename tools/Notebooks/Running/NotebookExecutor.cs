using System.Diagnostics;
using ScoreNotebooks.Notebooks.Execution;
using ScoreNotebooks.Notebooks.Format;

namespace ScoreNotebooks.Notebooks.Running;

/// <summary>
/// Runs every code cell of a notebook top to bottom in one fresh <see cref="ScriptSession"/>, as
/// "Run All" does, and writes the outputs into the notebook.
/// </summary>
/// <remarks>
/// Outputs and execution counts of all code cells are cleared first; each cell that runs gets its
/// outputs in nbformat form. The first failing cell stops the run with an <c>error</c> output, and
/// the cells after it keep no outputs and no execution count. Markdown and raw cells, ids,
/// metadata and attachments are untouched.
/// </remarks>
public static class NotebookExecutor
{
    /// <summary>Runs a notebook loaded from a file, with the file's folder as its working directory.</summary>
    /// <param name="notebook">The notebook (from <see cref="NotebookDocument.Load"/>); its code cells' outputs are replaced.</param>
    /// <param name="options">Time limit and progress; null for the defaults.</param>
    /// <param name="cancellationToken">Stops the run at the current cell.</param>
    /// <returns>Whether every cell succeeded, which one failed, the time taken and the figures.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="notebook"/> is null.</exception>
    /// <exception cref="ArgumentException">The notebook was parsed from text and has no folder:
    /// use the overload that takes the directory.</exception>
    public static Task<NotebookRunResult> ExecuteAsync(NotebookDocument notebook,
        NotebookExecutionOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(notebook);
        string directory = notebook.Directory
            ?? throw new ArgumentException("the notebook was not loaded from a file; pass the directory it runs in", nameof(notebook));
        return ExecuteAsync(notebook, directory, options, cancellationToken);
    }

    /// <summary>Runs <paramref name="notebook"/> with <paramref name="directory"/> as its working directory.</summary>
    /// <param name="notebook">The notebook; its code cells' outputs are replaced.</param>
    /// <param name="directory">The notebook's folder: relative <c>#r</c> paths and file access resolve against it.</param>
    /// <param name="options">Time limit and progress; null for the defaults.</param>
    /// <param name="cancellationToken">Stops the run at the current cell.</param>
    /// <returns>Whether every cell succeeded, which one failed, the time taken and the figures.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="notebook"/> is null.</exception>
    /// <exception cref="DirectoryNotFoundException"><paramref name="directory"/> does not exist.</exception>
    public static async Task<NotebookRunResult> ExecuteAsync(NotebookDocument notebook, string directory,
        NotebookExecutionOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(notebook);
        options ??= new NotebookExecutionOptions();
        var clock = Stopwatch.StartNew();
        var session = new ScriptSession(directory);
        var codeCells = notebook.Cells.Where(c => c.IsCode).ToList();
        foreach (var cell in codeCells) cell.ClearOutputs();
        string? notebookLanguage = notebook.DefaultLanguage;
        int run = 0;
        for (int k = 0; k < codeCells.Count; k++)
        {
            NotebookCell cell = codeCells[k];
            options.Progress?.Report(new CellProgress(k + 1, codeCells.Count, cell.Number));
            var result = await session.ExecuteAsync(cell.Source, cell.Number, cell.KernelLanguage ?? notebookLanguage,
                timeout: options.CellTimeout, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (result.Status == CellStatus.NotRun) continue;
            run++;
            cell.SetOutputs(result.Outputs.Select(o => o.ToNbformat(result.ExecutionCount)), result.ExecutionCount);
            if (result.Status == CellStatus.Failed)
            {
                string failure = result.Error?.Traceback.FirstOrDefault() ?? $"cell {cell.Number} failed";
                return new NotebookRunResult(false, run, codeCells.Count, cell.Number, failure, clock.Elapsed, session.Figures);
            }
        }
        return new NotebookRunResult(true, run, codeCells.Count, null, null, clock.Elapsed, session.Figures);
    }
}
