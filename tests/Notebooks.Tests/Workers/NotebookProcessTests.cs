using ScoreNotebooks.Notebooks.Format;
using ScoreNotebooks.Notebooks.Running;
using ScoreNotebooks.Notebooks.Workers;

namespace ScoreNotebooks.Notebooks.Tests.Workers;

/// <summary>
/// Cells that end, crash or exhaust their process fail only their notebook: the worker's ending is told
/// in an error output of the cell that caused it, the earlier cells keep their outputs, and the caller
/// (the runner, a grader) goes on.
/// </summary>
public class NotebookProcessTests
{
    private static async Task<(NotebookDocument Notebook, NotebookRunResult Result)> Run(TestNotebook builder,
        NotebookProcessOptions? options = null, CancellationToken cancellationToken = default, IProgress<CellProgress>? progress = null)
    {
        var notebook = builder.Build();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // A hang fails the test instead of blocking the suite.
        limit.CancelAfter(TimeSpan.FromMinutes(2));
        var result = await NotebookProcess.ExecuteAsync(notebook, Path.GetTempPath(), options, progress, limit.Token);
        Assert.False(limit.IsCancellationRequested && !cancellationToken.IsCancellationRequested, "the worker did not finish within 2 minutes");
        return (notebook, result);
    }

    private static void AssertEndedIn(NotebookDocument notebook, NotebookRunResult result, int cell, string name, string cause)
    {
        Assert.False(result.Succeeded);
        Assert.Equal(cell, result.FailedCellNumber);
        var error = Outputs.Of(notebook.Cells[cell - 1]).Last()!;
        Assert.Equal(name, (string?)error["ename"]);
        Assert.Contains(cause, (string?)error["evalue"]);
        Assert.StartsWith($"cell {cell} ended the notebook's process:", (string?)error["evalue"]);
        Assert.Contains(cause, result.Failure);
        foreach (var later in notebook.Cells.Skip(cell))
        {
            Assert.Empty(Outputs.Of(later));
            Assert.Null(later.ExecutionCount);
        }
    }

    [Fact]
    public async Task Succeeding_Notebook_GetsItsOutputsAndFigures_AsInProcess()
    {
        var (notebook, result) = await Run(new TestNotebook()
            .Code("Console.WriteLine(\"hi\");")
            .Code("#r \"nuget: Plotly.NET.CSharp, 0.14.0\"\ndisplay(Plotly.NET.CSharp.Chart.Point<double, double, string>(x: new[] { 1.0 }, y: new[] { 2.0 }));")
            .Code("6 * 7"));
        Assert.True(result.Succeeded, result.Failure);
        Assert.Equal((3, 3), (result.CellsRun, result.CodeCells));
        Assert.Equal(["stdout:hi\n"], Outputs.Summary(notebook.Cells[0]));
        Assert.Equal(["result:42"], Outputs.Summary(notebook.Cells[2]));
        Assert.Equal([1, 2, 3], notebook.Cells.Select(c => c.ExecutionCount ?? 0));
        var figure = Assert.Single(result.Figures);
        Assert.Equal((2, 1), (figure.CellNumber, figure.Ordinal));
        Assert.Contains("\"type\":\"scatter\"", figure.FigureJson);
    }

    [Fact]
    public async Task LargeOutput_WhileTheCellHoldsEveryPoolThread_ReachesTheRunner()
    {
        // A figure carrying plotly.js is megabytes; the worker sends it while the cell (here, on purpose) keeps the
        // thread pool busy. Its sends must not need a pool thread, nor its output timer block one.
        var (notebook, result) = await Run(new TestNotebook().Code("""
            using System.Threading;
            ThreadPool.GetMaxThreads(out int workers, out int io);
            ThreadPool.SetMaxThreads(Environment.ProcessorCount, io);
            var release = new ManualResetEventSlim();
            var holders = Enumerable.Range(0, 64).Select(_ => Task.Run(() => release.Wait())).ToArray();
            Thread.Sleep(500);
            Console.Write(new string('x', 8 << 20));
            Console.Out.Flush();
            release.Set();
            Task.WaitAll(holders);
            ThreadPool.SetMaxThreads(workers, io);
            Console.WriteLine("after");
            """), new NotebookProcessOptions { CellTimeout = TimeSpan.FromSeconds(60) });
        Assert.True(result.Succeeded, result.Failure);
        string printed = string.Concat(Outputs.Of(notebook.Cells[0]).Select(o => Outputs.Text(o!["text"])));
        Assert.Equal((8 << 20) + "after\n".Length, printed.Length);
        Assert.EndsWith("after\n", printed);
    }

