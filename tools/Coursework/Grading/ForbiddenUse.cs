namespace ScoreNotebooks.Coursework.Grading;

/// <summary>One use of a forbidden API in a student's answer cell.</summary>
/// <param name="ExerciseId">The exercise whose answer cell it is in.</param>
/// <param name="Api">The forbidden entry it matches, as the source's metadata writes it.</param>
/// <param name="CellNumber">The answer cell's 1-based number in the notebook.</param>
/// <param name="Line">The 1-based line within the cell.</param>
/// <param name="How">What was found: "uses" for a name that binds to the API, "names in a reflection string" for text.</param>
internal sealed record ForbiddenUse(string ExerciseId, string Api, int CellNumber, int Line, string How)
{
    /// <summary>The message the student and the instructor read.</summary>
    public string Message => $"answer cell {CellNumber}, line {Line} {How} {Api}, which exercise {ExerciseId} may not use; the exercise scores 0";
}
