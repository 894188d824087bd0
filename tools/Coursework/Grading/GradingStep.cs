using ScoreNotebooks.Coursework.Markup;

namespace ScoreNotebooks.Coursework.Grading;

/// <summary>One cell run while grading a submission.</summary>
/// <param name="Kind">What the run is for.</param>
/// <param name="CellIndex">The zero-based index of the cell in the graded notebook.</param>
/// <param name="Exercise">The exercise the cell belongs to, or null for a cell outside every exercise.</param>
/// <param name="Source">What runs: the student's answer, a check cell, the reference answer or another cell.</param>
/// <param name="ReplaySource">What runs when the notebook is replayed after its process ended: the reference answer
/// for a student's answer, the same source for a check or other cell, null for a reference run (already covered).</param>
/// <param name="Points">The points of a check cell, else 0.</param>
internal sealed record GradingStep(StepKind Kind, int CellIndex, Exercise? Exercise, string Source, string? ReplaySource, double Points);
