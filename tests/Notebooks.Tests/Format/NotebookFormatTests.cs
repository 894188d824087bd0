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

    // Everything nbformat may write: attachments, every output type, JSON MIME data kept as objects,
    // non-ASCII (BMP and beyond), control characters, Python's float spellings, and metadata keys
    // whose UTF-16 order differs from their code-point order (U+FF21 sorts before U+1D400).
    private const string NbformatScript = """
        from nbformat import v4
        md = v4.new_markdown_cell("# σ > 0, ∇ log p 😀\nline\twith\x1bescape \"q\"\r\nlast",
            attachments={"dot.png": {"image/png": "iVBORw0KGgo="}})
        code = v4.new_code_cell("x = 1\ny", execution_count=7, metadata={"tags": ["a"], "\uff21": 1, "\U0001d400": 2})
        code.outputs = [
            v4.new_output("stream", name="stdout", text="a\nb\rc\u2028d\x0be\n"),
            v4.new_output("display_data", data={"text/plain": "x\ny", "application/json": {"k": [1, 2.5, None]}}),
            v4.new_output("execute_result", data={"text/plain": "3"}, execution_count=7),
            v4.new_output("error", ename="E", evalue="v", traceback=["t1", "t2"]),
        ]
        raw = v4.new_raw_cell("")
        nb = v4.new_notebook(cells=[md, code, raw], metadata={"floats": [0.1, 1e-07, 1e300, -2.0, 3], "empty": {}})
        nbformat.write(nb, sys.argv[1])
        """;

    [SkippableFact]
    public void NotebookWrittenByNbformat_LoadThenSave_IsByteIdentical()
    {
        Skip.IfNot(Nbformat.Available, Nbformat.Missing);
        using var folder = new TempFolder();
        string path = Path.Combine(folder.Path, "written-by-nbformat.ipynb");
        Nbformat.Execute(NbformatScript, path);
        string copy = Path.Combine(folder.Path, "copy.ipynb");
        NotebookDocument.Load(path).Save(copy);
        Assert.Equal(File.ReadAllText(path), File.ReadAllText(copy));
        Assert.Equal(File.ReadAllBytes(path), File.ReadAllBytes(copy));
    }

    [SkippableFact]
    public async Task ExecutedCopy_IsWhatNbformatItselfWouldWrite()
    {
        Skip.IfNot(Nbformat.Available, Nbformat.Missing);
        using var folder = new TempFolder();
        var notebook = new TestNotebook()
            .Code("Console.Write(\"a\\rb\\u2028c\\vd\\n€ 😀\\n\");\ndisplay(\"two\\nlines\");\nConsole.Error.WriteLine(\"\\u001b[1mbold\");\n1.5")
            .Code("throw new ArgumentException(\"σ must be > 0\");")
            .Build();
        await NotebookExecutor.ExecuteAsync(notebook, folder.Path);
        string ours = Path.Combine(folder.Path, "ours.ipynb");
        string theirs = Path.Combine(folder.Path, "theirs.ipynb");
        notebook.Save(ours);
        Nbformat.Execute("nbformat.write(nbformat.read(sys.argv[1], as_version=4), sys.argv[2])", ours, theirs);
        Assert.Equal(File.ReadAllText(theirs), File.ReadAllText(ours));
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
    [InlineData("{\"nbformat\": 4, \"nbformat_minor\": 5, \"metadata\": {}}", "no \"cells\" array")]
    [InlineData("{\"nbformat\": 4, \"nbformat_minor\": 5, \"metadata\": {}, \"cells\": [1]}", "cell 1 is not an object")]
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
        Skip.IfNot(Nbformat.Available, Nbformat.Missing);
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
        Nbformat.AssertValid(path);
    }
}
