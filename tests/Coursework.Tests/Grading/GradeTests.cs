using System.Text.Json.Nodes;
using System.Xml.Linq;

namespace ScoreNotebooks.Coursework.Tests.Grading;

/// <summary>
/// grade on a small notebook whose setup cell references the Release library, as the chapters' do: scores,
/// restored checks, processes that end, time limits, names and the output files.
/// </summary>
[Collection("Grading")]
public class GradeTests
{
    internal const string Setup = "#r \"../artifacts/bin/ScoreNotebooks/release/ScoreNotebooks.dll\"\nusing ScoreNotebooks.Checks;";

    internal static ExerciseNotebook Source() => new ExerciseNotebook()
        .Code(Setup)
        .Markdown("## Exercise 1")
        .Answer("ex1", "int Twice(int x)\n{\n    // BEGIN SOLUTION\n    return 2 * x;\n    // END SOLUTION\n}")
        .Check("ex1-check", "Check.Close(\"Twice(3)\", Twice(3), 6, 0);\n// BEGIN HIDDEN TESTS\n" +
                            "Check.Close(\"Twice(-4)\", Twice(-4), -8, 0);\n// END HIDDEN TESTS", 2)
        .Answer("ex2", "int Square(int x)\n{\n    // BEGIN SOLUTION\n    return x * x;\n    // END SOLUTION\n}")
        // Builds on exercise 1: graded with the reference Twice whatever the student's was.
        .Check("ex2-check", "Check.Close(\"Square(Twice(2))\", Square(Twice(2)), 16, 0);", 3)
        .Written("ex3", "Why is Twice linear?\n\nBEGIN SOLUTION\nBecause 2x is.\nEND SOLUTION", 3);

    private static string Release(string folder) => Tool.Release(Source(), folder);

