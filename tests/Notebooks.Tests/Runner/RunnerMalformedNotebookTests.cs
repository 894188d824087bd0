using static ScoreNotebooks.Notebooks.Tests.Format.HostileNotebook;

namespace ScoreNotebooks.Notebooks.Tests.Runner;

/// <summary>Notebooks that crashed the runner (exit 134) or ran silently are refused with exit 2, before anything runs.</summary>
public class RunnerMalformedNotebookTests
{
    [Theory]
    [InlineData("source of numbers", "cell 2: \"source\" must be a string or an array of strings, but item 1 of the array is the number 1")]
    [InlineData("null source line", "cell 1: \"source\" must be a string or an array of strings, but item 2 of the array is null")]
    [InlineData("repeated key", "the key \"nbformat\" appears twice in the top-level object")]
    public async Task MalformedNotebook_ExitsTwoNamingFileAndProblem_AndWritesNothing(string defect, string problem)
    {
        string json = defect switch
        {
            "source of numbers" => With("cells[1].source", "[1, 2]"),
            "null source line" => With("cells[0].source", "[\"x\", null]"),
            _ => Valid.Replace("\"nbformat\": 4,", "\"nbformat\": 4, \"nbformat\": 4,"),
        };
        using var folder = new TempFolder();
        string source = Path.Combine(folder.Path, "malformed.ipynb");
        File.WriteAllText(source, json);
        var output = new StringWriter();
        var errors = new StringWriter();
        string outFolder = Path.Combine(folder.Path, "out");
        int code = await new ScoreNotebooks.NotebookRunner.Runner(output, errors, () => null).RunAsync(
            [source, "--no-build", "--out", outFolder, "--figures", Path.Combine(folder.Path, "figures")], folder.Path);
        Assert.Equal(2, code);
        Assert.Contains($"error: malformed notebook {source}: {problem}", errors.ToString());
        Assert.False(Directory.Exists(outFolder));
        Assert.Equal(json, File.ReadAllText(source));
    }
}
