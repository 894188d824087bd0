using System.Text.Json.Nodes;

namespace ScoreNotebooks.Kernel.Tests.Jupyter;

/// <summary>The ordinary requests of a front end, sent by jupyter_client to one kernel.</summary>
[Collection(SessionCollection.Name)]
public class RequestTests(SessionBatch batch)
{
    private static string[] Strings(JsonNode? array) => array!.AsArray().Select(n => (string?)n ?? "<null>").ToArray();

    [SkippableFact]
    public void FirstCells_SeeOneFrameworkType_WhileTheKernelWarmsUp()
    {
        Skip.IfNot(Jupyter.Available, Jupyter.Missing);
        var result = batch.Scenario("first_cells");
        Assert.True(Strings(result["statuses"]).SequenceEqual(["ok", "ok"]), (string?)result["error"]);
        Assert.Equal("True", (string?)result["value"]);
    }

    [SkippableFact]
    public void ConsoleText_ReachesTheFrontEndWhileTheCellStillRuns()
    {
        Skip.IfNot(Jupyter.Available, Jupyter.Missing);
        var result = batch.Scenario("streaming");
        Assert.True((bool?)result["reply_pending_at_first_line"], "the first line arrived only after the cell's reply");
        Assert.Equal(["first\n", "second\n"], Strings(result["streams"]));
        Assert.Equal("ok", (string?)result["status"]);
    }

    [SkippableFact]
    public void ConsoleReadLine_AsksTheFrontEnd_OrFailsWhenItTakesNoInput()
    {
        Skip.IfNot(Jupyter.Available, Jupyter.Missing);
        var result = batch.Scenario("stdin");
        Assert.True((bool?)result["input_parent_matches"]);
        Assert.Equal(["name? ", "hello Ada\n"], Strings(result["streams"]));
        Assert.Equal("ok", (string?)result["status"]);
        Assert.Equal(("error", "InvalidOperationException"), ((string?)result["refused"]!["status"], (string?)result["refused"]!["ename"]));
        Assert.Contains("allow_stdin is false", (string?)result["refused"]!["evalue"]);
    }

    [SkippableFact]
    public void FailedCell_AbortsTheCellsQueuedBehindIt_UnlessTheRequestsSayGoOn()
    {
        Skip.IfNot(Jupyter.Available, Jupyter.Missing);
        var result = batch.Scenario("stop_on_error");
        Assert.Equal([("error", "Exception"), ("error", "ExecutionAborted"), ("error", "ExecutionAborted")],
            result["stop"]!.AsArray().Select(r => ((string?)r!["status"], (string?)r["ename"])));
        Assert.Equal([("error", "Exception"), ("ok", null)],
            result["go_on"]!.AsArray().Select(r => ((string?)r!["status"], (string?)r["ename"])));
    }

    [SkippableFact]
    public void ExceptionsAndCompileErrors_AreErrorReplies_AndTheVariablesStay()
    {
        Skip.IfNot(Jupyter.Available, Jupyter.Missing);
        var result = batch.Scenario("errors_keep_state");
        Assert.Equal(("error", "InvalidOperationException", "boom"),
            ((string?)result["thrown"]!["status"], (string?)result["thrown"]!["ename"], (string?)result["thrown"]!["evalue"]));
        Assert.Equal(["InvalidOperationException"], Strings(result["error_outputs"]));
        Assert.Equal("CompilationError", (string?)result["compile"]!["ename"]);
        Assert.Contains("CS0103", (string?)result["compile"]!["evalue"]);
        Assert.Equal("7", (string?)result["kept"]);
    }

    [SkippableFact]
    public void Completion_CountsCursorPositionsInCodePoints()
    {
        Skip.IfNot(Jupyter.Available, Jupyter.Missing);
        var result = batch.Scenario("complete_unicode");
        int length = (int)result["code_points"]!;
        var reply = result["reply"]!;
        Assert.Equal(["Sqrt"], Strings(reply["matches"]));
        Assert.Equal((length - 2, length), ((int)reply["cursor_start"]!, (int)reply["cursor_end"]!));
        Assert.Equal("method", (string?)reply["metadata"]!["_jupyter_types_experimental"]![0]!["type"]);
    }

    [SkippableFact]
    public void Inspection_GivesSignatureAndDocComment_OrNotFound()
    {
        Skip.IfNot(Jupyter.Available, Jupyter.Missing);
        var result = batch.Scenario("inspect");
        string call = (string)result["call"]!["data"]!["text/plain"]!;
        Assert.StartsWith("double Math.Sqrt(double d)\n\n", call);
        Assert.Contains("square root", call);
        Assert.Equal("(variable) Random rng", (string?)result["variable"]!["data"]!["text/plain"]);
        Assert.False((bool)result["nothing"]!["found"]!);
        Assert.Empty(result["nothing"]!["data"]!.AsObject());
    }

    [SkippableFact]
    public void IsComplete_SaysCompleteIncompleteOrInvalid()
    {
        Skip.IfNot(Jupyter.Available, Jupyter.Missing);
        var result = batch.Scenario("is_complete");
        Assert.Equal("complete", (string?)result["var x = 1;"]!["status"]);
        Assert.Equal(("incomplete", "    "), ((string?)result["if (true) {"]!["status"], (string?)result["if (true) {"]!["indent"]));
        Assert.Equal("invalid", (string?)result["var = ;"]!["status"]);
    }

    [SkippableFact]
    public void Charts_AreDisplayedAsPlotlyJsonHtmlAndText_WithElementIdsOfThisKernelSession()
    {
        Skip.IfNot(Jupyter.Available, Jupyter.Missing);
        var result = batch.Scenario("charts");
        Assert.Equal(["application/vnd.plotly.v1+json", "text/html", "text/plain"], Strings(result["mimes"]));
        Assert.Equal("object", (string?)result["plotly_json_type"]);
        string session = (string)result["kernel_session"]!;
        string id = Assert.Single(Strings(result["element_ids"]));
        Assert.StartsWith($"figure-{session[..8]}-", id);
    }

    [SkippableFact]
    public void Heartbeat_Answers()
    {
        Skip.IfNot(Jupyter.Available, Jupyter.Missing);
        Assert.True((bool?)batch.Scenario("heartbeat")["beating"]);
    }

    [SkippableFact]
    public void ShutdownRequest_EndsTheKernelByItself()
    {
        Skip.IfNot(Jupyter.Available, Jupyter.Missing);
        Assert.Equal(0, batch.ExitCode);
        Assert.Contains("shutdown requested", batch.Log);
        Assert.DoesNotContain("ERROR", batch.Log);
    }
}
