using System.Diagnostics;
using System.Text;
using ScoreNotebooks.Notebooks.Format;
using ScoreNotebooks.Notebooks.Running;

namespace ScoreNotebooks.Notebooks.Tests.Format;

public class NotebookFormatTests
{
    // Written as nbformat writes (sorted keys, one-space indent, non-ASCII kept): a markdown cell with
    // an attachment, a raw cell, a code cell with outputs, and metadata the engine does not know.
    private const string Canonical =
        "{\n \"cells\": [\n  {\n   \"attachments\": {\n    \"dot.png\": {\n     \"image/png\": \"iVBORw0KGgo=\"\n    }\n   },\n" +
        "   \"cell_type\": \"markdown\",\n   \"id\": \"a1\",\n   \"metadata\": {\n    \"custom\": [\n     1,\n     2.5,\n     true,\n     null\n    ]\n   },\n" +
        "   \"source\": [\n    \"# σ > 0 and ∇ log p\\n\",\n    \"tab\\there \\\"quoted\\\"\"\n   ]\n  },\n" +
        "  {\n   \"cell_type\": \"raw\",\n   \"id\": \"r1\",\n   \"metadata\": {},\n   \"source\": []\n  },\n" +
        "  {\n   \"cell_type\": \"code\",\n   \"execution_count\": 3,\n   \"id\": \"c1\",\n   \"metadata\": {\n    \"tags\": [\n     \"solution\"\n    ]\n   },\n" +
        "   \"outputs\": [\n    {\n     \"name\": \"stdout\",\n     \"output_type\": \"stream\",\n     \"text\": [\n      \"old\\n\"\n     ]\n    }\n   ],\n" +
        "   \"source\": [\n    \"1 + 1\"\n   ]\n  }\n ],\n \"metadata\": {\n  \"kernelspec\": {\n   \"display_name\": \".NET (C#)\",\n" +
        "   \"language\": \"C#\",\n   \"name\": \".net-csharp\"\n  }\n },\n \"nbformat\": 4,\n \"nbformat_minor\": 5\n}\n";

    [Fact]
    public void LoadThenSave_IsByteIdentical()
    {
        using var folder = new TempFolder();
        string path = Path.Combine(folder.Path, "canonical.ipynb");
        File.WriteAllText(path, Canonical, new UTF8Encoding(false));
        string copy = Path.Combine(folder.Path, "copy.ipynb");
        NotebookDocument.Load(path).Save(copy);
        Assert.Equal(File.ReadAllBytes(path), File.ReadAllBytes(copy));
    }

    [Fact]
    public async Task Executing_ChangesOnlyTheOutputsOfCodeCells()
    {
        var notebook = NotebookDocument.Parse(Canonical);
        var result = await NotebookExecutor.ExecuteAsync(notebook, Path.GetTempPath());
        Assert.True(result.Succeeded, result.Failure);
        var before = NotebookDocument.Parse(Canonical);
        Assert.Equal(before.Cells[0].Json.ToJsonString(), notebook.Cells[0].Json.ToJsonString());
        Assert.Equal(before.Cells[1].Json.ToJsonString(), notebook.Cells[1].Json.ToJsonString());
        Assert.Equal(before.Metadata.ToJsonString(), notebook.Metadata.ToJsonString());
        Assert.Equal("solution", notebook.Cells[2].Metadata["tags"]![0]!.GetValue<string>());
        Assert.Equal(["result:2"], Outputs.Summary(notebook.Cells[2]));
    }

    [Theory]
    [InlineData("{ not json", "not valid JSON")]
    [InlineData("[1, 2]", "not an object")]
    [InlineData("{\"nbformat\": 3, \"cells\": []}", "not an nbformat 4 notebook")]
    [InlineData("{\"nbformat\": 4}", "no \"cells\" array")]
    [InlineData("{\"nbformat\": 4, \"cells\": [1]}", "cell 1 is not an object")]
    public void MalformedNotebooks_ThrowNamingFileAndProblem(string json, string problem)
    {
        using var folder = new TempFolder();
        string path = Path.Combine(folder.Path, "bad.ipynb");
        File.WriteAllText(path, json);
        var error = Assert.Throws<NotebookFormatException>(() => NotebookDocument.Load(path));
        Assert.Contains("bad.ipynb", error.Message);
        Assert.Contains(problem, error.Message);
    }

    [Fact]
    public void MissingFile_ThrowsFileNotFoundNamingIt()
    {
        var error = Assert.Throws<FileNotFoundException>(() => NotebookDocument.Load("/no/such/notebook.ipynb"));
        Assert.Contains("/no/such/notebook.ipynb", error.Message);
    }

    [SkippableFact]
    public async Task ExecutedCopies_ValidateWithNbformat()
    {
        Skip.IfNot(Nbformat.Available, "Debian's python3-nbformat is not installed (.ci/run installs it)");
        using var folder = new TempFolder();
        var notebook = new TestNotebook()
            .Markdown("# Outputs of every kind")
            .Code("Console.WriteLine(\"out\");\nConsole.Error.WriteLine(\"err\");\ndisplay(1.5);\n\"result\"")
            .Code("#r \"nuget: Plotly.NET.CSharp, 0.14.0\"\nPlotly.NET.CSharp.Chart.Point<double, double, string>(x: new[] { 1.0 }, y: new[] { 2.0 })")
            .Code("throw new Exception(\"stop\");")
            .Code("1")
            .Build();
        await NotebookExecutor.ExecuteAsync(notebook, folder.Path);
        string path = Path.Combine(folder.Path, "executed.ipynb");
        notebook.Save(path);
        var (ok, message) = Nbformat.Validate(path);
        Assert.True(ok, message);
    }
}

/// <summary>Debian's nbformat, called through /usr/bin/python3 (the python3 first on PATH may lack it).</summary>
internal static class Nbformat
{
    private const string Python = "/usr/bin/python3";

    public static bool Available { get; } = File.Exists(Python) && Run("import nbformat").Ok;

    public static (bool Ok, string Message) Validate(string path) =>
        Run("import nbformat, sys; nbformat.validate(nbformat.read(sys.argv[1], as_version=4))", path);

    private static (bool Ok, string Message) Run(string code, params string[] args)
    {
        var start = new ProcessStartInfo(Python) { RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(code);
        foreach (string arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode == 0, error);
    }
}
