using System.Text.Json.Nodes;
using ScoreNotebooks.Coursework.Markup;
using ScoreNotebooks.Notebooks.Format;

namespace ScoreNotebooks.Coursework.Tests;

/// <summary>
/// Assigns the real chapters 02–04: their manifests list the expected exercises and points, the implement-it
/// answers name the APIs they may not call, and the releases hold no solution or hidden-test text.
/// </summary>
public class ChapterExercisesTests
{
    /// <summary>An exercise as the manifest lists it: id, kind, points, answer cells, check cells.</summary>
    public sealed record Expected(string Id, string Kind, double Points, int Answers, int Checks);

    private static Expected Auto(string id, double points = 2, int checks = 1) => new(id, "auto", points, 1, checks);

    private static Expected Written(string id) => new(id, "manual", 2, 1, 0);

    private static readonly Dictionary<string, Expected[]> Chapters = new()
    {
        ["02-score-and-fisher-divergence.ipynb"] =
            [Auto("ch02-ex1"), Auto("ch02-ex2"), Auto("ch02-ex3"), Written("ch02-ex3-written"), Auto("ch02-ex4")],
        ["03-score-matching.ipynb"] =
            [Auto("ch03-ex1"), Auto("ch03-ex2"), Written("ch03-ex2-written"), Auto("ch03-ex3"), Auto("ch03-ex4"),
             Auto("ch03-ex5", points: 4, checks: 2)],
        ["04-denoising-score-matching.ipynb"] =
            [Auto("ch04-ex1"), Written("ch04-ex1-written"), Auto("ch04-ex2"), Written("ch04-ex2-written"), Auto("ch04-ex3"),
             Auto("ch04-ex4"), Written("ch04-ex4-written"), Auto("ch04-ex5", points: 4, checks: 2)],
    };

    /// <summary>The implement-it exercises and a member each must forbid.</summary>
    private static readonly Dictionary<string, (string GradeId, string Forbidden)> ImplementIt = new()
    {
        ["03-score-matching.ipynb"] = ("ch03-ex5", "ScoreNotebooks.ScoreMatching.ScoreMatchingObjective"),
        ["04-denoising-score-matching.ipynb"] = ("ch04-ex5", "ScoreNotebooks.ScoreMatching.DenoisingScoreMatching"),
    };

    public static TheoryData<string> ChapterNames()
    {
        var names = new TheoryData<string>();
        foreach (string chapter in Chapters.Keys) names.Add(chapter);
        return names;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ScoreNotebooks.sln"))) return dir.FullName;
        throw new InvalidOperationException("ScoreNotebooks.sln not found above " + AppContext.BaseDirectory);
    }

    [Theory]
    [MemberData(nameof(ChapterNames))]
    public void Chapter_IsInCanonicalLayout(string chapter)
    {
        string path = Path.Combine(RepositoryRoot(), "notebooks", chapter);
        Assert.Equal(File.ReadAllText(path), NotebookDocument.Load(path).ToJson());
    }

    [Theory]
    [MemberData(nameof(ChapterNames))]
    public void Assign_ListsTheChaptersExercisesAndPoints(string chapter)
    {
        using var folder = new TempFolder();
        JsonNode manifest = Assign(chapter, folder);

        Assert.Equal(chapter, manifest["notebook"]!.GetValue<string>());
        var listed = manifest["exercises"]!.AsArray().Select(e => new Expected(
            e!["id"]!.GetValue<string>(), e["kind"]!.GetValue<string>(), e["points"]!.GetValue<double>(),
            e["answer_cells"]!.AsArray().Count, e["check_cells"]!.AsArray().Count)).ToList();
        Assert.Equal(Chapters[chapter], listed);
        Assert.Equal(Chapters[chapter].Sum(e => e.Points), manifest["total_points"]!.GetValue<double>());
        Assert.Equal(Chapters[chapter].Sum(e => e.Checks), manifest["locked_cells"]!.AsArray().Count);
    }

