using System.Text.Json.Nodes;
using ScoreNotebooks.Notebooks.Execution;
using ScoreNotebooks.Notebooks.Workers;

namespace ScoreNotebooks.Notebooks.Tests.Execution;

/// <summary>
/// The display sink published through AppContext (the library's checks use it without referencing the engine)
/// adds a display output to the cell that calls it, with JSON MIME data stored as JSON.
/// </summary>
public class DisplaySinkTests
{
    private const string Mime = "application/vnd.scorenotebooks.check+json";

    // What the library's Check does: print the verdict line, then hand the record to the sink when one is published.
    private const string CheckLikeCell =
        """
        Console.WriteLine("PASS  answer");
        if (AppContext.GetData("ScoreNotebooks.Display") is Action<string, string> sink)
            sink("application/vnd.scorenotebooks.check+json", "{\"what\":\"answer\",\"passed\":true,\"measured\":42}");
        Console.WriteLine("after");
        """;

    [Fact]
    public async Task ACellCallingTheSink_GetsADisplayOutput_InOrderWithItsText()
    {
        var session = new ScriptSession(Path.GetTempPath());
        var result = await session.ExecuteAsync(CheckLikeCell, 1);
        Assert.Equal(CellStatus.Succeeded, result.Status);
        Assert.Equal([CellOutputKind.Stream, CellOutputKind.DisplayData, CellOutputKind.Stream], result.Outputs.Select(o => o.Kind));
        var display = result.Outputs[1];
        Assert.Equal("", display.Data["text/plain"]);
        var stored = display.ToNbformat(1);
        var record = Assert.IsType<JsonObject>(stored["data"]![Mime]);
        Assert.Equal(42, (int)record["measured"]!);
        Assert.True((bool)record["passed"]!);
    }

    [Fact]
    public async Task TheSinkCalledOutsideACell_AddsNothingAnywhere()
    {
        var session = new ScriptSession(Path.GetTempPath());
        var sink = Assert.IsType<Action<string, string>>(AppContext.GetData("ScoreNotebooks.Display"));
        sink(Mime, "{\"what\":\"stray\"}");
        var result = await session.ExecuteAsync("1 + 1", 1);
        Assert.DoesNotContain(result.Outputs, o => o.Data.ContainsKey(Mime));
    }

    [Fact]
    public async Task InAWorker_TheRecordReachesTheNotebookAsJson()
    {
        var notebook = new TestNotebook().Code(CheckLikeCell).Build();
        var result = await NotebookProcess.ExecuteAsync(notebook, Path.GetTempPath());
        Assert.True(result.Succeeded, result.Failure);
        var outputs = Outputs.Of(notebook.Cells[0]);
        Assert.Equal(["stream", "display_data", "stream"], outputs.Select(o => Outputs.Type(o!)));
        Assert.Equal("answer", (string?)outputs[1]!["data"]![Mime]!["what"]);
    }
}
