using ScoreNotebooks.Coursework.Tests.Markup;

namespace ScoreNotebooks.Coursework.Tests;

public class CourseworkToolTests
{
    private static Dictionary<string, byte[]> Files(string directory) =>
        Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(directory, f), File.ReadAllBytes);

    [Fact]
    public void Assign_WritesTheReleaseAndManifest_ByteIdenticalOnASecondRun()
    {
        using var folder = new TempFolder();
        Directory.CreateDirectory(Path.Combine(folder.Path, "src"));
        ExerciseMarkupTests.Sample().WriteTo(Path.Combine(folder.Path, "src"), "ch.ipynb");

        var (code, output, error) = Tool.Run(folder.Path, "assign", "src/ch.ipynb", "--out", "release");
        Assert.True(code == 0, error);
        Assert.Contains("ch.ipynb: 2 exercises, 6.5 points", output);
        var first = Files(Path.Combine(folder.Path, "release"));
        Assert.Equal(["ch.ipynb", "ch.manifest.json"], first.Keys.Order());

        Assert.Equal(0, Tool.Run(folder.Path, "assign", "src/ch.ipynb", "--out", "release").Code);
        var second = Files(Path.Combine(folder.Path, "release"));
        Assert.Equal(first.Keys.Order(), second.Keys.Order());
        foreach (var (name, bytes) in first) Assert.Equal(bytes, second[name]);
        Assert.DoesNotContain("return 2 * x", File.ReadAllText(Path.Combine(folder.Path, "release", "ch.ipynb")));
    }

    [Fact]
    public void Assign_RefusesAnOutFolderThatHoldsTheSource_WritingNothing()
    {
        using var folder = new TempFolder();
        string source = ExerciseMarkupTests.Sample().WriteTo(folder.Path, "ch.ipynb");
        byte[] before = File.ReadAllBytes(source);

        var (code, _, error) = Tool.Run(folder.Path, "assign", "ch.ipynb", "--out", ".");
        Assert.Equal(2, code);
        Assert.Contains("would overwrite the source notebook", error);
        Assert.Equal(["ch.ipynb"], Files(folder.Path).Keys);
        Assert.Equal(before, File.ReadAllBytes(source));
    }

    [Fact]
    public void Assign_WithMalformedMarkupInAnySource_ExitsOne_AndWritesNothing()
    {
        using var folder = new TempFolder();
        ExerciseMarkupTests.Sample().WriteTo(folder.Path, "good.ipynb");
        new ExerciseNotebook().Answer("ex1", ExerciseMarkupTests.TwiceAnswer).WriteTo(folder.Path, "bad.ipynb");

        var (code, _, error) = Tool.Run(folder.Path, "assign", "good.ipynb", "bad.ipynb", "--out", "release");
        Assert.Equal(1, code);
        Assert.Contains("bad.ipynb: cell 1 (id code0, grade_id ex1): exercise 'ex1' has no check cell", error);
        Assert.False(Directory.Exists(Path.Combine(folder.Path, "release")));
    }

    [Fact]
    public void Assign_RefusesTwoSourcesOfOneName()
    {
        using var folder = new TempFolder();
        foreach (string sub in new[] { "a", "b" })
        {
            Directory.CreateDirectory(Path.Combine(folder.Path, sub));
            ExerciseMarkupTests.Sample().WriteTo(Path.Combine(folder.Path, sub), "ch.ipynb");
        }
        var (code, _, error) = Tool.Run(folder.Path, "assign", "a/ch.ipynb", "b/ch.ipynb", "--out", "release");
        Assert.Equal(2, code);
        Assert.Contains("two sources are named ch.ipynb", error);
        Assert.False(Directory.Exists(Path.Combine(folder.Path, "release")));
    }

    [Theory]
    [InlineData(new string[0], "no command given")]
    [InlineData(new[] { "collect", "a.ipynb" }, "unknown command 'collect'")]
    [InlineData(new[] { "grade", "a.ipynb", "--out", "x" }, "grade needs --source SOURCE.ipynb")]
    [InlineData(new[] { "grade", "--source", "s.ipynb", "--out", "x" }, "at least one submission notebook")]
    [InlineData(new[] { "grade", "--source", "s.ipynb", "a.ipynb" }, "grade needs --out DIR")]
    [InlineData(new[] { "grade", "--source", "s.ipynb", "a.ipynb", "--out", "x", "--jobs", "0" }, "--jobs needs a whole number from 1 to 64")]
    [InlineData(new[] { "grade", "--source", "s.ipynb", "a.ipynb", "--out", "x", "--timeout", "-1" }, "--timeout needs a number of seconds")]
    [InlineData(new[] { "grade", "--source", "s.ipynb", "a.ipynb", "--out", "x", "--memory", "64" }, "--memory needs a whole number of MiB")]
    [InlineData(new[] { "grade", "--source", "missing.ipynb", "a.ipynb", "--out", "x" }, "missing.ipynb: no such notebook file")]
    [InlineData(new[] { "check" }, "check needs exactly one notebook")]
    [InlineData(new[] { "check", "a.ipynb", "--out", "x" }, "check takes no --out option")]
    [InlineData(new[] { "check", "missing.ipynb" }, "missing.ipynb: no such notebook file")]
    [InlineData(new[] { "assign", "a.ipynb", "--out", "x", "--jobs", "2" }, "assign takes no --jobs option")]
    [InlineData(new[] { "assign", "--out", "x" }, "at least one source notebook")]
    [InlineData(new[] { "assign", "a.ipynb" }, "needs --out DIR")]
    [InlineData(new[] { "assign", "a.ipynb", "--out" }, "--out needs a folder")]
    [InlineData(new[] { "assign", "a.ipynb", "--out", "x", "--force" }, "unknown option '--force'")]
    [InlineData(new[] { "assign", "missing.ipynb", "--out", "x" }, "missing.ipynb: no such notebook file")]
    public void BadArguments_ExitTwo_SayingWhy(string[] args, string problem)
    {
        using var folder = new TempFolder();
        var (code, _, error) = Tool.Run(folder.Path, args);
        Assert.Equal(2, code);
        Assert.Contains(problem, error);
        Assert.Empty(Files(folder.Path));
    }

    [Fact]
    public void Help_PrintsUsage_AndExitsZero()
    {
        using var folder = new TempFolder();
        var (code, output, _) = Tool.Run(folder.Path, "--help");
        Assert.Equal(0, code);
        Assert.StartsWith("usage: dotnet run --project tools/Coursework -- assign", output);
    }
}
