namespace ScoreNotebooks.Coursework.Markup;

/// <summary>What a cell with nbgrader metadata is for.</summary>
internal enum CellRole
{
    /// <summary>A code cell the student completes (solution true, grade false).</summary>
    Answer,

    /// <summary>A locked code cell that grades an answer automatically (grade true, solution false, locked true).</summary>
    Check,

    /// <summary>A markdown cell the student writes and an instructor grades (solution true, grade true).</summary>
    WrittenAnswer,

    /// <summary>A locked cell that only shows something (locked true, solution and grade false).</summary>
    ReadOnly,
}
