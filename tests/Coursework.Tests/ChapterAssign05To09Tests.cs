using System.Text.Json.Nodes;
using ScoreNotebooks.Coursework.Markup;
using ScoreNotebooks.Notebooks.Format;

namespace ScoreNotebooks.Coursework.Tests;

/// <summary>Assigns the real chapters 05 to 09, whose exercises carry the markup.</summary>
public class ChapterAssign05To09Tests
{
    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ScoreNotebooks.sln"))) return dir.FullName;
        throw new InvalidOperationException("ScoreNotebooks.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>Each chapter's exercises in order: id, kind, points, answer cells, check cells.</summary>
    public static TheoryData<string, string> Chapters => new()
    {
        { "05-annealed-langevin.ipynb",
            "ch05-ex1 auto 2 1 1; ch05-ex2 auto 2 1 1; ch05-ex2-written manual 2 1 0; ch05-ex3 auto 2 1 1; "
            + "ch05-ex3-written manual 2 1 0; ch05-ex4 auto 2 1 1; ch05-ex4-written manual 2 1 0; ch05-ex5 auto 4 1 2" },
        { "06-score-sdes.ipynb",
            "ch06-ex1 auto 2 1 1; ch06-ex1-written manual 2 1 0; ch06-ex2 auto 2 1 1; ch06-ex2-written manual 2 1 0; "
            + "ch06-ex3 auto 2 1 1; ch06-ex3-written manual 2 1 0; ch06-ex4 auto 2 1 1; ch06-ex4-written manual 2 1 0; ch06-ex5 auto 4 1 2" },
        { "07-probability-flow-and-likelihood.ipynb",
            "ch07-ex1 auto 2 1 1; ch07-ex1-written manual 2 1 0; ch07-ex2 auto 2 1 1; ch07-ex2-written manual 2 1 0; "
            + "ch07-ex3 auto 2 1 1; ch07-ex3-written manual 2 1 0; ch07-ex4 auto 2 1 1; ch07-ex4-written manual 2 1 0; ch07-ex5 auto 4 1 2" },
        { "08-beyond-the-plane.ipynb",
            "ch08-ex1 auto 2 1 1; ch08-ex1-written manual 2 1 0; ch08-ex2 auto 2 1 1; ch08-ex2-written manual 2 1 0; "
            + "ch08-ex3 auto 4 1 2; ch08-ex3-written manual 2 1 0" },
        { "09-the-design-space.ipynb",
            "ch09-ex1 auto 4 1 2; ch09-ex1-written manual 2 1 0; ch09-ex2 auto 2 1 1; ch09-ex2-written manual 2 1 0; "
            + "ch09-ex3 auto 2 1 1; ch09-ex3-written manual 2 1 0" },
    };

    /// <summary>The library members each chapter's implement-it answer may not call.</summary>
    public static TheoryData<string, string, string> ImplementIt => new()
    {
        { "05-annealed-langevin.ipynb", "ch05-ex5", "ScoreNotebooks.Torch.Sampling.TensorLangevin" },
        { "06-score-sdes.ipynb", "ch06-ex5", "ScoreNotebooks.Diffusion.ReverseSampler" },
        { "07-probability-flow-and-likelihood.ipynb", "ch07-ex5", "ScoreNotebooks.Diffusion.Likelihood" },
        { "08-beyond-the-plane.ipynb", "ch08-ex1", "ScoreNotebooks.Metrics.BitsPerDimension" },
        { "08-beyond-the-plane.ipynb", "ch08-ex2", "ScoreNotebooks.Sampling.Langevin" },
        { "08-beyond-the-plane.ipynb", "ch08-ex3", "ScoreNotebooks.Torch.Diffusion.SdeTensors.EmpiricalScore" },
        { "09-the-design-space.ipynb", "ch09-ex1", "ScoreNotebooks.Diffusion.EdmSampler" },
        { "09-the-design-space.ipynb", "ch09-ex2", "ScoreNotebooks.Diffusion.AffineLaw" },
        { "09-the-design-space.ipynb", "ch09-ex3", "ScoreNotebooks.Diffusion.Guidance" },
    };

    public static TheoryData<string> ChapterFiles => new("05-annealed-langevin.ipynb", "06-score-sdes.ipynb", "07-probability-flow-and-likelihood.ipynb",
        "08-beyond-the-plane.ipynb", "09-the-design-space.ipynb");

    [Theory]
    [MemberData(nameof(ChapterFiles))]
    public void Chapter_IsInCanonicalLayout(string chapter)
    {
        string path = Path.Combine(RepositoryRoot(), "notebooks", chapter);
        Assert.Equal(File.ReadAllText(path), NotebookDocument.Load(path).ToJson());
    }

    [Theory]
    [MemberData(nameof(Chapters))]
    public void Assign_ListsTheChaptersExercises_AndReleasesNoSolutionText(string chapter, string exercises)
    {
        string source = Path.Combine(RepositoryRoot(), "notebooks", chapter);
        using var folder = new TempFolder();
        var output = new StringWriter();
        var error = new StringWriter();
        int code = new CourseworkTool(output, error).Run(["assign", source, "--out", folder.Path], folder.Path);
        Assert.True(code == 0, error.ToString());

        var expected = exercises.Split("; ").Select(e => e.Split(' ')).ToList();
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(folder.Path, Path.ChangeExtension(chapter, ".manifest.json"))))!;
        Assert.Equal(chapter, manifest["notebook"]!.GetValue<string>());
        var listed = manifest["exercises"]!.AsArray().Select(e => e!.AsObject()).ToList();
        Assert.Equal(expected.Select(e => string.Join(' ', e)), listed.Select(e => string.Join(' ',
            e["id"]!.GetValue<string>(), e["kind"]!.GetValue<string>(), e["points"]!.GetValue<double>(),
            e["answer_cells"]!.AsArray().Count, e["check_cells"]!.AsArray().Count)));
        Assert.Equal(expected.Sum(e => double.Parse(e[2], System.Globalization.CultureInfo.InvariantCulture)),
            manifest["total_points"]!.GetValue<double>());
        Assert.Equal(expected.Sum(e => int.Parse(e[4], System.Globalization.CultureInfo.InvariantCulture)),
            manifest["locked_cells"]!.AsArray().Count);

