using System.Text.Json.Nodes;
using ScoreNotebooks.Coursework.Markup;
using ScoreNotebooks.Notebooks.Format;

namespace ScoreNotebooks.Coursework.Tests;

/// <summary>Assigns the real chapter 01, whose exercises carry the markup.</summary>
public class ChapterAssignTests
{
    private const string Chapter = "01-kl-and-maximum-likelihood.ipynb";

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ScoreNotebooks.sln"))) return dir.FullName;
        throw new InvalidOperationException("ScoreNotebooks.sln not found above " + AppContext.BaseDirectory);
    }

    [Fact]
    public void Chapter01_IsInCanonicalLayout()
    {
        string path = Path.Combine(RepositoryRoot(), "notebooks", Chapter);
        Assert.Equal(File.ReadAllText(path), NotebookDocument.Load(path).ToJson());
    }

    [Fact]
    public void Assign_Chapter01_ListsItsFourExercises_AndReleasesNoSolutionText()
    {
        string source = Path.Combine(RepositoryRoot(), "notebooks", Chapter);
        using var folder = new TempFolder();
        var output = new StringWriter();
        var error = new StringWriter();
        int code = new CourseworkTool(output, error).Run(["assign", source, "--out", folder.Path], folder.Path);
        Assert.True(code == 0, error.ToString());

        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(folder.Path, "01-kl-and-maximum-likelihood.manifest.json")))!;
        Assert.Equal(Chapter, manifest["notebook"]!.GetValue<string>());
        var exercises = manifest["exercises"]!.AsArray().Select(e => e!.AsObject()).ToList();
        Assert.Equal(["ch01-ex1", "ch01-ex2", "ch01-ex3", "ch01-ex4"], exercises.Select(e => e["id"]!.GetValue<string>()));
        Assert.All(exercises, e => Assert.Equal(("auto", 2.0, 1, 1),
            (e["kind"]!.GetValue<string>(), e["points"]!.GetValue<double>(), e["answer_cells"]!.AsArray().Count, e["check_cells"]!.AsArray().Count)));
        Assert.Equal(8, manifest["total_points"]!.GetValue<double>());
        Assert.Equal(4, manifest["locked_cells"]!.AsArray().Count);

        var instructor = ExerciseMarkup.Read(NotebookDocument.Load(source));
        string release = File.ReadAllText(Path.Combine(folder.Path, Chapter));
        var solutionLines = instructor.GradedCells
            .SelectMany(c => c.Regions.SelectMany(r => c.Cell.Source.Split('\n')[(r.BeginLine + 1)..r.EndLine]))
            .Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
        Assert.Equal(10, solutionLines.Count);
        var released = NotebookDocument.Parse(release);
        foreach (string line in solutionLines)
            Assert.DoesNotContain(released.Cells, c => c.Source.Contains(line, StringComparison.Ordinal));
        Assert.DoesNotContain("SOLUTION", release, StringComparison.Ordinal);
        foreach (string id in exercises.Select(e => e["id"]!.GetValue<string>()))
            Assert.Contains($"throw new NotImplementedException(\\\"{id}: replace this line with your answer\\\");", release);
    }
}
