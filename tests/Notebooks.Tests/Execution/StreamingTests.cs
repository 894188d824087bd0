using Plotly.NET;
using ScoreNotebooks.Notebooks.Execution;

namespace ScoreNotebooks.Notebooks.Tests.Execution;

public class StreamingTests
{
    [Fact]
    public async Task ConsoleText_ReachesTheHostWhileTheCellStillRuns_AndTheResultJoinsItIntoOneOutput()
    {
        using var folder = new TempFolder();
        string go = Path.Combine(folder.Path, "go");
        var pieces = new List<string>();
        // The cell waits for a file that the host writes only once it has received the first line,
        // so the cell can only finish if its text reached the host while it ran.
        string source = $"Console.WriteLine(\"first\");\nvar stop = DateTime.UtcNow.AddSeconds(60);\n" +
                        $"while (!System.IO.File.Exists(@\"{go}\") && DateTime.UtcNow < stop) System.Threading.Thread.Sleep(10);\n" +
                        $"Console.WriteLine(System.IO.File.Exists(@\"{go}\") ? \"second\" : \"never released\");";
        var session = new ScriptSession(folder.Path);
        var result = await session.ExecuteAsync(source, 1, onOutput: output =>
        {
            pieces.Add(output.Text ?? "");
            if (output.Text == "first\n") File.WriteAllText(go, "");
        });
        Assert.Equal(CellStatus.Succeeded, result.Status);
        Assert.Equal(["first\n", "second\n"], pieces);
        var output = Assert.Single(result.Outputs);
        Assert.Equal(("stdout", "first\nsecond\n"), (output.StreamName, output.Text));
    }

    [Fact]
    public async Task ConsoleOutFlush_HandsTheTextOverAtOnce()
    {
        var pieces = new List<string>();
        var session = new ScriptSession(Path.GetTempPath()) { StreamFlushInterval = TimeSpan.FromHours(1) };
        var result = await session.ExecuteAsync("Console.Write(\"a\");\nConsole.Out.Flush();\nConsole.Write(\"b\");", 1,
            onOutput: output => pieces.Add(output.Text!));
        Assert.Equal(["a", "b"], pieces);
        Assert.Equal("ab", Assert.Single(result.Outputs).Text);
    }

    [Fact]
    public async Task FigureIdPrefix_StartsTheElementIdOfEveryChart()
    {
        var session = new ScriptSession(Path.GetTempPath()) { FigureIdPrefix = "figure-k1" };
        var result = await session.ExecuteAsync(
            "#r \"nuget: Plotly.NET.CSharp, 0.14.0\"\nPlotly.NET.CSharp.Chart.Point<double, double, string>(x: new[] { 1.0 }, y: new[] { 2.0 })", 4);
        Assert.Equal(CellStatus.Succeeded, result.Status);
        var chart = (GenericChart)result.Outputs.Single().Value!;
        string id = OutputFormatter.ChartElementId(chart, 4, 1, "figure-k1");
        Assert.StartsWith("figure-k1-", id);
        Assert.Contains($"<div id=\"{id}\"", result.Outputs.Single().Data["text/html"]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("1figure")]
    [InlineData("fig ure")]
    public void FigureIdPrefix_ThatIsNotAnHtmlId_IsRefused(string prefix)
    {
        var error = Assert.Throws<ArgumentException>(() => new ScriptSession(Path.GetTempPath()) { FigureIdPrefix = prefix });
        Assert.Equal("FigureIdPrefix", error.ParamName);
    }
}
