using ScoreNotebooks.Notebooks.Format;

namespace ScoreNotebooks.Coursework.Markup;

/// <summary>A notebook's exercise markup, read and checked.</summary>
/// <param name="Notebook">The instructor's notebook.</param>
/// <param name="Exercises">Its exercises, in the order their first cell appears.</param>
/// <param name="GradedCells">Every cell with nbgrader metadata, in notebook order.</param>
internal sealed record NotebookExercises(
    NotebookDocument Notebook,
    IReadOnlyList<Exercise> Exercises,
    IReadOnlyList<GradedCell> GradedCells)
{
    /// <summary>The sum of the exercises' points.</summary>
    public double TotalPoints => Exercises.Sum(e => e.Points);
}
