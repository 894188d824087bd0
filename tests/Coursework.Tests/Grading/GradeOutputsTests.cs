namespace ScoreNotebooks.Coursework.Tests.Grading;

/// <summary>grade's per-student files: the answers as submitted, and the HTML feedback pages with and without hidden tests.</summary>
[Collection("Grading")]
public class GradeOutputsTests
{
    [Fact]
    public void Grade_WritesEachAnswer_AndFeedbackPages_TheStudentsWithoutHiddenTests()
    {
        using var folder = new TempFolder();
        string source = GradeTests.Source().WriteTo(Directory.CreateDirectory(Path.Combine(folder.Path, "src")).FullName, "ch.ipynb");
        Assert.Equal(0, Tool.Run(folder.Path, "assign", source, "--out", "release").Code);
        // Twice(3) passes, the hidden Twice(-4) fails.
        new Submission(Path.Combine(folder.Path, "release", "ch.ipynb")).Answer("ex1", "return x >= 0 ? 2 * x : 0;")
            .Answer("ex2", "return x * x;").WriteTo(Path.Combine(folder.Path, "subs"), "dana.ipynb");

        var (code, output, error) = Tool.Run(folder.Path, "grade", "--source", source, "subs/dana.ipynb", "--out", "graded", "--student-feedback");
        Assert.True(code == 0, output + error);
        string graded = Path.Combine(folder.Path, "graded");

        Assert.Equal("// ex1: answer cell 3 (cell id code2, grade_id ex1)\nint Twice(int x)\n{\n    return x >= 0 ? 2 * x : 0;\n}\n",
            File.ReadAllText(Path.Combine(graded, "answers", "dana", "ex1.cs")));
        Assert.Equal("// ex2: answer cell 5 (cell id code4, grade_id ex2)\nint Square(int x)\n{\n    return x * x;\n}\n",
            File.ReadAllText(Path.Combine(graded, "answers", "dana", "ex2.cs")));
        Assert.StartsWith("<!-- ex3: written answer, cell 7 (cell id markdown6, grade_id ex3) -->\nWhy is Twice linear?",
            File.ReadAllText(Path.Combine(graded, "answers", "dana", "ex3.md")));

        string page = File.ReadAllText(Path.Combine(graded, "feedback", "dana.html"));
        Assert.StartsWith("<!DOCTYPE html>", page);
        Assert.Contains("<strong>Score: 3 / 5</strong>", page);
        Assert.Contains("Twice(-4): 0 vs exact -8", page);
        Assert.Contains("<td>Twice(-4)</td><td class=\"fail\">fail</td>", page);
        Assert.DoesNotContain("<script", page);
        Assert.DoesNotContain("http", page);

        string student = File.ReadAllText(Path.Combine(graded, "feedback-student", "dana.html"));
        Assert.Contains("<strong>Score: 3 / 5</strong>", student);
        Assert.DoesNotContain("Twice(-4)", student);
        Assert.Contains("check cell 4 (2 points) failed; it holds hidden tests, so its details are not shown", student);
        Assert.Contains("<td>Square(Twice(2))</td><td class=\"pass\">pass</td>", student);

        // Gradescope shows each test's output to the student: the hidden test is named, never quoted.
        var gradescope = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(graded, "gradescope", "dana", "results.json")))!;
        string ex1 = (string)gradescope["tests"]![0]!["output"]!;
        Assert.DoesNotContain("Twice(-4)", ex1);
        Assert.Contains("check cell 4 (2 points) failed; it holds hidden tests, so its details are not shown", ex1);
    }
}
