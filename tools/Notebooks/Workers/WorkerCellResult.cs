using System.Text.Json.Nodes;
using ScoreNotebooks.Notebooks.Execution;

namespace ScoreNotebooks.Notebooks.Workers;

/// <summary>How one cell ended in a worker.</summary>
/// <param name="Status">Succeeded, Failed (an error output), or NotRun (a prose cell, or a worker that had already ended).</param>
/// <param name="ExecutionCount">The count the cell ran as, or null when it did not run.</param>
/// <param name="Outputs">The cell's outputs in nbformat form, an error output last when it failed.</param>
/// <param name="Figures">The charts the cell showed.</param>
/// <param name="Ending">Why the worker's process ended during this cell, or null while it lives: the cell's
/// outputs then hold what it made before and an error output that names the cause.</param>
public sealed record WorkerCellResult(
    CellStatus Status, int? ExecutionCount, IReadOnlyList<JsonObject> Outputs, IReadOnlyList<RecordedFigure> Figures, WorkerEnding? Ending)
{
    /// <summary>The first traceback line of the cell's error output ("TimeoutError in cell 4: …"), or null.</summary>
    public string? Failure => Outputs.LastOrDefault(o => (string?)o["output_type"] == "error") is { } error
        ? (error["traceback"] as JsonArray)?.FirstOrDefault() is JsonValue first && first.TryGetValue(out string? line) ? line : (string?)error["evalue"]
        : null;
}
