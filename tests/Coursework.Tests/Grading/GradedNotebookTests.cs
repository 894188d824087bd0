using ScoreNotebooks.Coursework.Grading;
using ScoreNotebooks.Coursework.Markup;
using ScoreNotebooks.Notebooks.Format;

namespace ScoreNotebooks.Coursework.Tests.Grading;

/// <summary>How a submission is assembled into the notebook that is graded, and the order its cells run in.</summary>
public class GradedNotebookTests
{
    private static NotebookExercises Source() => ExerciseMarkup.Read(GradeTests.Source().Build());

    private static NotebookDocument Released(NotebookExercises source) =>
        NotebookDocument.Parse(ScoreNotebooks.Coursework.Assigning.StudentRelease.Make(source, "ch.ipynb").Notebook.ToJson(), "student.ipynb");

    [Fact]
    public void Assemble_TakesAnswersFromTheSubmission_AndEverythingElseFromTheSource()
    {
        var source = Source();
        var student = Released(source);
        student.Cells[2].Json["source"] = Submission.Lines("int Twice(int x) => 3 * x;");
        student.Cells[0].Json["source"] = Submission.Lines("// the student changed the set-up");

        var graded = GradedNotebook.Assemble(source, student);
        Assert.Equal("int Twice(int x) => 3 * x;", graded.Notebook.Cells[2].Source);
        Assert.Equal(source.Notebook.Cells[0].Source, graded.Notebook.Cells[0].Source);
        Assert.Contains("// BEGIN HIDDEN TESTS", graded.Notebook.Cells[3].Source);
        Assert.Empty(graded.Notes);
    }

    [Fact]
    public void Assemble_MissingAnswer_KeepsTheStub_AndMissingCheck_IsPutBack_BothReported()
    {
        var source = Source();
        var student = Released(source);
        var cells = student.Root["cells"]!.AsArray();
        cells.RemoveAt(3);
        cells.RemoveAt(2);
        var graded = GradedNotebook.Assemble(source, NotebookDocument.Parse(student.ToJson()));
        Assert.Contains(ReleasedSource.Stub("ex1"), graded.Notebook.Cells[2].Source);
        Assert.Equal(source.Notebook.Cells[3].Source, graded.Notebook.Cells[3].Source);
        Assert.Equal([
            "answer cell ex1 (cell id code2) is missing from the submission; it counts as unanswered",
            "check cell ex1-check (cell id code3) is missing from the submission; it was put back from the source",
        ], graded.Notes);
    }

    [Fact]
    public void Steps_RunEachExercisesAnswer_ThenItsChecks_ThenTheReferenceAnswer()
    {
        var graded = GradedNotebook.Assemble(Source(), Released(Source()));
        Assert.Equal([
            (StepKind.Plain, 0), (StepKind.Answer, 2), (StepKind.Check, 3), (StepKind.Reference, 2),
            (StepKind.Answer, 4), (StepKind.Check, 5), (StepKind.Reference, 4),
        ], graded.Steps.Select(s => (s.Kind, s.CellIndex)));
        Assert.Contains("return 2 * x;", graded.Steps[3].Source);
        Assert.Contains(ReleasedSource.Stub("ex1"), graded.Steps[1].Source);
        Assert.Contains("return 2 * x;", graded.Steps[1].ReplaySource);
        Assert.Equal([2.0, 3.0], graded.Steps.Where(s => s.Kind == StepKind.Check).Select(s => s.Points));
    }

    [Theory]
    [InlineData(new[] { "subs/alice.ipynb", "subs/bob.ipynb" }, new[] { "alice", "bob" })]
    [InlineData(new[] { "alice/ch.ipynb", "x/alice/ch.ipynb", "alice.ipynb" }, new[] { "alice", "alice-2", "alice-3" })]
    [InlineData(new[] { "a/Ann Lee.ipynb", "a/ann lee.ipynb" }, new[] { "Ann_Lee", "ann_lee-2" })]
    public void StudentNames_FollowTheFileOrFolderRule_AndTellTwinsApart(string[] paths, string[] names)
    {
        Assert.Equal(names, StudentNames.Assign("ch.ipynb", paths.Select(p => Path.Combine("/tmp/sub", p)).ToList()));
    }
}
