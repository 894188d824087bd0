using ScoreNotebooks.NotebookRunner;
using ScoreNotebooks.Notebooks.Execution;
using ScoreNotebooks.Notebooks.Format;

namespace ScoreNotebooks.Notebooks.Tests.Runner;

public class RunnerTests
{
    internal static Task<(int Code, string Output, string Errors)> Run(string currentDirectory, params string[] args) =>
        RunWith(FigureWriter.FindChromium, currentDirectory, args);

    // The runner's own output writer: progress lines arrive while it runs, so a test can act on them.
    internal static async Task<(int Code, string Output, string Errors)> RunWatching(string currentDirectory, string[] args,
        Action<string> onLine, CancellationToken cancellationToken)
    {
        var output = new LineWatcher(onLine);
        var errors = new StringWriter();
        int code = await new ScoreNotebooks.NotebookRunner.Runner(output, errors, () => null).RunAsync(args, currentDirectory, cancellationToken);
        return (code, output.ToString(), errors.ToString());
    }

    private sealed class LineWatcher(Action<string> onLine) : StringWriter
    {
        public override void WriteLine(string? value)
        {
            base.WriteLine(value);
            onLine(value ?? "");
        }
    }

    internal static async Task<(int Code, string Output, string Errors)> RunWith(Func<string?> findChromium,
        string currentDirectory, string[] args, CancellationToken cancellationToken = default)
    {
        var output = new StringWriter();
        var errors = new StringWriter();
        int code = await new ScoreNotebooks.NotebookRunner.Runner(output, errors, findChromium).RunAsync(args, currentDirectory, cancellationToken);
        return (code, output.ToString(), errors.ToString());
    }

    internal static string[] Args(TempFolder folder, params string[] inputs) =>
        [.. inputs, "--no-build", "--out", Path.Combine(folder.Path, "out"), "--figures", Path.Combine(folder.Path, "figures")];

    [Fact]
    public async Task SucceedingNotebook_ExitsZero_WritesTheCopy_AndLeavesTheSourceAlone()
    {
        using var folder = new TempFolder();
        string source = new TestNotebook().Code("Console.WriteLine(\"hi\");").Code("1 + 1").WriteTo(folder.Path, "good.ipynb");
        byte[] before = File.ReadAllBytes(source);
        var (code, output, errors) = await Run(folder.Path, Args(folder, source));
        Assert.True(code == 0, errors);
        Assert.Equal(before, File.ReadAllBytes(source));
        string copyPath = Path.Combine(folder.Path, "out", "good.ipynb");
        Nbformat.AssertValidWhenAvailable(copyPath);
        var copy = NotebookDocument.Load(copyPath);
        Assert.Equal(["result:2"], Outputs.Summary(copy.Cells[1]));
        Assert.Contains("code cell 2 of 2 (cell 2)", output);
        Assert.Matches(@"good\.ipynb\s+2/2\s+\d+\.\d\s+ok", output);
    }

    [Fact]
    public async Task ThirdCodeCellThrows_ExitsOne_ErrorInThatCell_NothingAfter_SourceUnchanged()
    {
        using var folder = new TempFolder();
        string bad = new TestNotebook()
            .Markdown("# A chapter")
            .Code("var a = 1;").Code("var b = 2;").Code("throw new InvalidOperationException(\"third\");").Code("a + b")
            .WriteTo(folder.Path, "01-bad.ipynb");
        string good = new TestNotebook().Code("3").WriteTo(folder.Path, "02-good.ipynb");
        byte[] before = File.ReadAllBytes(bad);
        var (code, output, errors) = await Run(folder.Path, Args(folder, folder.Path));
        Assert.Equal(1, code);
        Assert.Equal(before, File.ReadAllBytes(bad));
        string copyPath = Path.Combine(folder.Path, "out", "01-bad.ipynb");
        Nbformat.AssertValidWhenAvailable(copyPath);
        var copy = NotebookDocument.Load(copyPath);
        Assert.Equal(["error:InvalidOperationException"], Outputs.Summary(copy.Cells[3]));
        Assert.Empty(Outputs.Of(copy.Cells[4]));
        Assert.Null(copy.Cells[4].ExecutionCount);
        Assert.Equal(NotebookDocument.Load(bad).Cells.Select(c => c.Source), copy.Cells.Select(c => c.Source));
        Assert.Contains("third", errors);
        Assert.Contains("FAILED at cell 4", output);
        // The runner goes on to the next notebook.
        Assert.True(File.Exists(Path.Combine(folder.Path, "out", "02-good.ipynb")), output);
        Assert.Matches(@"02-good\.ipynb\s+1/1\s+\S+\s+ok", output);
    }

