using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ScoreNotebooks.Notebooks.Execution;

namespace ScoreNotebooks.Notebooks.Tests.Execution;

/// <summary>
/// Interrupting a cell (its cancellation token) or its time limit stops it, whatever it is doing, and
/// the session goes on with the variables of the cells that finished. Each running cell first writes a
/// line, so the test interrupts it only once it is known to run.
/// </summary>
public class InterruptionTests
{
    private static async Task<CellResult> InterruptOnceStarted(ScriptSession session, string source, int cellNumber)
    {
        using var interrupt = new CancellationTokenSource();
        return await session.ExecuteAsync(source, cellNumber, onOutput: output =>
        {
            if (output.Kind == CellOutputKind.Stream && output.Text!.Contains("started")) interrupt.Cancel();
        }, cancellationToken: interrupt.Token);
    }

    private static void AssertStoppedByInterruption(CellResult result)
    {
        Assert.Equal(CellStatus.Failed, result.Status);
        Assert.Equal("Interrupted", result.Error?.ErrorName);
        Assert.Contains("interrupted and stopped", result.Error!.ErrorValue);
    }

    [Theory]
    [InlineData("while (true) { }")]
    [InlineData("for (;;) ;")]
    [InlineData("do { } while (true);")]
    [InlineData("foreach (var i in Enumerable.Repeat(1, int.MaxValue)) { }")]
    [InlineData("long n = 0;\nwhile (true)\n    n++;")]
    [InlineData("System.Threading.Thread.Sleep(System.Threading.Timeout.Infinite);")]
    [InlineData("new System.Threading.ManualResetEventSlim().Wait();")]
    [InlineData("await Task.Delay(System.Threading.Timeout.Infinite, CancellationToken);")]
    public async Task RunningCell_IsStoppedByInterruption_AndTheSessionKeepsItsVariables(string endless)
    {
        var session = new ScriptSession(Path.GetTempPath());
        Assert.Equal(CellStatus.Succeeded, (await session.ExecuteAsync("var kept = 5;", 1)).Status);
        var result = await InterruptOnceStarted(session, "Console.WriteLine(\"started\");\n" + endless, 2);
        AssertStoppedByInterruption(result);
        var after = await session.ExecuteAsync("kept + 1", 3);
        Assert.Equal(CellStatus.Succeeded, after.Status);
        Assert.Equal("6", after.Outputs.Single().Data["text/plain"]);
    }

    [Fact]
    public async Task LoopInAMethodThatAnEarlierCellDeclared_StopsWhenTheCallingCellIsInterrupted()
    {
        var session = new ScriptSession(Path.GetTempPath());
        Assert.Equal(CellStatus.Succeeded, (await session.ExecuteAsync("int Spin() { int n = 0; while (true) n++; }", 1)).Status);
        AssertStoppedByInterruption(await InterruptOnceStarted(session, "Console.WriteLine(\"started\");\nSpin();", 2));
    }

    [Fact]
    public async Task CellThatNeverReachesACheck_IsAbandonedAfterTheGracePeriod_AndTheSessionGoesOn()
    {
        using var folder = new TempFolder();
        string release = Path.Combine(folder.Path, "release").Replace("\\", "\\\\");
        var session = new ScriptSession(Path.GetTempPath()) { StopGrace = TimeSpan.FromMilliseconds(300) };
        await session.ExecuteAsync("var kept = 5;", 1);
        // A loop made of goto has no check; it ends only when the file appears, at the end of the test.
        string spin = $"Console.WriteLine(\"started\");\nagain: if (!System.IO.File.Exists(\"{release}\")) goto again;";
        try
        {
            var result = await InterruptOnceStarted(session, spin, 2);
            Assert.Equal("Interrupted", result.Error?.ErrorName);
            Assert.Contains("abandoned", result.Error!.ErrorValue);
            Assert.Contains("last cell that finished", result.Error.ErrorValue);
            var after = await session.ExecuteAsync("kept", 3);
            Assert.Equal("5", after.Outputs.Single().Data["text/plain"]);
        }
        finally
        {
            File.WriteAllText(Path.Combine(folder.Path, "release"), "");
        }
    }

    [Fact]
    public async Task TightLoop_PastTheTimeLimit_IsStopped()
    {
        var session = new ScriptSession(Path.GetTempPath());
        var result = await session.ExecuteAsync("while (true) { }", 1, timeout: TimeSpan.FromMilliseconds(300));
        Assert.Equal("TimeoutError", result.Error?.ErrorName);
        Assert.Contains("did not finish within 0.3 s", result.Error!.ErrorValue);
        Assert.Contains("was stopped", result.Error.ErrorValue);
    }