    [Theory]
    [MemberData(nameof(ChapterNames))]
    public void Assign_ReleasesNoSolutionOrHiddenTestText(string chapter)
    {
        using var folder = new TempFolder();
        Assign(chapter, folder);
        var instructor = ExerciseMarkup.Read(NotebookDocument.Load(Path.Combine(RepositoryRoot(), "notebooks", chapter)));
        string release = File.ReadAllText(Path.Combine(folder.Path, chapter));
        var released = NotebookDocument.Parse(release);

        // Lines inside the regions that the notebook does not also hold outside them (a closing brace, say).
        var regionLines = instructor.GradedCells
            .SelectMany(c => c.Regions.SelectMany(r => c.Cell.Source.Split('\n')[(r.BeginLine + 1)..r.EndLine]))
            .Select(l => l.Trim()).Where(l => l.Length > 0).ToHashSet(StringComparer.Ordinal);
        var outsideRegions = instructor.Notebook.Cells.SelectMany(c => Outside(c, instructor)).ToHashSet(StringComparer.Ordinal);
        var secret = regionLines.Where(l => !outsideRegions.Contains(l)).ToList();
        Assert.True(secret.Count >= 3 * Chapters[chapter].Length, $"only {secret.Count} distinctive region lines");
        var releasedLines = released.Cells.SelectMany(c => c.Source.Split('\n')).Select(l => l.Trim()).ToHashSet(StringComparer.Ordinal);
        foreach (string line in secret)
            Assert.DoesNotContain(line, releasedLines);
        Assert.DoesNotContain("SOLUTION", release, StringComparison.Ordinal);
        Assert.DoesNotContain("HIDDEN TESTS", release, StringComparison.Ordinal);
        foreach (Expected exercise in Chapters[chapter].Where(e => e.Kind == "auto"))
            Assert.Contains($"throw new NotImplementedException(\\\"{exercise.Id}: replace this line with your answer\\\");", release);
        Assert.Equal(Chapters[chapter].Count(e => e.Kind == "manual"), released.Cells.Count(c => c.Source.Contains("YOUR ANSWER HERE")));
    }

    [Theory]
    [InlineData("03-score-matching.ipynb")]
    [InlineData("04-denoising-score-matching.ipynb")]
    public void ImplementItAnswer_ListsTheApisItMayNotCall(string chapter)
    {
        var (gradeId, member) = ImplementIt[chapter];
        var notebook = NotebookDocument.Load(Path.Combine(RepositoryRoot(), "notebooks", chapter));
        var answer = Assert.Single(notebook.Cells, c => c.Metadata["nbgrader"]?["grade_id"]?.GetValue<string>() == gradeId);
        var forbidden = answer.Metadata["scorenotebooks"]!["forbidden"]!.AsArray().Select(n => n!.GetValue<string>()).ToList();
        Assert.Contains(member, forbidden);
        Assert.All(forbidden, name => Assert.StartsWith("ScoreNotebooks.", name));
    }

    private static JsonNode Assign(string chapter, TempFolder folder)
    {
        string source = Path.Combine(RepositoryRoot(), "notebooks", chapter);
        var output = new StringWriter();
        var error = new StringWriter();
        int code = new CourseworkTool(output, error).Run(["assign", source, "--out", folder.Path], folder.Path);
        Assert.True(code == 0, error.ToString());
        string manifest = Path.Combine(folder.Path, Path.GetFileNameWithoutExtension(chapter) + ".manifest.json");
        return JsonNode.Parse(File.ReadAllText(manifest))!;
    }

    /// <summary>A cell's trimmed lines outside its marked regions.</summary>
    private static IEnumerable<string> Outside(NotebookCell cell, NotebookExercises exercises)
    {
        string[] lines = cell.Source.Split('\n');
        var regions = exercises.GradedCells.Where(g => g.Cell.Index == cell.Index).SelectMany(g => g.Regions).ToList();
        return lines.Where((_, i) => !regions.Any(r => i >= r.BeginLine && i <= r.EndLine)).Select(l => l.Trim());
    }
}