    [Fact]
    public async Task InPlace_WritesTheOutputsIntoTheSource()
    {
        using var folder = new TempFolder();
        string source = new TestNotebook().Code("6 * 7").WriteTo(folder.Path);
        var (code, _, errors) = await Run(folder.Path, source, "--no-build", "--in-place", "--figures", Path.Combine(folder.Path, "f"));
        Assert.True(code == 0, errors);
        Assert.Equal(["result:42"], Outputs.Summary(NotebookDocument.Load(source).Cells[0]));
        Assert.Empty(Directory.GetFiles(folder.Path, "*.tmp", SearchOption.AllDirectories));
    }

    [Theory]
    [InlineData("--timeout", "0", "--timeout needs a number of seconds from 0.001 s to 1000000 s, got '0'")]
    [InlineData("--timeout", "1e10", "--timeout needs a number of seconds from 0.001 s to 1000000 s, got '1e10'")]
    [InlineData("--timeout", "soon", "--timeout needs a number")]
    [InlineData("--colour", "red", "unknown option '--colour'")]
    [InlineData("--in-place", "--out", "--out needs a folder")]
    public async Task BadArguments_ExitTwoWithAMessage(string option, string value, string message)
    {
        using var folder = new TempFolder();
        var (code, _, errors) = await Run(folder.Path, option, value);
        Assert.Equal(2, code);
        Assert.Contains(message, errors);
    }

    [Fact]
    public async Task NotebookReferencingBuiltLibrariesByRelativePath_RunsEndToEnd()
    {
        // The layout of the repository: notebooks/ beside artifacts/bin/<Project>/release/.
        using var folder = new TempFolder();
        string release = Path.Combine(folder.Path, "artifacts", "bin", "Tiny", "release");
        TinyAssembly.Emit(Path.Combine(release, "Tiny.dll"));
        Directory.CreateDirectory(Path.Combine(folder.Path, "notebooks"));
        string source = new TestNotebook()
            .Code("#r \"../artifacts/bin/Tiny/release/Tiny.dll\"\nusing Tiny;")
            .Code("Answer.Value * 2")
            .WriteTo(Path.Combine(folder.Path, "notebooks"), "uses-library.ipynb");
        var (code, output, errors) = await Run(folder.Path, Args(folder, source));
        Assert.True(code == 0, errors + output);
        var copy = NotebookDocument.Load(Path.Combine(folder.Path, "out", "uses-library.ipynb"));
        Assert.Equal(["result:84"], Outputs.Summary(copy.Cells[1]));
    }

    [Fact]
    public async Task TwoNotebooksWithOneName_ExitTwo_BecauseTheirCopiesWouldCollide()
    {
        using var folder = new TempFolder();
        string a = new TestNotebook().Code("1").WriteTo(Directory.CreateDirectory(Path.Combine(folder.Path, "a")).FullName, "same.ipynb");
        string b = new TestNotebook().Code("2").WriteTo(Directory.CreateDirectory(Path.Combine(folder.Path, "b")).FullName, "same.ipynb");
        var (code, _, errors) = await Run(folder.Path, Args(folder, a, b));
        Assert.Equal(2, code);
        Assert.Contains("two notebooks named same.ipynb", errors);
    }

    [Fact]
    public async Task MissingFile_ExitsTwoNamingIt()
    {
        using var folder = new TempFolder();
        var (code, _, errors) = await Run(folder.Path, Args(folder, "missing.ipynb"));
        Assert.Equal(2, code);
        Assert.Contains("missing.ipynb: no such file or folder", errors);
    }

