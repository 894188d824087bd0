namespace ScoreNotebooks.Coursework.Markup;

/// <summary>One exercise of a notebook: the cells a student answers in and the cells that grade them.</summary>
/// <param name="Id">The exercise id: the <c>grade_id</c> of its (first) answer cell, e.g. <c>ch01-ex1</c>.</param>
/// <param name="Kind">Auto-graded by check cells, or graded by hand.</param>
/// <param name="Points">The most points it gives (≥ 0): the sum of its check cells' points, or the written answer's points.</param>
/// <param name="AnswerCells">Its answer cells (code or written), in notebook order; at least one.</param>
/// <param name="CheckCells">Its check cells, in notebook order; at least one for an auto-graded exercise, none otherwise.</param>
internal sealed record Exercise(
    string Id,
    ExerciseKind Kind,
    double Points,
    IReadOnlyList<GradedCell> AnswerCells,
    IReadOnlyList<GradedCell> CheckCells)
{
    /// <summary>The APIs its answer cells may not use: the union of their <see cref="GradedCell.Forbidden"/> lists, in order.</summary>
    public IReadOnlyList<string> Forbidden { get; } = AnswerCells.SelectMany(c => c.Forbidden).Distinct(StringComparer.Ordinal).ToList();
}
