using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ScoreNotebooks.Notebooks.Format;

namespace ScoreNotebooks.Coursework.Markup;

/// <summary>Reads a notebook's exercises from nbgrader cell metadata and the marker lines in cell sources.</summary>
/// <remarks>
/// <para>Cells: an <b>answer</b> cell (code; solution true, grade false, locked false) holds one or more
/// <c>// BEGIN SOLUTION</c> … <c>// END SOLUTION</c> regions; a <b>check</b> cell (code; grade true, solution
/// false, locked true, with points) may hold <c>// BEGIN HIDDEN TESTS</c> … <c>// END HIDDEN TESTS</c>
/// regions; a <b>written answer</b> (markdown; solution true, grade true, locked false, with points) holds
/// <c>BEGIN SOLUTION</c> … <c>END SOLUTION</c> lines around the model answer; a <b>read-only</b> cell has
/// only locked true. Marker lines anywhere else are errors.</para>
/// <para>Exercises are grouped by <c>grade_id</c>: the answer cell's grade_id is the exercise id
/// (<c>ch01-ex1</c>); its check cells are <c>ch01-ex1-check</c> or <c>ch01-ex1-check-NAME</c>; further answer
/// cells of the same exercise are <c>ch01-ex1-answer-NAME</c>. A written answer is an exercise of its own,
/// graded by hand. An auto-graded exercise is worth the sum of its check cells' points.</para>
/// <para>A code answer cell may list, in <c>metadata.scorenotebooks.forbidden</c>, the APIs its exercise may not use
/// (<see cref="ForbiddenMetadata"/>); the list is refused on any other cell.</para>
/// <para>A cell tagged <c>solution</c> (the chapters' older convention) must be an answer cell, so that no
/// model answer reaches a release unmarked. Marked cells need nbformat 4.5 cell ids, which name them in
/// the manifest.</para>
/// </remarks>
internal static partial class ExerciseMarkup
{
    private static readonly IReadOnlySet<RegionKind> None = new HashSet<RegionKind>();
    private static readonly IReadOnlySet<RegionKind> SolutionOnly = new HashSet<RegionKind> { RegionKind.Solution };
    private static readonly IReadOnlySet<RegionKind> HiddenOnly = new HashSet<RegionKind> { RegionKind.HiddenTests };

    /// <summary>Reads and checks the exercise markup of <paramref name="notebook"/>.</summary>
    /// <param name="notebook">The instructor's notebook.</param>
    /// <param name="label">How messages name the notebook; null for its file path.</param>
    /// <returns>The exercises and marked cells.</returns>
    /// <exception cref="MarkupException">The markup is malformed; every problem found is listed.</exception>
    public static NotebookExercises Read(NotebookDocument notebook, string? label = null)
    {
        ArgumentNullException.ThrowIfNull(notebook);
        label ??= notebook.FilePath ?? "<notebook text>";
        var problems = new List<string>();
        var graded = new List<GradedCell>();
        var firstWithId = new Dictionary<string, NotebookCell>(StringComparer.Ordinal);
        var identifiers = notebook.Cells.Select(c => c.IsCode ? StubCheck.Identifiers(c.Source) : []).ToList();
        foreach (NotebookCell cell in notebook.Cells)
        {
            string? gradeId = cell.Metadata["nbgrader"] is JsonObject o && o["grade_id"] is JsonValue v && v.TryGetValue(out string? s) ? s : null;
            void Problem(string text) => problems.Add($"{label}: {Name(cell, gradeId)}: {text}");
            NotebookCell? UsedLater(string name) => notebook.Cells.Skip(cell.Index + 1).FirstOrDefault(c => identifiers[c.Index].Contains(name));
            if (ReadCell(cell, firstWithId, UsedLater, Problem) is { } gradedCell) graded.Add(gradedCell);
        }
        var exercises = Group(graded, (cell, text) => problems.Add($"{label}: {Name(cell.Cell, cell.GradeId)}: {text}"));
        if (problems.Count > 0) throw new MarkupException(problems);
        return new NotebookExercises(notebook, exercises, graded);
    }

