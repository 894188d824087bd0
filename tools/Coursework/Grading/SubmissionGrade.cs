namespace ScoreNotebooks.Coursework.Grading;

/// <summary>The outcome of grading one submission.</summary>
/// <param name="Student">The name the student is filed under (<see cref="StudentNames"/>).</param>
/// <param name="SubmissionPath">The submission's full path.</param>
/// <param name="Exercises">Each exercise's grade, in notebook order; empty when the submission could not be graded.</param>
/// <param name="Notes">Cells put back or missing, restarts and limits: one sentence each.</param>
/// <param name="Error">Why the submission could not be graded at all (unreadable), or null.</param>
/// <param name="Seconds">How long grading took.</param>
internal sealed record SubmissionGrade(
    string Student, string SubmissionPath, IReadOnlyList<ExerciseGrade> Exercises, IReadOnlyList<string> Notes, string? Error, double Seconds)
{
    /// <summary>The answer cells as submitted, in notebook order; empty when the submission could not be read.</summary>
    public IReadOnlyList<SubmittedAnswer> Answers { get; init; } = [];

    /// <summary>The points earned in auto-graded exercises.</summary>
    public double Score => Exercises.Sum(e => e.Points ?? 0);

    /// <summary>The most points the auto-graded exercises give (written answers are graded by hand, outside this).</summary>
    public double MaxScore => Exercises.Where(e => !e.Manual).Sum(e => e.MaxPoints);
}
