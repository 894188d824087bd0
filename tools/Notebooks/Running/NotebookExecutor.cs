using System.Diagnostics;
using System.Text.Json.Nodes;
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
/// the cells after it keep no outputs. Markdown cells, ids, metadata and attachments are untouched.
/// </remarks>
public static class NotebookExecutor
{
    /// <summary>Runs <paramref name="notebook"/> with <paramref name="directory"/> as its working directory.</summary>
    /// <param name="notebook">The notebook; its code cells' outputs are replaced.</param>
    /// <param name="directory">The notebook's folder: relative <c>#r</c> paths and file access resolve against it.</param>
    /// <param name="options">Time limit and progress; null for the defaults.</param>
    /// <param name="cancellationToken">Stops the run at the current cell.</param>
    /// <returns>Whether every cell succeeded, which one failed, the time taken and the figures.</returns>
    public static async Task<NotebookRunResult> ExecuteAsync(Notebook notebook, string directory,
        NotebookExecutionOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(notebook);
        options ??= new NotebookExecutionOptions();
        if (options.CellTimeout <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(options), options.CellTimeout, "the cell timeout must be > 0");
        var clock = Stopwatch.StartNew();
        var session = new ScriptSession(directory);
        var codeCells = notebook.Cells.Where(c => c.CellType == "code").ToList();
        foreach (var cell in codeCells) cell.ClearOutputs();
        string? notebookLanguage = NotebookLanguage(notebook.Metadata);
        int run = 0;
        foreach (var cell in codeCells)
        {
            options.Progress?.Report(new CellProgress(run + 1, codeCells.Count, cell.Number));
            var result = await session.ExecuteAsync(cell.Source, cell.Number, CellLanguage(cell.Metadata) ?? notebookLanguage,
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

    /// <summary>The language a cell's metadata gives it (.NET Interactive or Polyglot Notebooks keys), or null.</summary>
    internal static string? CellLanguage(JsonObject metadata) =>
        Text(metadata["dotnet_interactive"]?["language"]) ?? Text(metadata["polyglot_notebook"]?["kernelName"]);

    /// <summary>The notebook's default cell language from its metadata, or null.</summary>
    internal static string? NotebookLanguage(JsonObject metadata) =>
        Text(metadata["polyglot_notebook"]?["kernelInfo"]?["defaultKernelName"]) ?? Text(metadata["kernelspec"]?["language"]);

    private static string? Text(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue(out string? text) && !string.IsNullOrWhiteSpace(text) ? text : null;
}
