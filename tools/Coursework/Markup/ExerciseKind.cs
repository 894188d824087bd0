namespace ScoreNotebooks.Coursework.Markup;

/// <summary>How an exercise is graded.</summary>
internal enum ExerciseKind
{
    /// <summary>By its check cells, which run against the student's answer cells.</summary>
    Auto,

    /// <summary>By an instructor reading a written answer.</summary>
    Manual,
}