    /// <summary>
    /// Reads the exercises of a notebook as released or as a student returns it: roles, grade ids and points come
    /// from the nbgrader metadata as in <see cref="Read"/>, but marker regions are not required (a release has
    /// stubs where the solutions were). Cells whose metadata is malformed are left out and reported.
    /// </summary>
    /// <param name="notebook">A student's notebook.</param>
    /// <param name="problems">Receives a sentence for each cell or exercise left out.</param>
    /// <returns>The exercises found; their cells have no regions.</returns>
    public static NotebookExercises ReadReleased(NotebookDocument notebook, Action<string> problems)
    {
        ArgumentNullException.ThrowIfNull(notebook);
        ArgumentNullException.ThrowIfNull(problems);
        var graded = new List<GradedCell>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (NotebookCell cell in notebook.Cells.Where(c => c.Metadata.ContainsKey("nbgrader")))
        {
            void Problem(string text) => problems($"{cell.Label}: {text}");
            if (NbgraderMetadata.Read(cell, Problem) is not { } meta) continue;
            if (!seen.Add(meta.GradeId))
            {
                Problem($"grade_id '{meta.GradeId}' is used twice; the second cell is left out");
                continue;
            }
            var forbidden = ForbiddenMetadata.Read(cell, meta.Role == CellRole.Answer, Problem);
            graded.Add(new GradedCell(cell, meta.Role, meta.GradeId, ExerciseOf(meta.Role, meta.GradeId, Problem), meta.Points, [])
            {
                Forbidden = forbidden,
            });
        }
        var exercises = Group(graded, (cell, text) => problems($"{cell.Cell.Label}: {text}"));
        return new NotebookExercises(notebook, exercises, graded);
    }

    /// <summary>Checks one cell's metadata and markers; returns it as a graded cell when it has nbgrader metadata.</summary>
    private static GradedCell? ReadCell(NotebookCell cell, Dictionary<string, NotebookCell> firstWithId,
        Func<string, NotebookCell?> usedLater, Action<string> problem)
    {
        int problems = 0;
        void Problem(string text) { problems++; problem(text); }
        if (!cell.Metadata.ContainsKey("nbgrader"))
        {
            Markers.FindRegions(ReleasedSource.Lines(cell.Source), cell.IsCode, None, "a cell without nbgrader metadata", Problem);
            if (HasSolutionTag(cell))
                Problem("the cell is tagged 'solution' but has no nbgrader answer metadata, so its answer would be released");
            ForbiddenMetadata.Read(cell, answer: false, Problem);
            return null;
        }
        if (NbgraderMetadata.Read(cell, Problem) is not { } meta) return null;
        if (!firstWithId.TryAdd(meta.GradeId, cell))
        {
            Problem($"grade_id '{meta.GradeId}' is already used by {firstWithId[meta.GradeId].Label}; grade ids are unique in a notebook");
            return null;
        }
        if (cell.Id is null)
            Problem("the cell has no id; exercise cells need nbformat 4.5 cell ids, which the manifest names them by");
        bool answer = meta.Role is CellRole.Answer or CellRole.WrittenAnswer;
        if (HasSolutionTag(cell) && !answer)
            Problem("the cell is tagged 'solution' but is not an answer cell, so its answer would be released");
        var (allowed, description) = meta.Role switch
        {
            CellRole.Answer or CellRole.WrittenAnswer => (SolutionOnly, "an answer cell"),
            CellRole.Check => (HiddenOnly, "a check cell"),
            _ => (None, "a read-only cell"),
        };
        var regions = Markers.FindRegions(ReleasedSource.Lines(cell.Source), cell.IsCode, allowed, description, Problem);
        // A cell whose markers were already reported needs no second message about its missing region.
        if (answer && problems == 0 && !regions.Any(r => r.Kind == RegionKind.Solution))
            Problem($"an answer cell needs a solution region, marked by {Markers.Describe(cell.IsCode, RegionKind.Solution)}");
        string? exerciseId = ExerciseOf(meta.Role, meta.GradeId, Problem);
        var forbidden = ForbiddenMetadata.Read(cell, meta.Role == CellRole.Answer, Problem);
        var gradedCell = new GradedCell(cell, meta.Role, meta.GradeId, exerciseId, meta.Points, regions) { Forbidden = forbidden };
        if (meta.Role == CellRole.Answer && exerciseId is not null) StubCheck.Check(gradedCell, usedLater, Problem);
        return gradedCell;
    }