    [Fact]
    public async Task EnvironmentExit_EndsOnlyItsNotebook_AndTheCellKeepsWhatItPrinted()
    {
        var (notebook, result) = await Run(new TestNotebook()
            .Code("Console.WriteLine(\"before\");")
            .Code("Console.WriteLine(\"about to exit\");\nEnvironment.Exit(0);")
            .Code("Console.WriteLine(\"after\");"));
        AssertEndedIn(notebook, result, 2, "ProcessExited", "Environment.Exit(0) was called");
        Assert.Equal(["stdout:before\n"], Outputs.Summary(notebook.Cells[0]));
        Assert.Equal(["stdout:about to exit\n", "error:ProcessExited"], Outputs.Summary(notebook.Cells[1]));
        Assert.Equal(2, notebook.Cells[1].ExecutionCount);
    }

    [Fact]
    public async Task EnvironmentExitWithACode_NamesTheCode()
    {
        var (notebook, result) = await Run(new TestNotebook().Code("Environment.Exit(3);"));
        AssertEndedIn(notebook, result, 1, "ProcessExited", "Environment.Exit(3) was called");
    }

    [Fact]
    public async Task FailFast_IsToldWithItsMessage()
    {
        var (notebook, result) = await Run(new TestNotebook().Code("1").Code("Environment.FailFast(\"the cell gave up\");"));
        AssertEndedIn(notebook, result, 2, "ProcessExited", "Environment.FailFast was called: the cell gave up");
    }

    [Fact]
    public async Task StackOverflow_IsTold_WithTheRuntimesTrace()
    {
        var (notebook, result) = await Run(new TestNotebook().Code("int Deeper(int n) => Deeper(n + 1) + 1;").Code("Deeper(0)"));
        AssertEndedIn(notebook, result, 2, "ProcessExited", "the stack overflowed");
        Assert.Contains("Stack overflow.", Outputs.ErrorText(notebook.Cells[1]));
    }

    [Fact]
    public async Task UnhandledExceptionOnACellsThread_IsTold()
    {
        var (notebook, result) = await Run(new TestNotebook().Code(
            "new System.Threading.Thread(() => throw new InvalidOperationException(\"thread boom\")).Start();\nSystem.Threading.Thread.Sleep(10_000);"));
        AssertEndedIn(notebook, result, 1, "ProcessExited",
            "an exception on a thread the cell started was not handled: System.InvalidOperationException: thread boom");
    }

    [Fact]
    public async Task CrashInNativeCode_IsToldBySignal()
    {
        // strlen reads through a null pointer inside libc, where the runtime cannot turn the fault into an exception.
        var (notebook, result) = await Run(new TestNotebook().Code("""
            static class Native
            {
                [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "strlen")]
                public static extern nint Strlen(IntPtr text);
            }
            Native.Strlen(IntPtr.Zero);
            """));
        Assert.False(result.Succeeded);
        var error = Outputs.Of(notebook.Cells[0]).Last()!;
        Assert.Equal("ProcessExited", (string?)error["ename"]);
        Assert.Matches("killed by signal (11, SIGSEGV|6, SIGABRT)", (string?)error["evalue"]);
    }

    [Fact]
    public async Task ForegroundThreadThatNeverEnds_DoesNotKeepTheWorkerAlive()
    {
        var (notebook, result) = await Run(new TestNotebook()
            .Code("new System.Threading.Thread(() => { while (true) System.Threading.Thread.Sleep(100); }).Start();")
            .Code("1 + 1"));
        Assert.True(result.Succeeded, result.Failure);
        Assert.Equal(["result:2"], Outputs.Summary(notebook.Cells[1]));
    }

    [Fact]
    public async Task ManagedAllocationPastTheCap_FailsTheCell_WithOutOfMemory()
    {
        var (notebook, result) = await Run(new TestNotebook()
                .Code("var kept = new List<byte[]>();\nwhile (true) kept.Add(new byte[1 << 20]);").Code("1"),
            new NotebookProcessOptions { MemoryCapBytes = 256L << 20 });
        Assert.False(result.Succeeded);
        Assert.Equal(["error:OutOfMemoryException"], Outputs.Summary(notebook.Cells[0]));
        Assert.Empty(Outputs.Of(notebook.Cells[1]));
    }