    private static JsonObject Result(string outDirectory, string student) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(outDirectory, "results", student + ".json")))!.AsObject();

    /// <summary>Each exercise's points, "-" for none: "2 3 -".</summary>
    private static string Points(JsonObject result) => string.Join(" ", result["exercises"]!.AsArray()
        .Select(e => ((double?)e!["points"])?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"));

    private static string Messages(JsonObject result, int exercise) =>
        string.Join("\n", result["exercises"]![exercise]!["messages"]!.AsArray().Select(m => (string?)m));

    [Fact]
    public void Grade_ScoresEachSubmission_AndWritesEveryOutput()
    {
        using var folder = new TempFolder();
        string source = Release(folder.Path);
        byte[] sourceBytes = File.ReadAllBytes(source);
        string release = Path.Combine(folder.Path, "release", "ch.ipynb");
        string subs = Path.Combine(folder.Path, "subs");
        new Submission(release).Answer("ex1", "return 2 * x;").Answer("ex2", "return x * x;").WriteTo(subs, "alice.ipynb");
        new Submission(release).Answer("ex1", "return 3 * x;").Answer("ex2", "return x * x;").WriteTo(subs, "bob.ipynb");
        new Submission(release).WriteTo(subs, "carol.ipynb");
        new Submission(release).Answer("ex1", "return x + x;").Answer("ex2", "return x * x;")
            .Delete("ex1-check").Edit("ex2-check", "// nothing to check").WriteTo(subs, "dave.ipynb");
        // Two students who returned the notebook under the source's own name, each in a folder; two folders share a name.
        new Submission(release).Answer("ex1", "return 2 * x;").WriteTo(Path.Combine(subs, "erin"), "ch.ipynb");
        new Submission(release).Answer("ex2", "return x * x;").WriteTo(Path.Combine(subs, "x", "erin"), "ch.ipynb");

        var (code, output, error) = Tool.Run(folder.Path, "grade", "--source", source, "subs/alice.ipynb", "subs/bob.ipynb",
            "subs/carol.ipynb", "subs/dave.ipynb", "subs/erin/ch.ipynb", "subs/x/erin/ch.ipynb", "--out", "graded", "--jobs", "2");
        Assert.True(code == 0, output + error);
        string graded = Path.Combine(folder.Path, "graded");

        var alice = Result(graded, "alice");
        Assert.Equal("2 3 -", Points(alice));
        Assert.Equal((5.0, 5.0), ((double)alice["score"]!, (double)alice["max_score"]!));
        Assert.Equal(["ex3"], alice["manual"]!.AsArray().Select(m => (string?)m));
        var records = alice["exercises"]![0]!["records"]!.AsArray();
        Assert.Equal(["Twice(3)", "Twice(-4)"], records.Select(r => (string?)r!["what"]));
        Assert.All(records, r => Assert.Equal(("absolute", true), ((string?)r!["kind"], (bool)r["passed"]!)));

        // A wrong ex1 loses only ex1: ex2 builds on the reference Twice.
        var bob = Result(graded, "bob");
        Assert.Equal("0 3 -", Points(bob));
        Assert.Contains("CheckFailedException", Messages(bob, 0));
        Assert.Contains("Twice(3): 9 vs exact 6", Messages(bob, 0));
        var failed = Assert.Single(bob["exercises"]![0]!["records"]!.AsArray());
        Assert.Equal((false, 9.0, 6.0), ((bool)failed!["passed"]!, (double)failed["measured"]!, (double)failed["expected"]!));

        var carol = Result(graded, "carol");
        Assert.Equal("0 0 -", Points(carol));
        Assert.Contains("ex1: replace this line with your answer", Messages(carol, 0));

        // Deleted and edited checks are put back from the source (hidden tests included), reported, and scored.
        var dave = Result(graded, "dave");
        Assert.Equal("2 3 -", Points(dave));
        string notes = string.Join("\n", dave["notes"]!.AsArray().Select(n => (string?)n));
        Assert.Contains("check cell ex1-check (cell id code3) is missing from the submission; it was put back from the source", notes);
        Assert.Contains("check cell ex2-check (cell id code5) was changed in the submission; the source's cell was used", notes);
        Assert.Equal(2, dave["exercises"]![0]!["records"]!.AsArray().Count);

        Assert.Equal("2 0 -", Points(Result(graded, "erin")));
        Assert.Equal("0 3 -", Points(Result(graded, "erin-2")));

        Assert.Equal(
            "student,ex1,ex2,ex3,total,max\nalice,2,3,,5,5\nbob,0,3,,3,5\ncarol,0,0,,0,5\ndave,2,3,,5,5\nerin,2,0,,2,5\nerin-2,0,3,,3,5\n",
            File.ReadAllText(Path.Combine(graded, "grades.csv")));

        var gradescope = JsonNode.Parse(File.ReadAllText(Path.Combine(graded, "gradescope", "bob", "results.json")))!;
        Assert.Equal(3, (double)gradescope["score"]!);
        var tests = gradescope["tests"]!.AsArray();
        Assert.Equal(["ex1", "ex2"], tests.Select(t => (string?)t!["name"]));
        Assert.Equal((0.0, 2.0, "visible"), ((double)tests[0]!["score"]!, (double)tests[0]!["max_score"]!, (string?)tests[0]!["visibility"]));
        Assert.Contains("ex3 (3 points) is a written answer, graded by hand", (string?)gradescope["output"]);

        var junit = XDocument.Load(Path.Combine(graded, "junit.xml"));
        var suites = junit.Root!.Elements("testsuite").ToList();
        Assert.Equal(["alice", "bob", "carol", "dave", "erin", "erin-2"], suites.Select(s => (string?)s.Attribute("name")));
        var bobSuite = suites[1];
        Assert.Equal(("3", "1", "1"), ((string?)bobSuite.Attribute("tests"), (string?)bobSuite.Attribute("failures"), (string?)bobSuite.Attribute("skipped")));
        Assert.NotNull(bobSuite.Elements("testcase").First().Element("failure"));

        // The feedback notebook is the executed graded notebook: the student's answer, the source's hidden tests.
        string feedback = File.ReadAllText(Path.Combine(graded, "feedback", "bob.ipynb"));
        Assert.Contains("return 3 * x;", feedback);
        Assert.Contains("Twice(-4)", feedback);
        Assert.Contains("application/vnd.scorenotebooks.check+json", feedback);

        Assert.Equal(sourceBytes, File.ReadAllBytes(source));
        Assert.Contains("6 of 6 submission(s) graded", output);
    }

    [Fact]
    public void Grade_AProcessThatEnds_ScoresOnlyItsExercise0_AndAnInfiniteLoopTimesOut()
    {
        using var folder = new TempFolder();
        string source = Release(folder.Path);
        byte[] sourceBytes = File.ReadAllBytes(source);
        string release = Path.Combine(folder.Path, "release", "ch.ipynb");
        string subs = Path.Combine(folder.Path, "subs");
        new Submission(release).Answer("ex1", "Environment.Exit(0);\n    return 0;").Answer("ex2", "return x * x;").WriteTo(subs, "quits.ipynb");
        new Submission(release).Answer("ex1", "return 2 * x;").Answer("ex2", "while (true) { }").WriteTo(subs, "loops.ipynb");

        var (code, output, error) = Tool.Run(folder.Path, "grade", "--source", "src/ch.ipynb", "subs/quits.ipynb", "subs/loops.ipynb",
            "--out", "graded", "--timeout", "5", "--jobs", "2");
        Assert.True(code == 0, output + error);
        string graded = Path.Combine(folder.Path, "graded");

        var quits = Result(graded, "quits");
        Assert.Equal("0 3 -", Points(quits));
        Assert.Contains("ended the notebook's process (ProcessExited: Environment.Exit(0) was called); the exercise scores 0", Messages(quits, 0));
        Assert.Contains(quits["notes"]!.AsArray(), n => ((string?)n)!.StartsWith("the notebook's process was restarted after cell 4", StringComparison.Ordinal));

        var loops = Result(graded, "loops");
        Assert.Equal("2 0 -", Points(loops));
        Assert.Contains("TimeoutError", Messages(loops, 1));
        Assert.Equal(sourceBytes, File.ReadAllBytes(source));
    }

    [Fact]
    public void Grade_TheSubmissionTimeLimit_ScoresTheRest0_WithTheReason()
    {
        using var folder = new TempFolder();
        string source = Release(folder.Path);
        string release = Path.Combine(folder.Path, "release", "ch.ipynb");
        new Submission(release).Answer("ex1", "System.Threading.Thread.Sleep(60_000);\n    return 2 * x;").Answer("ex2", "return x * x;")
            .WriteTo(Path.Combine(folder.Path, "subs"), "slow.ipynb");

        var (code, output, error) = Tool.Run(folder.Path, "grade", "--source", source, "subs/slow.ipynb", "--out", "graded",
            "--submission-timeout", "20");
        Assert.True(code == 0, output + error);
        var slow = Result(Path.Combine(folder.Path, "graded"), "slow");
        Assert.Equal("0 0 -", Points(slow));
        Assert.Contains("the submission's time limit of 20 s was reached", Messages(slow, 0));
        Assert.Contains("the submission's time limit of 20 s was reached", Messages(slow, 1));
    }

    [Fact]
    public void Grade_AnUnreadableSubmission_ExitsOne_AndGradesTheOthers()
    {
        using var folder = new TempFolder();
        string source = Release(folder.Path);
        string release = Path.Combine(folder.Path, "release", "ch.ipynb");
        new Submission(release).Answer("ex1", "return 2 * x;").WriteTo(Path.Combine(folder.Path, "subs"), "good.ipynb");
        File.WriteAllText(Path.Combine(folder.Path, "subs", "broken.ipynb"), "{ not json");

        var (code, output, error) = Tool.Run(folder.Path, "grade", "--source", source, "subs/good.ipynb", "subs/broken.ipynb", "--out", "graded");
        Assert.True(code == 1, output + error);
        string graded = Path.Combine(folder.Path, "graded");
        Assert.Equal("2 0 -", Points(Result(graded, "good")));
        Assert.NotNull((string?)Result(graded, "broken")["error"]);
        Assert.Equal("student,ex1,ex2,ex3,total,max\ngood,2,0,,2,5\nbroken,,,,,\n", File.ReadAllText(Path.Combine(graded, "grades.csv")));
        Assert.Contains("1 of 2 submission(s) graded", output);
    }

    [Fact]
    public void Grade_RefusesAnOutFolderHoldingAnInput_WritingNothing()
    {
        using var folder = new TempFolder();
        string source = Release(folder.Path);
        new Submission(Path.Combine(folder.Path, "release", "ch.ipynb")).WriteTo(Path.Combine(folder.Path, "subs"), "a.ipynb");
        var before = Directory.GetFileSystemEntries(folder.Path, "*", SearchOption.AllDirectories).Order().ToList();

        var (code, _, error) = Tool.Run(folder.Path, "grade", "--source", source, "subs/a.ipynb", "--out", "subs");
        Assert.Equal(2, code);
        Assert.Contains("the grader writes only inside --out", error);
        Assert.Equal(2, Tool.Run(folder.Path, "grade", "--source", source, "subs/a.ipynb", "--out", ".").Code);
        Assert.Equal(before, Directory.GetFileSystemEntries(folder.Path, "*", SearchOption.AllDirectories).Order().ToList());
    }

    [Fact]
    public void Grade_WithThePrecompiledWorker_ScoresAsWithout()
    {
        using var folder = new TempFolder();
        string source = Release(folder.Path);
        string release = Path.Combine(folder.Path, "release", "ch.ipynb");
        new Submission(release).Answer("ex1", "return 2 * x;").Answer("ex2", "return x + x;").WriteTo(Path.Combine(folder.Path, "subs"), "a.ipynb");
        var (code, output, error) = Tool.Run(folder.Path, "grade", "--source", source, "subs/a.ipynb", "--out", "graded", "--precompile");
        Assert.True(code == 0, output + error);
        Assert.Contains("precompiling the worker (ReadyToRun)", output);
        Assert.DoesNotContain("warning:", error);
        Assert.Equal("2 0 -", Points(Result(Path.Combine(folder.Path, "graded"), "a")));
        string config = File.ReadAllText(Path.Combine(ReleaseLibraries.FindRoot(), "artifacts", "worker-precompiled",
            "ScoreNotebooks.NotebookWorker.runtimeconfig.json"));
        Assert.Contains("\"System.Runtime.TieredCompilation\": false", config);
    }
}
