namespace ScoreNotebooks.Notebooks.Execution;

/// <summary>A chart a cell displayed, kept so a host can save it as a figure file.</summary>
/// <param name="CellNumber">The 1-based number of the cell among all cells of the notebook.</param>
/// <param name="Ordinal">1 for the cell's first chart, 2 for its second, …</param>
/// <param name="Title">The chart's title, or "untitled".</param>
/// <param name="FigureJson">The chart as plotly.js JSON (data, layout, frames), as the notebook output carries it.</param>
/// <param name="Width">The layout's width in pixels, or null when the chart sets none.</param>
/// <param name="Height">The layout's height in pixels, or null when the chart sets none.</param>
/// <remarks>Plain text and numbers only, so a figure can cross from a worker process to the runner.</remarks>
public sealed record RecordedFigure(int CellNumber, int Ordinal, string Title, string FigureJson, int? Width, int? Height);
