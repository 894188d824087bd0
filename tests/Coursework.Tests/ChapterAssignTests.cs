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
        List<string> RegionLines(RegionKind kind) => instructor.GradedCells
            .SelectMany(c => c.Regions.Where(r => r.Kind == kind).SelectMany(r => c.Cell.Source.Split('\n')[(r.BeginLine + 1)..r.EndLine]))
            .Select(l => l.Trim()).Where(l => l.Length > 1).ToList();   // a lone brace appears everywhere
        var solutionLines = RegionLines(RegionKind.Solution);
        var hiddenLines = RegionLines(RegionKind.HiddenTests);
        Assert.Equal(12, solutionLines.Count);
        Assert.NotEmpty(hiddenLines);
        var released = NotebookDocument.Parse(release);
        var releasedLines = released.Cells.SelectMany(c => c.Source.Split('\n')).Select(l => l.Trim()).ToHashSet();
        // A line the instructor's notebook also has outside every region (a continuation such as ".ToArray();") is
        // not the solution's to give away.
        var regionLines = instructor.GradedCells.SelectMany(c => c.Regions.SelectMany(r =>
            Enumerable.Range(r.BeginLine, r.EndLine - r.BeginLine + 1).Select(k => (c.Cell.Index, k)))).ToHashSet();
        var outsideLines = NotebookDocument.Load(source).Cells
            .SelectMany(c => c.Source.Split('\n').Select((l, k) => (c.Index, k, Line: l.Trim())))
            .Where(x => !regionLines.Contains((x.Index, x.k))).Select(x => x.Line).ToHashSet();
        foreach (string line in solutionLines.Concat(hiddenLines).Where(l => !outsideLines.Contains(l)))
            Assert.DoesNotContain(line, releasedLines);
        Assert.DoesNotContain("SOLUTION", release, StringComparison.Ordinal);
        Assert.DoesNotContain("HIDDEN TESTS", release, StringComparison.Ordinal);
        foreach (string id in exercises.Select(e => e["id"]!.GetValue<string>()))
            Assert.Contains($"throw new NotImplementedException(\\\"{id}: replace this line with your answer\\\");", release);
    }
}