    [Fact]
    public async Task NativeMemoryPastTheCap_StopsTheWorker_AndSaysSo()
    {
        // Native memory is outside the managed heap's limit: only the runner's watch on resident memory sees it.
        var (notebook, result) = await Run(new TestNotebook().Code("""
            var block = new byte[16 << 20];
            Array.Fill(block, (byte)1);
            var held = new List<IntPtr>();
            while (true)
            {
                IntPtr p = System.Runtime.InteropServices.Marshal.AllocHGlobal(block.Length);
                System.Runtime.InteropServices.Marshal.Copy(block, 0, p, block.Length);
                held.Add(p);
            }
            """), new NotebookProcessOptions { MemoryCapBytes = 400L << 20 });
        AssertEndedIn(notebook, result, 1, "MemoryCapExceeded", "more than its memory cap of 400 MiB");
    }

    [Fact]
    public async Task StoppedWorker_IsStoppedAfterTheCellsTimeLimit_AndTheGrace()
    {
        var (notebook, result) = await Run(new TestNotebook().Code("""
            static class Native
            {
                [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "raise")]
                public static extern int Raise(int signal);
            }
            Native.Raise(19);
            """), new NotebookProcessOptions { CellTimeout = TimeSpan.FromSeconds(10), UnresponsiveGrace = TimeSpan.FromSeconds(1) });
        // The limit leaves room for compiling the cell on a busy machine, so that the cell is stopped before its limit
        // and only the runner's watch can end it.
        AssertEndedIn(notebook, result, 1, "TimeoutError", "did not finish within 10 s");
    }

    [Fact]
    public async Task Cancelling_StopsTheWorker_AndTheCellIsInterrupted()
    {
        using var cancel = new CancellationTokenSource();
        var builder = new TestNotebook().Code("Console.WriteLine(\"started\");").Code("System.Threading.Thread.Sleep(60_000);");
        var progress = new Recorder(p => { if (p.CellNumber == 2) cancel.CancelAfter(500); });
        var (notebook, result) = await Run(builder, null, cancel.Token, progress);
        AssertEndedIn(notebook, result, 2, "Interrupted", "the run was interrupted");
    }

    [Fact]
    public async Task AWorker_RunsAnotherNotebookAfterOneThatSucceeded_InANewSession()
    {
        await using var process = NotebookProcess.Start();
        var first = await process.RunAsync(new TestNotebook().Code("var x = 1;").Code("x").Build(), Path.GetTempPath());
        Assert.True(first.Succeeded, first.Failure);
        Assert.True(process.CanRunAnother);
        var notebook = new TestNotebook().Code("2").Code("x").Build();
        var second = await process.RunAsync(notebook, Path.GetTempPath());
        Assert.Equal(2, second.FailedCellNumber);
        Assert.Equal(["result:2"], Outputs.Summary(notebook.Cells[0]));
        Assert.Equal(1, notebook.Cells[0].ExecutionCount);
        Assert.Contains("CS0103", Outputs.ErrorText(notebook.Cells[1]));
    }

    [Fact]
    public async Task AWorkerWhoseNotebookFailed_RunsNoOther()
    {
        await using var process = NotebookProcess.Start();
        var result = await process.RunAsync(new TestNotebook().Code("throw new Exception(\"no\");").Build(), Path.GetTempPath());
        Assert.False(result.Succeeded);
        Assert.False(process.CanRunAnother);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => process.RunAsync(new TestNotebook().Code("1").Build(), Path.GetTempPath()));
        Assert.Contains("last notebook failed", error.Message);
    }

    [Fact]
    public void MissingWorkerProgram_IsNamed()
    {
        string missing = Path.Combine(Path.GetTempPath(), "no-such-worker.dll");
        var error = Assert.Throws<FileNotFoundException>(() => NotebookProcess.Start(new NotebookProcessOptions { WorkerAssembly = missing }));
        Assert.Contains(missing, error.Message);
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(100L << 20)]
    public void MemoryCapBelowTheMinimum_IsRefused(long bytes) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new NotebookProcessOptions { MemoryCapBytes = bytes });

    private sealed class Recorder(Action<CellProgress> record) : IProgress<CellProgress>
    {
        public void Report(CellProgress value) => record(value);
    }
}
