using System.Text.Json.Nodes;
using ScoreNotebooks.Coursework.Grading;

namespace ScoreNotebooks.Coursework.Tests.Grading;

/// <summary>
/// Submissions that attack the grader: each costs only its own exercise, never another exercise or student, and the
/// instructor's files stay byte-identical. What only the operating system's sandbox can stop is asserted only where
/// bubblewrap works.
/// </summary>
[Collection("Grading")]
public class HostileSubmissionTests
{
    /// <summary>The student's points and, after them, every message, for failure messages.</summary>
    private static string Explained(string graded, string student) => Points(graded, student) + " | " + string.Join(" | ",
        JsonNode.Parse(File.ReadAllText(Path.Combine(graded, "results", student + ".json")))!["exercises"]!.AsArray()
            .SelectMany(e => e!["messages"]!.AsArray().Select(m => (string?)m)));

    private static string Points(string graded, string student) => string.Join(" ",
        JsonNode.Parse(File.ReadAllText(Path.Combine(graded, "results", student + ".json")))!["exercises"]!.AsArray()
            .Select(e => ((double?)e!["points"])?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"));

    /// <summary>Every file under <paramref name="folder"/> and its bytes.</summary>
    private static Dictionary<string, byte[]> Files(string folder) => Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
        .ToDictionary(f => Path.GetRelativePath(folder, f), File.ReadAllBytes);

    /// <summary>The processes whose command line is <c>sleep SECONDS</c>.</summary>
    internal static int Sleeping(string seconds) => Directory.EnumerateDirectories("/proc")
        .Count(dir => int.TryParse(Path.GetFileName(dir), out _) && TryRead(Path.Combine(dir, "cmdline")) == $"sleep\0{seconds}\0");

    private static string? TryRead(string path)
    {
        try { return File.ReadAllText(path); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { return null; }
    }

    /// <summary>Releases the small grading notebook into FOLDER/release; writes one submission per ex1 answer; grades them.</summary>
    private static (string Source, string Graded, string Output) Grade(string folder, Dictionary<string, string> ex1Answers, params string[] options)
    {
        string source = GradeTests.Source().WriteTo(Directory.CreateDirectory(Path.Combine(folder, "src")).FullName, "ch.ipynb");
        Assert.Equal(0, Tool.Run(folder, "assign", source, "--out", "release").Code);
        var args = new List<string> { "grade", "--source", source, "--out", "graded" };
        foreach (var (student, answer) in ex1Answers)
        {
            new Submission(Path.Combine(folder, "release", "ch.ipynb")).Answer("ex1", answer).Answer("ex2", "return x * x;")
                .WriteTo(Path.Combine(folder, "subs"), student + ".ipynb");
            args.Add($"subs/{student}.ipynb");
        }
        var before = Files(Path.Combine(folder, "src"));
        var (code, output, error) = Tool.Run(folder, [.. args, .. options]);
        Assert.True(code == 0, output + error);
        Assert.Equal(before, Files(Path.Combine(folder, "src")));
        return (source, Path.Combine(folder, "graded"), output);
    }

    [Fact]
    public void Grade_ProcessesMemoryAndTime_CostOnlyTheirOwnExercise()
    {
        using var folder = new TempFolder();
        string results = Path.Combine(folder.Path, "graded", "results");
        var (_, graded, output) = Grade(folder.Path, new()
        {
            ["alice"] = "return 2 * x;",
            ["sleeper"] = "System.Diagnostics.Process.Start(\"sleep\", \"1001\");\n    return 0;",
            ["forker"] = "for (int i = 0; i < 50; i++) System.Diagnostics.Process.Start(\"sleep\", \"1002\");\n    return 0;",
            ["hog"] = "var hoard = new List<byte[]>();\n    while (true) hoard.Add(new byte[1 << 20]);",
            ["looper"] = "while (true) { }",
            ["exiter"] = "Environment.Exit(0);\n    return 0;",
            ["failer"] = "Environment.FailFast(\"given up\");\n    return 0;",
            ["recurser"] = "int Down(int n) => Down(n + 1) + 1;\n    return Down(x);",
            // Native memory, which the .NET heap limit does not see: only the watch on the process's size stops it.
            ["native"] = "var page = new byte[1 << 20];\n    Array.Fill(page, (byte)1);\n    " +
                         "while (true) System.Runtime.InteropServices.Marshal.Copy(page, 0, " +
                         "System.Runtime.InteropServices.Marshal.AllocHGlobal(page.Length), page.Length);",
            // Its own results file is written by the grader after its run, over whatever the cell wrote.
            ["forger"] = $"System.IO.Directory.CreateDirectory(@\"{results}\");\n    " +
                         $"System.IO.File.WriteAllText(@\"{Path.Combine(results, "forger.json")}\", \"{{\\\"score\\\": 5}}\");\n    return 0;",
            // The staged notebook a cell can read from its folder has no hidden tests.
            ["stager"] = "var staged = System.IO.File.ReadAllText(\"ch.ipynb\");\n    if (staged.Contains(\"Twice(-\" + \"4)\")) return 0;\n    return 2 * x;",
        }, "--timeout", "20", "--memory", "512", "--jobs", "2");

        Assert.Equal(1, output.Split('\n').Count(l => l.StartsWith("sandbox: ", StringComparison.Ordinal) || l.StartsWith("no sandbox: ", StringComparison.Ordinal)));
        Assert.Equal("2 3 -", Points(graded, "alice"));
        Assert.True(Points(graded, "stager") == "2 3 -", Explained(graded, "stager"));
        foreach (string student in new[] { "sleeper", "forker", "hog", "looper", "forger" })
        {
            Assert.True(Points(graded, student) == "0 3 -", $"{student}: {Explained(graded, student)}");
            Assert.DoesNotContain("CompilationError", Explained(graded, student));
        }
        foreach (var (student, cause) in new[]
                 {
                     ("exiter", "Environment.Exit(0) was called"), ("failer", "Environment.FailFast was called: given up"),
                     ("recurser", "the stack overflowed"), ("native", "more than its memory cap of 512 MiB"),
                 })
        {
            Assert.True(Points(graded, student) == "0 3 -", $"{student}: {Explained(graded, student)}");
            Assert.Contains(cause, Explained(graded, student));
        }
        Assert.Equal(3, (double)JsonNode.Parse(File.ReadAllText(Path.Combine(graded, "results", "forger.json")))!["score"]!);
        // The worker's processes ended with it.
        Assert.Equal((0, 0), (Sleeping("1001"), Sleeping("1002")));
    }

    [SkippableFact]
    public void Grade_InTheSandbox_ASubmissionCannotTouchOrReadTheInstructorsFiles_OrAnotherStudentsResults()
    {
        Skip.IfNot(GradingSandbox.Current.Active, $"needs bubblewrap: {GradingSandbox.Current.Description}");
        using var folder = new TempFolder();
        string src = Path.Combine(folder.Path, "src");
        string outResults = Path.Combine(folder.Path, "graded", "results");
        var (source, graded, _) = Grade(folder.Path, new()
        {
            ["alice"] = "return 2 * x;",
            ["writer"] = $"System.IO.File.WriteAllText(@\"{Path.Combine(src, "planted.txt")}\", \"x\");\n    return 2 * x;",
            ["overwriter"] = $"System.IO.File.WriteAllText(@\"{Path.Combine(src, "ch.ipynb")}\", \"{{}}\");\n    return 2 * x;",
            ["reader"] = $"var hidden = System.IO.File.ReadAllText(@\"{Path.Combine(src, "ch.ipynb")}\");\n    return 2 * x;",
            ["forger"] = $"System.IO.File.WriteAllText(@\"{Path.Combine(outResults, "alice.json")}\", \"{{}}\");\n    return 2 * x;",
        }, "--jobs", "1");

        Assert.Equal("2 3 -", Points(graded, "alice"));
        // Each attack fails with an exception in its answer cell, so its exercise scores 0.
        foreach (string student in new[] { "writer", "overwriter", "reader", "forger" })
        {
            Assert.True(Points(graded, student) == "0 3 -", $"{student}: {Explained(graded, student)}");
            Assert.DoesNotContain("CompilationError", Explained(graded, student));
        }
        Assert.False(File.Exists(Path.Combine(src, "planted.txt")));
        Assert.Equal(GradeTests.Source().Json(), File.ReadAllText(source));
    }
}
