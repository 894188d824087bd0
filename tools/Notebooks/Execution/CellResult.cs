namespace ScoreNotebooks.Notebooks.Execution;

/// <summary>The outcome of one cell: its status, outputs in order, and execution count.</summary>
/// <param name="Status">How the cell ended.</param>
/// <param name="ExecutionCount">The count the cell ran as (1, 2, …), or null when it did not run.</param>
/// <param name="Outputs">Every output in the order it happened, the error (if any) last.</param>
public sealed record CellResult(CellStatus Status, int? ExecutionCount, IReadOnlyList<CellOutput> Outputs)
{
    /// <summary>The error output of a failed cell, else null.</summary>
    public CellOutput? Error => Outputs.LastOrDefault(o => o.Kind == CellOutputKind.Error);
}
