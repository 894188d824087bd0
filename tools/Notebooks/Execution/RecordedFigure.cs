using Plotly.NET;

namespace ScoreNotebooks.Notebooks.Execution;

/// <summary>A chart a cell displayed, kept so a host can save it as a figure file.</summary>
/// <param name="CellNumber">The 1-based number of the cell among all cells of the notebook.</param>
/// <param name="Ordinal">1 for the cell's first chart, 2 for its second, …</param>
/// <param name="Chart">The chart as displayed.</param>
public sealed record RecordedFigure(int CellNumber, int Ordinal, GenericChart Chart);
