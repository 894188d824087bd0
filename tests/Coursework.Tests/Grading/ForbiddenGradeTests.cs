using System.Text.Json.Nodes;

namespace ScoreNotebooks.Coursework.Tests.Grading;

/// <summary>An exercise that forbids an API: assign lists it, grade scores a use 0 with its cell and line, check reports it.</summary>
[Collection("Grading")]
public class ForbiddenGradeTests(GradingLibraries libraries)
{
    private const string Sum = "System.Linq.Enumerable.Sum";
    private const string Use = "answer cell 2, line 3 uses System.Linq.Enumerable.Sum, which exercise ex1 may not use; the exercise scores 0";

    private static ExerciseNotebook Source() => new ExerciseNotebook()
        .Code("#r \"../artifacts/bin/ScoreNotebooks/release/ScoreNotebooks.dll\"\nusing ScoreNotebooks.Checks;")
        .Answer("ex1", "double Total(double[] xs)\n{\n    // BEGIN SOLUTION\n    double t = 0;\n    foreach (var x in xs) t += x;\n" +
                       "    return t;\n    // END SOLUTION\n}")
        .WithMetadata("scorenotebooks", new JsonObject { ["forbidden"] = new JsonArray(Sum) })
        .Check("ex1-check", "Check.Close(\"Total\", Total([1.0, 2.0]), 3, 0);", 2)
        .Answer("ex2", "double Mean(double[] xs)\n{\n    // BEGIN SOLUTION\n    return Total(xs) / xs.Length;\n    // END SOLUTION\n}")
        .Check("ex2-check", "Check.Close(\"Mean\", Mean([1.0, 3.0]), 2, 0);", 3);

    private static string Release(string folder) => Tool.Release(Source(), folder);

