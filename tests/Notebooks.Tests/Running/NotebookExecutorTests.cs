using System.Text.RegularExpressions;
using ScoreNotebooks.Notebooks.Format;
using ScoreNotebooks.Notebooks.Running;

namespace ScoreNotebooks.Notebooks.Tests.Running;

public class NotebookExecutorTests
{
    private static async Task<(NotebookDocument Notebook, NotebookRunResult Result)> Run(TestNotebook builder, double timeoutSeconds = 120)
    {
        var notebook = builder.Build();
        var result = await NotebookExecutor.ExecuteAsync(notebook, Path.GetTempPath(),
            new NotebookExecutionOptions { CellTimeout = TimeSpan.FromSeconds(timeoutSeconds) });
        return (notebook, result);
    }

    [Fact]
    public async Task VariablesTypesAndUsings_FlowFromCellToCell()
    {
        var (notebook, result) = await Run(new TestNotebook()
            .Code("var x = 2;\nclass Box { public int Value => 3; }")
            .Code("using System.Text.RegularExpressions;")
            .Code("Console.Write(x * new Box().Value + Regex.Escape(\".\"));"));
        Assert.True(result.Succeeded, result.Failure);
        Assert.Equal(["stdout:6\\."], Outputs.Summary(notebook.Cells[2]));
        Assert.Equal([1, 2, 3], notebook.Cells.Select(c => c.Json["execution_count"]!.GetValue<int>()));
    }

    [Fact]
    public async Task Display_ShowsEachValueAsDisplayData()
    {
        var (notebook, result) = await Run(new TestNotebook().Code("display(42);\ndisplay(\"hi\");\ndisplay(new[] { 1, 2 });\ndisplay(null);"));
        Assert.True(result.Succeeded, result.Failure);
        Assert.Equal(["display:42", "display:hi", "display:[1, 2]", "display:<null>"], Outputs.Summary(notebook.Cells[0]));
    }

    [Fact]
    public async Task Display_AsTheLastLineWithoutSemicolon_ShowsTheValueOnce()
    {
        var (notebook, result) = await Run(new TestNotebook().Code("display(7)"));
        Assert.True(result.Succeeded, result.Failure);
        Assert.Equal(["display:7"], Outputs.Summary(notebook.Cells[0]));
    }

    [Fact]
    public async Task TrailingExpression_IsTheResult_OnlyWithoutSemicolonAndNotVoid()
    {
        var (notebook, result) = await Run(new TestNotebook()
            .Code("1 + 2").Code("var y = 1 + 2;").Code("Console.WriteLine(\"a\")").Code("string s = null;\ns"));
        Assert.True(result.Succeeded, result.Failure);
        Assert.Equal(["result:3"], Outputs.Summary(notebook.Cells[0]));
        Assert.Equal(1, Outputs.Of(notebook.Cells[0])[0]!["execution_count"]!.GetValue<int>());
        Assert.Empty(Outputs.Summary(notebook.Cells[1]));
        Assert.Equal(["stdout:a\n"], Outputs.Summary(notebook.Cells[2]));
        Assert.Equal(["result:<null>"], Outputs.Summary(notebook.Cells[3]));
    }

    [Fact]
    public async Task ConsoleOutput_KeepsItsOrderWithDisplays()
    {
        var (notebook, result) = await Run(new TestNotebook().Code(
            "Console.Write(\"a\");\nConsole.Write(\"b\");\ndisplay(1);\nConsole.Error.Write(\"e\");\nConsole.WriteLine(\"c\");"));
        Assert.True(result.Succeeded, result.Failure);
        Assert.Equal(["stdout:ab", "display:1", "stderr:e", "stdout:c\n"], Outputs.Summary(notebook.Cells[0]));
    }

    [Fact]
    public async Task CompileError_NamesCellAndLine_AndStopsTheNotebook()
    {
        var (notebook, result) = await Run(new TestNotebook()
            .Markdown("# title")
            .Code("var ok = 1;")
            .Code("var a = 1;\nvar b = undefinedName;\nvar c = 3;")
            .Code("Console.Write(\"never\");"));
        Assert.False(result.Succeeded);
        Assert.Equal(3, result.FailedCellNumber);
        string error = Outputs.ErrorText(notebook.Cells[2]);
        Assert.Contains("cell 3, line 2", error);
        Assert.Contains("CS0103", error);
        Assert.Contains("undefinedName", error);
        Assert.Empty(Outputs.Of(notebook.Cells[3]));
        Assert.Null(notebook.Cells[3].Json["execution_count"]);
    }

    [Fact]
    public async Task RuntimeException_InThirdCodeCell_GivesErrorThereAndNoLaterOutputs()
    {
        var (notebook, result) = await Run(new TestNotebook()
            .Code("Console.Write(1);")
            .Code("Console.Write(2);")
            .Code("Console.Write(3);\nthrow new InvalidOperationException(\"boom\");")
            .Code("Console.Write(4);")
            .Code("5"));
        Assert.False(result.Succeeded);
        Assert.Equal(3, result.CellsRun);
        Assert.Equal(3, result.FailedCellNumber);
        Assert.Equal(["stdout:3", "error:InvalidOperationException"], Outputs.Summary(notebook.Cells[2]));
        string error = Outputs.ErrorText(notebook.Cells[2]);
        Assert.Contains("boom", error);
        Assert.Contains("cell 3, line 2", error);
        Assert.All(notebook.Cells.Skip(3), cell => Assert.Empty(Outputs.Of(cell)));
    }

