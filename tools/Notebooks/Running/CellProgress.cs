namespace ScoreNotebooks.Notebooks.Running;

/// <summary>Which code cell is about to run.</summary>
/// <param name="CodeCellIndex">1-based position among the notebook's code cells (k of n).</param>
/// <param name="CodeCellCount">The number n of code cells.</param>
/// <param name="CellNumber">1-based position among all cells, as the error messages name it.</param>
public readonly record struct CellProgress(int CodeCellIndex, int CodeCellCount, int CellNumber);