    [Fact]
    public void Grade_AForbiddenCall_ScoresItsExerciseZero_WithTheApiCellAndLine_AndOnlyThatExercise()
    {
        using var folder = new TempFolder();
        string source = Release(folder.Path);
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(folder.Path, "release", "ch.manifest.json")))!;
        Assert.Equal([Sum], manifest["exercises"]![0]!["forbidden"]!.AsArray().Select(f => (string?)f));
        Assert.Empty(manifest["exercises"]![1]!["forbidden"]!.AsArray());

        string release = Path.Combine(folder.Path, "release", "ch.ipynb");
        string subs = Path.Combine(folder.Path, "subs");
        new Submission(release).Answer("ex1", "double t = 0;\n    foreach (var x in xs) t += x;\n    return t;")
            .Answer("ex2", "return xs.Sum() / xs.Length;").WriteTo(subs, "alice.ipynb");
        new Submission(release).Answer("ex1", "return xs.Sum();").Answer("ex2", "return Total(xs) / xs.Length;").WriteTo(subs, "bob.ipynb");

        var (code, output, error) = Tool.Run(folder.Path, "grade", "--source", source, "subs/alice.ipynb", "subs/bob.ipynb", "--out", "graded");
        Assert.True(code == 0, output + error);
        string graded = Path.Combine(folder.Path, "graded");
        // ex2 forbids nothing: Sum is allowed there.
        Assert.Equal("student,ex1,ex2,total,max\nalice,2,3,5,5\nbob,0,3,3,5\n", File.ReadAllText(Path.Combine(graded, "grades.csv")));

        var bob = JsonNode.Parse(File.ReadAllText(Path.Combine(graded, "results", "bob.json")))!;
        var ex1 = bob["exercises"]![0]!;
        Assert.Equal(Use, Assert.Single(ex1["messages"]!.AsArray().Select(m => (string?)m)));
        // Its check still ran and passed; the forbidden use overrides the points.
        Assert.Equal(1, (int)ex1["passed_checks"]!);
        Assert.Equal("""[{"api":"System.Linq.Enumerable.Sum","cell":2,"how":"uses","line":3}]""", ex1["forbidden"]!.ToJsonString());
        var gradescope = JsonNode.Parse(File.ReadAllText(Path.Combine(graded, "gradescope", "bob", "results.json")))!;
        Assert.Contains(Use, (string?)gradescope["tests"]![0]!["output"]);
        Assert.Equal(0, (double)gradescope["tests"]![0]!["score"]!);
    }

    [Fact]
    public void Grade_AnAnswerThatDoesNotCompile_BeforeAnExerciseThatForbidsAnApi_CostsOnlyItsOwnPoints()
    {
        // The analysis compiles the answers as a chain; an answer with compile errors once stopped every later cell from
        // compiling, and the exception ended the whole batch.
        var source = new ExerciseNotebook()
            .Code("#r \"../artifacts/bin/ScoreNotebooks/release/ScoreNotebooks.dll\"\nusing ScoreNotebooks.Checks;")
            .Answer("ex1", "double Total(double[] xs)\n{\n    // BEGIN SOLUTION\n    double t = 0;\n    foreach (var x in xs) t += x;\n" +
                           "    return t;\n    // END SOLUTION\n}")
            .Check("ex1-check", "Check.Close(\"Total\", Total([1.0, 2.0]), 3, 0);", 2)
            .Answer("ex2", "double Mean(double[] xs)\n{\n    // BEGIN SOLUTION\n    return Total(xs) / xs.Length;\n    // END SOLUTION\n}")
            .WithMetadata("scorenotebooks", new JsonObject { ["forbidden"] = new JsonArray(Sum) })
            .Check("ex2-check", "Check.Close(\"Mean\", Mean([1.0, 3.0]), 2, 0);", 3);
        using var folder = new TempFolder();
        string sourcePath = Tool.Release(source, folder.Path);
        string release = Path.Combine(folder.Path, "release", "ch.ipynb");
        string subs = Path.Combine(folder.Path, "subs");
        new Submission(release).Answer("ex1", "return undefinedName;").Answer("ex2", "return xs.Sum() / xs.Length;").WriteTo(subs, "carol.ipynb");
        new Submission(release).Answer("ex1", "return undefinedName;").Answer("ex2", "return Total(xs) / xs.Length;").WriteTo(subs, "dave.ipynb");

        var (code, output, error) = Tool.Run(folder.Path, "grade", "--source", sourcePath, "subs/carol.ipynb", "subs/dave.ipynb", "--out", "graded");

        Assert.True(code == 0, output + error);
        Assert.Equal("student,ex1,ex2,total,max\ncarol,0,0,0,5\ndave,0,3,3,5\n",
            File.ReadAllText(Path.Combine(folder.Path, "graded", "grades.csv")));
        var carol = JsonNode.Parse(File.ReadAllText(Path.Combine(folder.Path, "graded", "results", "carol.json")))!;
        Assert.Contains(carol["exercises"]![1]!["messages"]!.AsArray().Select(m => (string?)m),
            m => m!.Contains("uses System.Linq.Enumerable.Sum, which exercise ex2 may not use"));
    }

    [Fact]
    public void Check_ReportsAForbiddenCall_AndFailsItsExercise()
    {
        using var folder = new TempFolder();
        Release(folder.Path);
        Directory.CreateSymbolicLink(Path.Combine(folder.Path, "artifacts"), Path.Combine(libraries.Root, "artifacts"));
        new Submission(Path.Combine(folder.Path, "release", "ch.ipynb")).Answer("ex1", "return xs.Sum();")
            .Answer("ex2", "return Total(xs) / xs.Length;").WriteTo(Path.Combine(folder.Path, "notebooks"), "ch.ipynb");

        var (code, output, error) = Tool.Run(folder.Path, "check", "notebooks/ch.ipynb");
        Assert.True(code == 1, output + error);
        Assert.Contains($"forbidden: {Use}\n", output);
        Assert.Contains($"FAIL  ex1  0/2  {Use}\n", output);
        Assert.Contains("PASS  ex2  3/3\n", output);
    }
}