    private static List<Exercise> Group(List<GradedCell> graded, Action<GradedCell, string> problem)
    {
        var exercises = new List<Exercise>();
        var members = graded.Where(c => c.ExerciseId is not null).GroupBy(c => c.ExerciseId!, StringComparer.Ordinal);
        foreach (var group in members)
        {
            string id = group.Key;
            var answers = group.Where(c => c.Role is CellRole.Answer or CellRole.WrittenAnswer).ToList();
            var checks = group.Where(c => c.Role == CellRole.Check).ToList();
            var written = answers.Where(c => c.Role == CellRole.WrittenAnswer).ToList();
            if (written.Count > 0)
            {
                foreach (GradedCell other in group.Where(c => c != written[0]))
                    problem(other, $"exercise '{id}' is a written answer graded by hand; it cannot have other answer or check cells");
                exercises.Add(new Exercise(id, ExerciseKind.Manual, written[0].Points ?? 0, [written[0]], []));
                continue;
            }
            if (!answers.Any(c => c.GradeId == id))
            {
                foreach (GradedCell cell in group)
                    problem(cell, $"exercise '{id}' has no answer cell with grade_id '{id}'");
                continue;
            }
            if (checks.Count == 0)
            {
                problem(answers[0], $"exercise '{id}' has no check cell; give one the grade_id '{id}-check'");
                continue;
            }
            exercises.Add(new Exercise(id, ExerciseKind.Auto, checks.Sum(c => c.Points ?? 0), answers, checks));
        }
        return exercises;
    }

    /// <summary>The exercise a cell belongs to by its grade id, following the naming rule in the remarks.</summary>
    private static string? ExerciseOf(CellRole role, string gradeId, Action<string> problem)
    {
        Match check = CheckId().Match(gradeId);
        Match extra = ExtraAnswerId().Match(gradeId);
        switch (role)
        {
            case CellRole.Check when check.Success:
                return check.Groups["exercise"].Value;
            case CellRole.Check:
                problem($"a check cell's grade_id must be '<exercise>-check' or '<exercise>-check-<name>', not '{gradeId}'");
                return null;
            case CellRole.Answer or CellRole.WrittenAnswer when check.Success:
                problem($"grade_id '{gradeId}' names a check cell, but this is an answer cell");
                return null;
            case CellRole.Answer when extra.Success:
                return extra.Groups["exercise"].Value;
            case CellRole.WrittenAnswer when extra.Success:
                problem($"a written answer is an exercise of its own; its grade_id cannot be an extra answer's '{gradeId}'");
                return null;
            case CellRole.Answer or CellRole.WrittenAnswer:
                return gradeId;
            default:
                return null;
        }
    }

    private static bool HasSolutionTag(NotebookCell cell) =>
        cell.Metadata["tags"] is JsonArray tags && tags.Any(t => t is JsonValue v && v.TryGetValue(out string? s) && s == "solution");

    private static string Name(NotebookCell cell, string? gradeId)
    {
        var parts = new List<string>();
        if (cell.Id is not null) parts.Add($"id {cell.Id}");
        if (gradeId is not null) parts.Add($"grade_id {gradeId}");
        return parts.Count == 0 ? $"cell {cell.Number}" : $"cell {cell.Number} ({string.Join(", ", parts)})";
    }

    [GeneratedRegex("^(?<exercise>.+?)-check(-[A-Za-z0-9_-]+)?$")]
    private static partial Regex CheckId();

    [GeneratedRegex("^(?<exercise>.+?)-answer(-[A-Za-z0-9_-]+)?$")]
    private static partial Regex ExtraAnswerId();
}
