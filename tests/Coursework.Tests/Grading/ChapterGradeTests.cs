namespace ScoreNotebooks.Coursework.Tests.Grading;

/// <summary>grade and check on the real chapter 01, with submissions made from its release inside the test.</summary>
[Collection("Grading")]
public class ChapterGradeTests(GradingLibraries libraries)
{
    private const string Chapter = "01-kl-and-maximum-likelihood.ipynb";

    private string Source => Path.Combine(libraries.Root, "notebooks", Chapter);

    private string Release(string folder)
    {
        var (code, _, error) = Tool.Run(folder, "assign", Source, "--out", "release");
        Assert.True(code == 0, error);
        return Path.Combine(folder, "release", Chapter);
    }

    private Submission Correct(string release)
    {
        var submission = new Submission(release);
        foreach (var (id, answer) in Submission.ModelAnswers(Source)) submission.Answer(id, answer);
        return submission;
    }

    [Fact]
    public void Grade_Chapter01_Correct8_WrongEx2Only6_Empty0_ExitInEx1Loses2()
    {
        using var folder = new TempFolder();
        byte[] sourceBytes = File.ReadAllBytes(Source);
        string release = Release(folder.Path);
        string subs = Path.Combine(folder.Path, "subs");
        Correct(release).WriteTo(subs, "correct.ipynb");
        var answers = Submission.ModelAnswers(Source);
        var wrong = new Submission(release);
        foreach (var (id, answer) in answers)
            wrong.Answer(id, id == "ch01-ex2" ? "return xs.Select(x => (x - m) * (x - m)).Sum() / (xs.Length - 1);" : answer);
        wrong.WriteTo(subs, "wrong-ex2.ipynb");
        new Submission(release).WriteTo(subs, "empty.ipynb");
        var quits = new Submission(release);
        foreach (var (id, answer) in answers) quits.Answer(id, id == "ch01-ex1" ? "Environment.Exit(0);\n    return 0;" : answer);
        quits.WriteTo(subs, "exits.ipynb");

        var (code, output, error) = Tool.Run(folder.Path, "grade", "--source", Source, "subs/correct.ipynb", "subs/wrong-ex2.ipynb",
            "subs/empty.ipynb", "subs/exits.ipynb", "--out", "graded", "--jobs", "2");
        Assert.True(code == 0, output + error);
        Assert.Equal(
            "student,ch01-ex1,ch01-ex2,ch01-ex3,ch01-ex4,total,max\n" +
            "correct,2,2,2,2,8,8\nwrong-ex2,2,0,2,2,6,8\nempty,0,0,0,0,0,8\nexits,0,2,2,2,6,8\n",
            File.ReadAllText(Path.Combine(folder.Path, "graded", "grades.csv")));
        string exits = File.ReadAllText(Path.Combine(folder.Path, "graded", "results", "exits.json"));
        Assert.Contains("Environment.Exit(0) was called", exits);
        Assert.Equal(sourceBytes, File.ReadAllBytes(Source));
    }

    [Fact]
    public void Check_Chapter01_PassesACorrectNotebook_AndFailsTheRelease()
    {
        using var folder = new TempFolder();
        string release = Release(folder.Path);
        // A student's notebook sits in notebooks/ beside artifacts/, as in their copy of the repository.
        string notebooks = Path.Combine(folder.Path, "notebooks");
        Directory.CreateSymbolicLink(Path.Combine(folder.Path, "artifacts"), Path.Combine(libraries.Root, "artifacts"));
        Correct(release).WriteTo(notebooks, "mine.ipynb");
        byte[] before = File.ReadAllBytes(Path.Combine(notebooks, "mine.ipynb"));

        var (code, output, error) = Tool.Run(folder.Path, "check", "notebooks/mine.ipynb");
        Assert.True(code == 0, output + error);
        Assert.Contains("PASS  ch01-ex1  2/2\nPASS  ch01-ex2  2/2\nPASS  ch01-ex3  2/2\nPASS  ch01-ex4  2/2\ntotal  8/8\n", output);
        Assert.Equal(before, File.ReadAllBytes(Path.Combine(notebooks, "mine.ipynb")));

        new Submission(release).WriteTo(notebooks, "release.ipynb");
        (code, output, error) = Tool.Run(folder.Path, "check", "notebooks/release.ipynb");
        Assert.True(code == 1, output + error);
        Assert.Contains("FAIL  ch01-ex1  0/2  ", output);
        Assert.Contains("FAIL  ch01-ex4  0/2  ", output);
        Assert.Contains("total  0/8", output);
    }
}