        string release = File.ReadAllText(Path.Combine(folder.Path, chapter));
        var released = NotebookDocument.Parse(release);
        foreach (string line in SolutionLines(NotebookDocument.Load(source)))
            Assert.DoesNotContain(released.Cells, c => c.Source.Contains(line, StringComparison.Ordinal));
        Assert.DoesNotContain("SOLUTION", release, StringComparison.Ordinal);
        Assert.DoesNotContain("HIDDEN TESTS", release, StringComparison.Ordinal);
        foreach (var exercise in expected.Where(e => e[1] == "auto"))
            Assert.Contains($"throw new NotImplementedException(\\\"{exercise[0]}: replace this line with your answer\\\");", release);
        Assert.Equal(expected.Count(e => e[1] == "manual"),
            released.Cells.Count(c => !c.IsCode && c.Source.Contains(ReleasedSource.AnswerPlaceholder, StringComparison.Ordinal)));
    }

    [Theory]
    [MemberData(nameof(ImplementIt))]
    public void ImplementItAnswer_ListsTheLibraryRoutineAsForbidden(string chapter, string exerciseId, string forbidden)
    {
        var notebook = NotebookDocument.Load(Path.Combine(RepositoryRoot(), "notebooks", chapter));
        var answer = ExerciseMarkup.Read(notebook).Exercises.Single(e => e.Id == exerciseId).AnswerCells.Single();
        var list = answer.Cell.Metadata["scorenotebooks"]!["forbidden"]!.AsArray().Select(n => n!.GetValue<string>()).ToList();
        Assert.Contains(forbidden, list);
        Assert.All(list, name => Assert.StartsWith("ScoreNotebooks.", name));
    }

    /// <summary>
    /// The lines inside solution and hidden-test regions, trimmed, that occur nowhere outside a region of the instructor's
    /// notebook (a brace or a loop header shared with a visible cell is not solution text).
    /// </summary>
    private static List<string> SolutionLines(NotebookDocument instructor)
    {
        var markup = ExerciseMarkup.Read(instructor);
        var regionLines = new HashSet<(int Cell, int Line)>();
        foreach (GradedCell cell in markup.GradedCells)
            foreach (SourceRegion region in cell.Regions)
                for (int i = region.BeginLine; i <= region.EndLine; i++) regionLines.Add((cell.Cell.Index, i));
        var outside = instructor.Cells
            .SelectMany(c => ReleasedSource.Lines(c.Source).Select((l, i) => (l, i)).Where(p => !regionLines.Contains((c.Index, p.i))).Select(p => p.l))
            .ToList();
        var lines = markup.GradedCells
            .SelectMany(c => c.Regions.SelectMany(r => ReleasedSource.Lines(c.Cell.Source)[(r.BeginLine + 1)..r.EndLine]))
            .Select(l => l.Trim()).Where(l => l.Length > 0).Distinct()
            .Where(l => !outside.Any(o => o.Contains(l, StringComparison.Ordinal))).ToList();
        Assert.True(lines.Count >= 20, $"only {lines.Count} distinctive solution lines found");
        return lines;
    }
}
