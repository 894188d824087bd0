using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ScoreNotebooks.Notebooks.Format;

namespace ScoreNotebooks.Kernel.Tests.Jupyter;

public sealed class ChapterFixture : IDisposable
{
    public ReleaseLibraries Libraries { get; } = new();

    public InstalledKernel Kernel { get; } = new();

    public void Dispose() => Kernel.Dispose();
}

/// <summary>
/// Every chapter runs with the kernel under nbconvert, as `jupyter nbconvert --to notebook --execute` runs
/// it: nbconvert picks the kernel from the notebook's metadata (kernelspec ".net-csharp") and starts it in
/// the chapter's folder; it fails on the first error output.
/// </summary>
public partial class ChapterTests(ChapterFixture fixture) : IClassFixture<ChapterFixture>
{
    public static TheoryData<string> Chapters()
    {
        var data = new TheoryData<string>();
        foreach (string path in Directory.EnumerateFiles(Path.Combine(ReleaseLibraries.FindRoot(), "notebooks"), "*.ipynb").Order(StringComparer.Ordinal))
            data.Add(Path.GetFileName(path));
        return data;
    }

    [SkippableTheory]
    [MemberData(nameof(Chapters))]
    public async Task Chapter_RunsWithTheKernelUnderNbconvert_WithoutErrorOutput(string name)
    {
        Skip.IfNot(Jupyter.Available, Jupyter.Missing);
        string source = Path.Combine(fixture.Libraries.Root, "notebooks", name);
        string output = fixture.Kernel.NewFolder("nbconvert");
        var (code, stdout, stderr) = await fixture.Kernel.RunPythonAsync(
            ["-m", "nbconvert", "--to", "notebook", "--execute", "--output-dir", output,
             "--ExecutePreprocessor.timeout=600", "--ExecutePreprocessor.startup_timeout=120", source],
            fixture.Libraries.Root, TimeSpan.FromMinutes(10));
        Assert.True(code == 0, $"nbconvert exited with {code}:\n{stderr}\n{stdout}");

        var executed = NotebookDocument.Load(Path.Combine(output, name));
        var codeCells = executed.Cells.Where(c => c.IsCode).ToList();
        var outputs = codeCells.SelectMany(c => ((JsonArray)c.Json["outputs"]!).Select(o => (Cell: c, Output: (JsonObject)o!))).ToList();
        Assert.Empty(outputs.Where(o => (string?)o.Output["output_type"] == "error").Select(o => $"{o.Cell.Label}: {o.Output.ToJsonString()}"));
        Assert.Equal(Enumerable.Range(1, codeCells.Count), codeCells.Select(c => (int?)c.Json["execution_count"] ?? 0));
        Assert.Equal(".net-csharp", (string?)executed.Metadata["kernelspec"]!["name"]);
        Assert.Equal("C#", (string?)executed.Metadata["language_info"]!["name"]);
        // Every chart of the run carries the element-id prefix of the one kernel session that drew it.
        var prefixes = outputs.Select(o => o.Output["data"]?["text/html"]).OfType<JsonNode>()
            .SelectMany(html => ChartId().Matches(Text(html)).Select(m => m.Groups[1].Value)).Distinct().ToList();
        Assert.True(prefixes.Count <= 1, $"charts of one run with different id prefixes: {string.Join(", ", prefixes)}");
    }

    private static string Text(JsonNode node) => node is JsonArray lines ? string.Concat(lines.Select(l => (string?)l)) : (string?)node ?? "";

    [GeneratedRegex("<div id=\"(figure-[0-9a-f]{8})-[0-9a-f]{12}-cell\\d+-\\d+\"")]
    private static partial Regex ChartId();
}