    [Fact]
    public async Task CancelledBeforeItStarts_TheCellFailsAsInterrupted()
    {
        var session = new ScriptSession(Path.GetTempPath());
        var result = await session.ExecuteAsync("1", 1, cancellationToken: new CancellationToken(canceled: true));
        Assert.Equal("Interrupted", result.Error?.ErrorName);
    }

    [Fact]
    public async Task CellWithLoops_ReportsItsOwnLineNumbers()
    {
        var session = new ScriptSession(Path.GetTempPath());
        var result = await session.ExecuteAsync(
            "var total = 0;\nfor (int i = 0; i < 3; i++)\n    total += i;\nwhile (total > 100) { }\nthrow new InvalidOperationException(\"line five\");", 1);
        Assert.Equal("InvalidOperationException", result.Error?.ErrorName);
        Assert.StartsWith("InvalidOperationException in cell 1, line 5", result.Error!.Traceback[0]);
        var compile = await session.ExecuteAsync("foreach (var c in \"ab\") { }\nvar y = undefinedName;", 2);
        Assert.Equal("CompilationError", compile.Error?.ErrorName);
        Assert.Contains("cell 2, line 2", compile.Error!.ErrorValue);
    }

    [Theory]
    [InlineData("while (x) x = false;", 1)]
    [InlineData("for (int i = 0; i < 3; i++)\n{\n    Console.Write(i);\n}", 1)]
    [InlineData("foreach (var (a, b) in new[] { (1, 2) }) { }\ndo\n    n++;\nwhile (n < 3); // done", 2)]
    [InlineData("foreach (var a in xs) foreach (var b in ys) { }", 2)]
    [InlineData("var x = 1; // no loop", 0)]
    public void LoopChecks_StartEveryLoopBody_OnTheLinesTheLoopsHad(string source, int loops)
    {
        var tree = CSharpSyntaxTree.ParseText(source, ScriptSession.ScriptParseOptions);
        string? rewritten = InterruptibleLoops.Rewrite(tree);
        if (loops == 0)
        {
            Assert.Null(rewritten);
            return;
        }
        Assert.NotNull(rewritten);
        Assert.Equal(source.Split('\n').Length, rewritten.Split('\n').Length);
        var root = CSharpSyntaxTree.ParseText(rewritten, ScriptSession.ScriptParseOptions).GetRoot();
        Assert.Empty(root.GetDiagnostics());
        var bodies = root.DescendantNodes().Select(Body).OfType<StatementSyntax>().ToList();
        Assert.Equal(loops, bodies.Count);
        Assert.All(bodies, body => Assert.Equal(
            "global::ScoreNotebooks.Notebooks.Execution.CellCancellation.ThrowIfRequested();",
            Assert.IsType<BlockSyntax>(body).Statements[0].ToString()));
    }

    [Fact]
    public async Task CellsWithLoops_ComputeWhatTheyWouldWithoutChecks()
    {
        var session = new ScriptSession(Path.GetTempPath());
        var result = await session.ExecuteAsync(
            "int total = 0;\nfor (int i = 1; i <= 4; i++)\n    for (int j = 1; j <= i; j++) total += j;\n" +
            "int k = 0;\ndo k += 3; while (k < 10);\nforeach (var (a, b) in new[] { (1, 2), (3, 4) }) total += a * b;\n" +
            "var w = 0;\nwhile (w < 5) { if (w == 3) break; w++; }\ntotal * 1000 + k * 10 + w", 1);
        Assert.Equal(CellStatus.Succeeded, result.Status);
        // Σ_{i≤4} i(i+1)/2 = 20, plus 1·2 + 3·4 = 14: 34; k = 12; w stops at 3.
        Assert.Equal("34123", result.Outputs.Single().Data["text/plain"]);
    }

    [Fact]
    public void CellCancellation_OutsideACell_NeverThrows()
    {
        CellCancellation.ThrowIfRequested();
        Assert.False(CellCancellation.Token.CanBeCanceled);
    }

    private static StatementSyntax? Body(SyntaxNode node) => node switch
    {
        WhileStatementSyntax w => w.Statement,
        DoStatementSyntax d => d.Statement,
        ForStatementSyntax f => f.Statement,
        CommonForEachStatementSyntax e => e.Statement,
        _ => null,
    };
}
