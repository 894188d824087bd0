using System.Text.Json.Nodes;

namespace ScoreNotebooks.Coursework.Tests.Grading;

/// <summary>
/// Grading goes on after a cell outside the exercises ends the notebook's process, whoever caused it, and stops
/// cleanly when the instructor presses Ctrl-C.
/// </summary>
[Collection("Grading")]
public class GradeRecoveryTests
{
    /// <summary>The small grading notebook of <see cref="GradeTests"/> with <paramref name="between"/> as an instructor's
    /// cell between exercise 1 and exercise 2.</summary>
    private static ExerciseNotebook Source(string between) => new ExerciseNotebook()
        .Code(GradeTests.Setup)
        .Answer("ex1", "int Twice(int x)\n{\n    // BEGIN SOLUTION\n    return 2 * x;\n    // END SOLUTION\n}")
        .Check("ex1-check", "Check.Close(\"Twice(3)\", Twice(3), 6, 0);", 2)
        .Code(between)
        .Answer("ex2", "int Square(int x)\n{\n    // BEGIN SOLUTION\n    return x * x;\n    // END SOLUTION\n}")
        .Check("ex2-check", "Check.Close(\"Square(Twice(2))\", Square(Twice(2)), 16, 0);", 3);

    private static JsonObject Graded(string folder, ExerciseNotebook source, string ex1Answer)
    {
        string path = Tool.Release(source, folder);
        new Submission(Path.Combine(folder, "release", "ch.ipynb")).Answer("ex1", ex1Answer).Answer("ex2", "return x * x;")
            .WriteTo(Path.Combine(folder, "subs"), "alice.ipynb");
        var (code, output, error) = Tool.Run(folder, "grade", "--source", path, "subs/alice.ipynb", "--out", "graded", "--timeout", "30");
        Assert.True(code == 0, output + error);
        return JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "graded", "results", "alice.json")))!.AsObject();
    }

    private static string Points(JsonObject result) => string.Join(" ", result["exercises"]!.AsArray()
        .Select(e => ((double?)e!["points"])?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"));

    private static string Notes(JsonObject result) => string.Join("\n", result["notes"]!.AsArray().Select(n => (string?)n));

    [Fact]
    public void InstructorCellThatEndsEveryProcess_IsLeftOut_AndTheNextExerciseIsGraded()
    {
        using var folder = new TempFolder();
        var result = Graded(folder.Path, Source("Environment.Exit(3);"), "return 2 * x;");
        Assert.True(Points(result) == "2 3", Notes(result));
        Assert.Contains("cell 4 ended the notebook's process (ProcessExited: Environment.Exit(3) was called)", Notes(result));
        Assert.Contains("cell 4 ended the replay too", Notes(result));
        Assert.Contains("left out of the replays", Notes(result));
    }

    [Fact]
    public void InstructorCellEndedByAThreadTheStudentStarted_RunsAgainInTheReplay_AndTheNextExerciseIsGraded()
    {
        using var folder = new TempFolder();
        // The answer is right, but leaves a thread that ends the process while the instructor's next cell waits.
        string answer = "new System.Threading.Thread(() => { System.Threading.Thread.Sleep(500); Environment.Exit(0); }).Start();\n" +
                        "    return 2 * x;";
        var result = Graded(folder.Path, Source("System.Threading.Thread.Sleep(5000);\nConsole.WriteLine(\"waited\");"), answer);
        Assert.True(Points(result) == "2 3", Notes(result));
        Assert.Contains("cell 4 ended the notebook's process", Notes(result));
        Assert.DoesNotContain("ended the replay too", Notes(result));
    }

    [Fact]
    public async Task Interrupted_Exits130_StopsTheProcesses_AndWritesNoSummaries()
    {
        using var folder = new TempFolder();
        string path = Tool.Release(GradeTests.Source(), folder.Path);
        string release = Path.Combine(folder.Path, "release", "ch.ipynb");
        var args = new List<string> { "grade", "--source", path, "--out", "graded", "--jobs", "1" };
        for (int k = 0; k < 3; k++)
        {
            new Submission(release).Answer("ex1", "System.Diagnostics.Process.Start(\"sleep\", \"1003\");\n" +
                                                  "    System.Threading.Thread.Sleep(60_000);\n    return 2 * x;")
                .WriteTo(Path.Combine(folder.Path, "subs"), $"s{k}.ipynb");
            args.Add($"subs/s{k}.ipynb");
        }
        using var interrupt = new CancellationTokenSource();
        // Ctrl-C while the first submission's answer waits.
        var watch = Task.Run(async () =>
        {
            while (!interrupt.IsCancellationRequested && HostileSubmissionTests.Sleeping("1003") == 0) await Task.Delay(100);
            await interrupt.CancelAsync();
        });
        var (code, output, error) = Tool.Run(folder.Path, interrupt.Token, [.. args]);
        await watch;
        Assert.True(code == 130, output + error);
        Assert.Contains("interrupted:", error);
        Assert.False(File.Exists(Path.Combine(folder.Path, "graded", "grades.csv")));
        Assert.Equal(0, HostileSubmissionTests.Sleeping("1003"));
    }
}
