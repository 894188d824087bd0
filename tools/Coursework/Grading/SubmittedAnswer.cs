namespace ScoreNotebooks.Coursework.Grading;

/// <summary>One answer cell as the student submitted it (or its released stub when the cell was missing).</summary>
/// <param name="ExerciseId">The exercise the cell answers.</param>
/// <param name="CellNumber">The cell's 1-based number in the graded notebook.</param>
/// <param name="CellId">The nbformat cell id.</param>
/// <param name="GradeId">The cell's nbgrader grade id.</param>
/// <param name="Source">The cell's source.</param>
/// <param name="IsCode">True for a code answer, false for a written (markdown) answer.</param>
internal sealed record SubmittedAnswer(string ExerciseId, int CellNumber, string? CellId, string GradeId, string Source, bool IsCode);