    [Fact]
    public async Task ExceptionInsideALibraryCall_PointsAtTheCellLineThatCalledIt()
    {
        var (notebook, result) = await Run(new TestNotebook().Code("var list = new List<int>();\n\nvar first = list.First();"));
        Assert.False(result.Succeeded);
        Assert.Contains("cell 1, line 3", Outputs.ErrorText(notebook.Cells[0]));
    }

    [Fact]
    public async Task HangingCell_TimesOutWithAClearError()
    {
        var (notebook, result) = await Run(new TestNotebook().Code("System.Threading.Thread.Sleep(60_000);").Code("1"), timeoutSeconds: 1);
        Assert.False(result.Succeeded);
        Assert.Equal(["error:TimeoutError"], Outputs.Summary(notebook.Cells[0]));
        Assert.Contains("did not finish within 1 s", Outputs.ErrorText(notebook.Cells[0]));
        Assert.True(result.Elapsed < TimeSpan.FromSeconds(50), $"the run returned after {result.Elapsed}");
    }

    [Fact]
    public async Task AnAbandonedCell_WritesNothingIntoLaterCells()
    {
        var (first, r1) = await Run(new TestNotebook().Code(
            "for (int i = 0; i < 40; i++) { System.Threading.Thread.Sleep(100); Console.WriteLine(\"late\"); }"), timeoutSeconds: 1);
        Assert.False(r1.Succeeded);
        Assert.Equal("error:TimeoutError", Outputs.Summary(first.Cells[0])[^1]);
        var (second, r2) = await Run(new TestNotebook().Code(
            "System.Threading.Thread.Sleep(1500);\nConsole.Write(\"mine\");"));
        Assert.True(r2.Succeeded, r2.Failure);
        Assert.Equal(["stdout:mine"], Outputs.Summary(second.Cells[0]));
    }

    [Theory]
    [InlineData("#!fsharp\nlet x = 1", "csharp")]
    [InlineData("#!pwsh\nGet-Date", "csharp")]
    [InlineData("let x = 1", "fsharp")]
    public async Task OtherLanguages_FailAsUnsupported(string source, string metadataLanguage)
    {
        var (notebook, result) = await Run(new TestNotebook().Code(source, metadataLanguage).Code("1"));
        Assert.False(result.Succeeded);
        Assert.Equal(["error:UnsupportedLanguage"], Outputs.Summary(notebook.Cells[0]));
        Assert.Contains("unsupported language", Outputs.ErrorText(notebook.Cells[0]));
    }

    [Fact]
    public async Task MarkdownCells_AreKeptAndNotRun()
    {
        var builder = new TestNotebook().Markdown("# Title\n$x^2$").Code("#!markdown\nNot *code*.").Code("#!csharp\n7");
        var original = builder.Build();
        var (notebook, result) = await Run(builder);
        Assert.True(result.Succeeded, result.Failure);
        Assert.Equal(1, result.CellsRun);
        Assert.Equal(original.Cells[0].Json.ToJsonString(), notebook.Cells[0].Json.ToJsonString());
        Assert.Empty(Outputs.Of(notebook.Cells[1]));
        Assert.Equal(["result:7"], Outputs.Summary(notebook.Cells[2]));
    }

    [Fact]
    public async Task Progress_ReportsEachCodeCell()
    {
        var seen = new List<string>();
        var notebook = new TestNotebook().Markdown("m").Code("1").Code("2").Build();
        await NotebookExecutor.ExecuteAsync(notebook, Path.GetTempPath(), new NotebookExecutionOptions
        {
            Progress = new Recorder(p => seen.Add($"{p.CodeCellIndex}/{p.CodeCellCount}@{p.CellNumber}")),
        });
        Assert.Equal(["1/2@2", "2/2@3"], seen);
    }

    [Fact]
    public async Task WorkingDirectory_IsTheNotebookFolderWhileItRuns()
    {
        using var folder = new TempFolder();
        File.WriteAllText(Path.Combine(folder.Path, "data.txt"), "hello");
        var notebook = new TestNotebook().Code("System.IO.File.ReadAllText(\"data.txt\")").Build();
        string before = Environment.CurrentDirectory;
        var result = await NotebookExecutor.ExecuteAsync(notebook, folder.Path);
        Assert.True(result.Succeeded, result.Failure);
        Assert.Equal(["result:hello"], Outputs.Summary(notebook.Cells[0]));
        Assert.Equal(before, Environment.CurrentDirectory);
    }

    [Fact]
    public async Task RunningTwice_WritesIdenticalOutputs_ChartsIncluded()
    {
        var builder = new TestNotebook()
            .Code("#r \"nuget: Plotly.NET.CSharp, 0.14.0\"\nvar rng = new Random(5);")
            .Code("display(Plotly.NET.CSharp.Chart.Point<double, double, string>(x: new[] { rng.NextDouble() }, y: new[] { 1.0 }));\nrng.Next()");
        var (first, r1) = await Run(builder);
        var (second, r2) = await Run(builder);
        Assert.True(r1.Succeeded && r2.Succeeded, r1.Failure ?? r2.Failure);
        Assert.Equal(first.ToJson(), second.ToJson());
        var html = Outputs.Text(Outputs.Of(first.Cells[1])[0]!["data"]!["text/html"]);
        string id = Assert.Single(Regex.Matches(html, "id=\"(figure-[0-9a-f]{12}-cell02-1)\"")).Groups[1].Value;
        Assert.Contains($"newPlot('{id}'", html);
        Assert.Single(r1.Figures);
        Assert.Equal((2, 1), (r1.Figures[0].CellNumber, r1.Figures[0].Ordinal));
    }

    private sealed class Recorder(Action<CellProgress> record) : IProgress<CellProgress>
    {
        public void Report(CellProgress value) => record(value);
    }
}
