using System.Text.Json.Nodes;
using ScoreNotebooks.Coursework.Assigning;
using ScoreNotebooks.Coursework.Markup;
using ScoreNotebooks.Coursework.Tests.Markup;
using ScoreNotebooks.Notebooks.Running;

namespace ScoreNotebooks.Coursework.Tests.Assigning;

public class StudentReleaseTests
{
    private const string Stub = "throw new NotImplementedException(\"ex1: replace this line with your answer\");";

    private static (NotebookExercises Markup, StudentRelease Release) Make(ExerciseNotebook notebook)
    {
        var markup = ExerciseMarkup.Read(notebook.Build());
        return (markup, StudentRelease.Make(markup, "test.ipynb"));
    }

    [Fact]
    public void Release_ReplacesEachSolutionRegionByOneStubLine_AtTheMarkersIndentation()
    {
        var (_, release) = Make(ExerciseMarkupTests.Sample());
        Assert.Equal($"int Twice(int x)\n{{\n    {Stub}\n}}", release.Notebook.Cells[2].Source);
    }

    [Fact]
    public void Release_StubsTopLevelRegions_AndEveryRegionOfACell()
    {
        var (_, release) = Make(new ExerciseNotebook()
            .Answer("ex1", "double total;\n// BEGIN SOLUTION\ntotal = 1;\n// END SOLUTION\nint F()\n{\n  // BEGIN SOLUTION\n  return 2;\n  // END SOLUTION\n}")
            .Check("ex1-check", "F();"));
        Assert.Equal($"double total;\n{Stub}\nint F()\n{{\n  {Stub}\n}}", release.Notebook.Cells[0].Source);
    }

    [Fact]
    public void Release_DeletesHiddenTests_AndReplacesTheModelAnswerOfAWrittenAnswer()
    {
        var (_, release) = Make(ExerciseMarkupTests.Sample());
        Assert.Equal(ExerciseMarkupTests.TwiceCheck, release.Notebook.Cells[3].Source);
        Assert.Equal("Why is it linear?\n\nYOUR ANSWER HERE", release.Notebook.Cells[5].Source);
    }

    [Fact]
    public void Release_ClearsOutputs_AndKeepsCellIdsAndLockedMetadata()
    {
        var (markup, release) = Make(ExerciseMarkupTests.Sample().Code("Console.WriteLine(42);").Executed());
        Assert.NotEmpty(markup.Notebook.Cells[6].Outputs);
        Assert.Equal(7, markup.Notebook.Cells[6].ExecutionCount);
        Assert.All(release.Notebook.Cells.Where(c => c.IsCode), c => Assert.Empty(c.Outputs));
        Assert.All(release.Notebook.Cells.Where(c => c.IsCode), c => Assert.Null(c.ExecutionCount));
        Assert.Equal(markup.Notebook.Cells.Select(c => c.Id), release.Notebook.Cells.Select(c => c.Id));
        Assert.True(release.Notebook.Cells[3].Metadata["nbgrader"]!["locked"]!.GetValue<bool>());
        Assert.Equal(markup.Notebook.Cells[3].Metadata.ToJsonString(), release.Notebook.Cells[3].Metadata.ToJsonString());
    }

    [Fact]
    public void Manifest_ListsExercises_AndHashesEveryLockedCellAsReleasedAndAsWritten()
    {
        var (markup, release) = Make(ExerciseMarkupTests.Sample());
        JsonObject manifest = release.Manifest;
        Assert.Equal("test.ipynb", manifest["notebook"]!.GetValue<string>());
        Assert.Equal(6.5, manifest["total_points"]!.GetValue<double>());
        var exercises = manifest["exercises"]!.AsArray();
        Assert.Equal("""{"id":"ex1","kind":"auto","points":3.5,"answer_cells":["code2"],"check_cells":["code3","code4"],"forbidden":[]}""",
            exercises[0]!.ToJsonString());
        Assert.Equal("""{"id":"ex2","kind":"manual","points":3,"answer_cells":["markdown5"],"check_cells":[],"forbidden":[]}""",
            exercises[1]!.ToJsonString());

        var locked = manifest["locked_cells"]!.AsArray().Select(c => c!.AsObject()).ToList();
        Assert.Equal(["setup", "ex1-check", "ex1-check-zero"], locked.Select(c => c["grade_id"]!.GetValue<string>()));
        foreach (var entry in locked)
        {
            int index = markup.Notebook.Cells.Single(c => c.Id == entry["cell_id"]!.GetValue<string>()).Index;
            Assert.Equal(StudentRelease.Sha256(release.Notebook.Cells[index].Source), entry["released_sha256"]!.GetValue<string>());
            Assert.Equal(StudentRelease.Sha256(markup.Notebook.Cells[index].Source), entry["instructor_sha256"]!.GetValue<string>());
        }
        Assert.NotEqual(locked[1]["released_sha256"]!.GetValue<string>(), locked[1]["instructor_sha256"]!.GetValue<string>());
        Assert.Equal(locked[2]["released_sha256"]!.GetValue<string>(), locked[2]["instructor_sha256"]!.GetValue<string>());
        Assert.Equal("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", StudentRelease.Sha256("test"));
    }

    [Fact]
    public async Task Release_RunsItsAnswerCell_ThenTheCheckFailsWithTheStubsMessage()
    {
        using var folder = new TempFolder();
        var (_, release) = Make(ExerciseMarkupTests.Sample());
        var result = await NotebookExecutor.ExecuteAsync(release.Notebook, folder.Path);
        Assert.False(result.Succeeded);
        Assert.Equal(4, result.FailedCellNumber);
        string error = string.Concat(release.Notebook.Cells[3].Outputs.Select(o => o.ToJsonString()));
        Assert.Contains("NotImplementedException", error);
        Assert.Contains("ex1: replace this line with your answer", error);
        Assert.Empty(release.Notebook.Cells[2].Outputs);
    }

    [Fact]
    public async Task InstructorNotebook_PassesItsChecks_HiddenTestsIncluded()
    {
        using var folder = new TempFolder();
        var notebook = ExerciseMarkupTests.Sample().Build();
        var result = await NotebookExecutor.ExecuteAsync(notebook, folder.Path);
        Assert.True(result.Succeeded, result.Failure);
    }
}
