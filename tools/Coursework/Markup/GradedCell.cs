using ScoreNotebooks.Notebooks.Format;

namespace ScoreNotebooks.Coursework.Markup;

/// <summary>A cell with valid nbgrader metadata and its marked regions.</summary>
/// <param name="Cell">The cell in the instructor's notebook.</param>
/// <param name="Role">What the cell is for.</param>
/// <param name="GradeId">nbgrader's <c>grade_id</c>, unique in the notebook.</param>
/// <param name="ExerciseId">The exercise the cell belongs to, or null for a read-only cell.</param>
/// <param name="Points">Points the cell is worth (finite, ≥ 0) for check and written answer cells, else null.</param>
/// <param name="Regions">The marked regions, in order.</param>
internal sealed record GradedCell(
    NotebookCell Cell,
    CellRole Role,
    string GradeId,
    string? ExerciseId,
    double? Points,
    IReadOnlyList<SourceRegion> Regions)
{
    /// <summary>The APIs the cell's exercise may not use (<see cref="ForbiddenMetadata"/>); empty for most cells.</summary>
    public IReadOnlyList<string> Forbidden { get; init; } = [];

    /// <summary>Whether the student may not edit the cell (check and read-only cells).</summary>
    public bool Locked => Role is CellRole.Check or CellRole.ReadOnly;
}
