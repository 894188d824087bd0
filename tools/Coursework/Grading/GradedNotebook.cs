using ScoreNotebooks.Coursework.Markup;
using ScoreNotebooks.Notebooks.Format;

namespace ScoreNotebooks.Coursework.Grading;

/// <summary>
/// The notebook a submission is graded as: the instructor's source with the student's answer cells in it, and
/// the order its cells run in (<see cref="Steps"/>).
/// </summary>
/// <remarks>
/// Every locked (check or read-only) cell and every unmarked cell comes from the source, hidden tests included;
/// each answer cell (code or written) comes from the submission's cell with the same cell id. A check or
/// read-only cell the submission lacks or changed is put back from the source and reported in <see cref="Notes"/>;
/// an answer cell the submission lacks keeps the released stub, so it counts as unanswered, and is reported too.
/// Outputs are cleared.
/// </remarks>
internal sealed class GradedNotebook
{
    private GradedNotebook(NotebookDocument notebook, IReadOnlyList<GradingStep> steps, IReadOnlyList<string> notes)
    {
        Notebook = notebook;
        Steps = steps;
        Notes = notes;
    }

    /// <summary>The assembled notebook; grading fills in its outputs.</summary>
    public NotebookDocument Notebook { get; }

    /// <summary>The cells to run, in order: each exercise's answers, then its checks, then its reference answers.</summary>
    public IReadOnlyList<GradingStep> Steps { get; }

    /// <summary>What was put back or missing, one sentence each.</summary>
    public IReadOnlyList<string> Notes { get; }

    /// <summary>Assembles the graded notebook of <paramref name="submission"/>.</summary>
    /// <param name="source">The instructor's notebook, its markup read.</param>
    /// <param name="submission">The student's notebook.</param>
    public static GradedNotebook Assemble(NotebookExercises source, NotebookDocument submission)
    {
        var notebook = NotebookDocument.Parse(source.Notebook.ToJson(), source.Notebook.FilePath);
        foreach (NotebookCell cell in notebook.Cells) cell.ClearOutputs();
        var submitted = new Dictionary<string, NotebookCell>(StringComparer.Ordinal);
        foreach (NotebookCell cell in submission.Cells)
            if (cell.Id is { } id) submitted.TryAdd(id, cell);
        var notes = new List<string>();
        foreach (GradedCell graded in source.GradedCells)
        {
            var target = notebook.Cells[graded.Cell.Index];
            string released = ReleasedSource.Of(graded).Source;
            submitted.TryGetValue(graded.Cell.Id ?? "", out NotebookCell? theirs);
            string what = $"{Describe(graded.Role)} {graded.GradeId} (cell id {graded.Cell.Id})";
            if (graded.Role is CellRole.Answer or CellRole.WrittenAnswer)
            {
                if (theirs is null) notes.Add($"{what} is missing from the submission; it counts as unanswered");
                SetSource(target, theirs?.Source ?? released);
            }
            else if (theirs is null)
            {
                notes.Add($"{what} is missing from the submission; it was put back from the source");
            }
            else if (theirs.Source != released)
            {
                notes.Add($"{what} was changed in the submission; the source's cell was used");
            }
        }
        return new GradedNotebook(notebook, Plan(source, notebook), notes);
    }

    /// <summary>The run order: cells in notebook order, each exercise's reference answers after its last check cell.</summary>
    private static List<GradingStep> Plan(NotebookExercises source, NotebookDocument notebook)
    {
        var byIndex = source.GradedCells.ToDictionary(c => c.Cell.Index);
        var exerciseOf = source.Exercises.Where(e => e.Kind == ExerciseKind.Auto)
            .SelectMany(e => e.AnswerCells.Concat(e.CheckCells).Select(c => (c.Cell.Index, Exercise: e)))
            .ToDictionary(p => p.Index, p => p.Exercise);
        var steps = new List<GradingStep>();
        foreach (NotebookCell cell in notebook.Cells.Where(c => c.IsCode))
        {
            string reference = source.Notebook.Cells[cell.Index].Source;
            if (!exerciseOf.TryGetValue(cell.Index, out Exercise? exercise))
            {
                steps.Add(new GradingStep(StepKind.Plain, cell.Index, null, reference, reference, 0));
                continue;
            }
            var graded = byIndex[cell.Index];
            if (graded.Role == CellRole.Answer)
            {
                steps.Add(new GradingStep(StepKind.Answer, cell.Index, exercise, cell.Source, reference, 0));
                continue;
            }
            steps.Add(new GradingStep(StepKind.Check, cell.Index, exercise, reference, reference, graded.Points ?? 0));
            if (graded == exercise.CheckCells[^1])
                foreach (GradedCell answer in exercise.AnswerCells)
                    steps.Add(new GradingStep(StepKind.Reference, answer.Cell.Index, exercise, answer.Cell.Source, null, 0));
        }
        return steps;
    }

    private static void SetSource(NotebookCell cell, string source) => cell.Json["source"] = NotebookText.ToJsonLines(source);

    private static string Describe(CellRole role) => role switch
    {
        CellRole.Answer => "answer cell",
        CellRole.WrittenAnswer => "written answer",
        CellRole.Check => "check cell",
        _ => "read-only cell",
    };
}
