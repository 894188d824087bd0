using ScoreNotebooks.Coursework.Tests.Grading;

namespace ScoreNotebooks.Coursework.Tests.Checking;

/// <summary>check, for students: every exercise's checks run, even after a failed cell or a process that ended.</summary>
[Collection("Grading")]
public class CheckTests(GradingLibraries libraries)
{
    /// <summary>Releases the small grading notebook and returns a student copy in notebooks/ beside a link to artifacts/.</summary>
    private Submission Student(string folder)
    {
        string source = GradeTests.Source().WriteTo(Directory.CreateDirectory(Path.Combine(folder, "src")).FullName, "ch.ipynb");
        Assert.Equal(0, Tool.Run(folder, "assign", source, "--out", "release").Code);
        Directory.CreateSymbolicLink(Path.Combine(folder, "artifacts"), Path.Combine(libraries.Root, "artifacts"));
        return new Submission(Path.Combine(folder, "release", "ch.ipynb"));
    }

    [Fact]
    public void Check_AFailedExercise_DoesNotStopTheNext()
    {
        using var folder = new TempFolder();
        Student(folder.Path).Answer("ex2", "return x * x;").WriteTo(Path.Combine(folder.Path, "notebooks"), "ch.ipynb");

        var (code, output, error) = Tool.Run(folder.Path, "check", "notebooks/ch.ipynb");
        Assert.True(code == 1, output + error);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines, l => l.StartsWith("cell 4 failed: ", StringComparison.Ordinal) && l.Contains("ex1: replace this line"));
        Assert.Contains(lines, l => l.StartsWith("FAIL  ex1  0/2  ", StringComparison.Ordinal) && l.Contains("ex1: replace this line"));
        // ex2's check calls Twice from ex1, which the student has not written yet: the check runs and fails on it.
        Assert.Contains(lines, l => l.StartsWith("FAIL  ex2  0/3  ", StringComparison.Ordinal));
        Assert.Contains("HAND  ex3  -/3  a written answer, graded by hand", lines);
        Assert.Equal("total  0/5", lines[^1]);
    }

    [Fact]
    public void Check_AllPassing_ExitsZero_AndACellThatEndsTheProcessIsReported()
    {
        using var folder = new TempFolder();
        var student = Student(folder.Path);
        student.Answer("ex1", "return 2 * x;").Answer("ex2", "return x * x;").WriteTo(Path.Combine(folder.Path, "notebooks"), "ch.ipynb");
        var (code, output, error) = Tool.Run(folder.Path, "check", "notebooks/ch.ipynb");
        Assert.True(code == 0, output + error);
        Assert.EndsWith("PASS  ex1  2/2\nPASS  ex2  3/3\nHAND  ex3  -/3  a written answer, graded by hand\ntotal  5/5\n", output);

        new Submission(Path.Combine(folder.Path, "release", "ch.ipynb")).Answer("ex1", "Environment.Exit(0);\n    return 0;")
            .Answer("ex2", "return x * x;").WriteTo(Path.Combine(folder.Path, "notebooks"), "exits.ipynb");
        (code, output, error) = Tool.Run(folder.Path, "check", "notebooks/exits.ipynb");
        Assert.True(code == 1, output + error);
        Assert.Contains("FAIL  ex1  0/2  ProcessExited", output);
        Assert.Contains("the notebook's process was restarted", output);
        Assert.Contains("total  0/5", output);
    }
}