    [Fact]
    public async Task MalformedNotebook_ExitsTwoNamingFileAndProblem_AndRunsNothing()
    {
        using var folder = new TempFolder();
        File.WriteAllText(Path.Combine(folder.Path, "broken.ipynb"), "{ \"nbformat\": 4, ");
        new TestNotebook().Code("1").WriteTo(folder.Path, "fine.ipynb");
        var (code, _, errors) = await Run(folder.Path, Args(folder, folder.Path));
        Assert.Equal(2, code);
        Assert.Contains("broken.ipynb", errors);
        Assert.Contains("not valid JSON", errors);
        Assert.False(Directory.Exists(Path.Combine(folder.Path, "out")));
    }

    [Fact]
    public async Task Figures_AreWrittenAsOfflineHtml_SharingOnePlotlyScript()
    {
        using var folder = new TempFolder();
        string source = new TestNotebook()
            .Code("#r \"nuget: Plotly.NET, 6.0.0\"\n#r \"nuget: Plotly.NET.CSharp, 0.14.0\"")
            .Code("display(Plotly.NET.CSharp.Chart.Point<double, double, string>(x: new[] { 1.0, 2.0 }, y: new[] { 3.0, 4.0 }));")
            .WriteTo(folder.Path, "chart.ipynb");
        var (code, _, errors) = await Run(folder.Path, Args(folder, source));
        Assert.True(code == 0, errors);
        string html = File.ReadAllText(Path.Combine(folder.Path, "figures", "chart", "cell02-1.html"));
        Assert.Contains($"<script src=\"../{OutputFormatter.PlotlyScriptFileName}\"></script>", html);
        Assert.Contains("Plotly.newPlot", html);
        Assert.DoesNotContain("http", html);
        Assert.True(html.Length < 20_000, $"the page should link the shared plotly.js, but it has {html.Length} characters");
        Assert.Equal(OutputFormatter.PlotlyScript, File.ReadAllText(Path.Combine(folder.Path, "figures", OutputFormatter.PlotlyScriptFileName)));
        var copy = NotebookDocument.Load(Path.Combine(folder.Path, "out", "chart.ipynb"));
        var data = copy.Cells[1].Json["outputs"]![0]!["data"]!.AsObject();
        Assert.Equal([OutputFormatter.PlotlyMimeType, "text/html", "text/plain"], data.Select(p => p.Key).Order());
    }

    [Fact]
    public async Task WithoutChromium_OneNoticeLine_AndHtmlFiguresOnly()
    {
        using var folder = new TempFolder();
        string source = new TestNotebook()
            .Code("#r \"nuget: Plotly.NET.CSharp, 0.14.0\"\nvar c = Plotly.NET.CSharp.Chart.Line<double, double, string>(x: new[] { 1.0, 2.0 }, y: new[] { 3.0, 1.0 });")
            .Code("display(c);\ndisplay(c);")
            .WriteTo(folder.Path, "nochrome.ipynb");
        var (code, output, errors) = await RunWith(() => null, folder.Path, Args(folder, source));
        Assert.True(code == 0, errors);
        Assert.Single(output.Split('\n'), line => line.Contains("chromium", StringComparison.OrdinalIgnoreCase));
        string figures = Path.Combine(folder.Path, "figures", "nochrome");
        Assert.Equal([FigureWriter.ManifestName, "cell02-1.html", "cell02-2.html"],
            Directory.GetFiles(figures).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [SkippableFact]
    public async Task Figures_AreAlsoWrittenAsPng_WhenChromiumIsInstalled()
    {
        Skip.If(FigureWriter.FindChromium() is null, "chromium is not on PATH (.ci/run installs it)");
        using var folder = new TempFolder();
        string source = new TestNotebook()
            .Code("#r \"nuget: Plotly.NET.CSharp, 0.14.0\"\nPlotly.NET.CSharp.Chart.Line<double, double, string>(x: new[] { 1.0, 2.0 }, y: new[] { 3.0, 1.0 })")
            .WriteTo(folder.Path, "png.ipynb");
        var (code, _, errors) = await Run(folder.Path, Args(folder, source));
        Assert.True(code == 0, errors);
        byte[] png = File.ReadAllBytes(Path.Combine(folder.Path, "figures", "png", "cell01-1.png"));
        Assert.True(png.Length > 1000 && png[1] == (byte)'P' && png[2] == (byte)'N' && png[3] == (byte)'G', $"not a PNG ({png.Length} bytes)");
        Assert.Empty(Directory.GetFiles(Path.Combine(folder.Path, "figures", "png"), "*.tmp*"));
    }
}
