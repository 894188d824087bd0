using ScoreNotebooks.Notebooks.Execution;

namespace ScoreNotebooks.Notebooks.Running;

/// <summary>The outcome of running a notebook top to bottom.</summary>
/// <param name="Succeeded">True when every code cell succeeded.</param>
/// <param name="CellsRun">Code cells that were executed, the failing one included.</param>
/// <param name="CodeCells">Code cells in the notebook.</param>
/// <param name="FailedCellNumber">1-based position of the cell that failed, or null.</param>
/// <param name="Failure">The first line of the failing cell's error, naming cell and line, or null.</param>
/// <param name="Elapsed">Wall-clock time of the run.</param>
/// <param name="Figures">Every chart the notebook displayed, in order.</param>
public sealed record NotebookRunResult(
    bool Succeeded,
    int CellsRun,
    int CodeCells,
    int? FailedCellNumber,
    string? Failure,
    TimeSpan Elapsed,
    IReadOnlyList<RecordedFigure> Figures);
