using ScoreNotebooks.Notebooks.Format;
using static ScoreNotebooks.Notebooks.Tests.Runner.RunnerTests;

namespace ScoreNotebooks.Notebooks.Tests.Runner;

/// <summary>
/// A lane's worker runs its next notebook after one that ran to its end, in a new script session; after a
/// failure, or with <c>--fresh-process</c>, the next notebook gets a new process. Each notebook prints the id of
/// the process it ran in.
/// </summary>
public class RunnerWorkerReuseTests
{
    private const string PrintProcess = "Console.WriteLine($\"process {Environment.ProcessId}\");";

    private static string ProcessOf(TempFolder folder, string name) =>
        Outputs.Text(Outputs.Of(NotebookDocument.Load(Path.Combine(folder.Path, "out", name)).Cells[0])[0]!["text"]);

    [Fact]
    public async Task AfterASucceedingNotebook_TheNextRunsInTheSameProcess_InANewSession()
    {
        using var folder = new TempFolder();
        string other = Directory.CreateDirectory(Path.Combine(folder.Path, "other")).FullName;
        new TestNotebook().Code(PrintProcess).Code("var left = 41;")
            .Code("#r \"nuget: Plotly.NET.CSharp, 0.14.0\"\ndisplay(Plotly.NET.CSharp.Chart.Point<double, double, string>(x: new[] { 1.0 }, y: new[] { 2.0 }));")
            .WriteTo(folder.Path, "01-first.ipynb");
        new TestNotebook().Code(PrintProcess).Code("Console.WriteLine(System.IO.Directory.GetCurrentDirectory());")
            .Code("#r \"nuget: Plotly.NET.CSharp, 0.14.0\"\ndisplay(Plotly.NET.CSharp.Chart.Point<double, double, string>(x: new[] { 3.0 }, y: new[] { 4.0 }));")
            .Code("left + 1")
            .WriteTo(other, "02-second.ipynb");
        var (code, output, errors) = await Run(folder.Path,
            Args(folder, Path.Combine(folder.Path, "01-first.ipynb"), Path.Combine(other, "02-second.ipynb"), "--jobs", "1"));
        Assert.Equal(1, code);
        Assert.Matches(@"01-first\.ipynb\s+3/3\s+\S+\s+ok", output);
        Assert.Equal(ProcessOf(folder, "01-first.ipynb"), ProcessOf(folder, "02-second.ipynb"));
        var second = NotebookDocument.Load(Path.Combine(folder.Path, "out", "02-second.ipynb"));
        // A new session: the second notebook's counts start at 1, its folder is its working directory, its first
        // figure carries plotly.js again, and the first notebook's variables are gone.
        Assert.Equal([1, 2, 3, 4], second.Cells.Select(c => c.ExecutionCount ?? 0));
        Assert.Equal([$"stdout:{other}\n"], Outputs.Summary(second.Cells[1]));
        Assert.Contains("Plotly.newPlot", Outputs.Text(Outputs.Of(second.Cells[2])[0]!["data"]!["text/html"]));
        Assert.Contains("(function (define, module, exports) {", Outputs.Text(Outputs.Of(second.Cells[2])[0]!["data"]!["text/html"]));
        Assert.Contains("CS0103", Outputs.ErrorText(second.Cells[3]));
        Assert.Contains("'left'", Outputs.ErrorText(second.Cells[3]));
    }

    [Fact]
    public async Task AfterAFailedNotebook_TheNextGetsANewProcess()
    {
        using var folder = new TempFolder();
        new TestNotebook().Code(PrintProcess).Code("throw new InvalidOperationException(\"stop\");").WriteTo(folder.Path, "01-fails.ipynb");
        new TestNotebook().Code(PrintProcess).WriteTo(folder.Path, "02-next.ipynb");
        new TestNotebook().Code(PrintProcess).WriteTo(folder.Path, "03-last.ipynb");
        var (code, output, errors) = await Run(folder.Path, [.. Args(folder, folder.Path), "--jobs", "1"]);
        Assert.Equal(1, code);
        Assert.NotEqual(ProcessOf(folder, "01-fails.ipynb"), ProcessOf(folder, "02-next.ipynb"));
        Assert.Equal(ProcessOf(folder, "02-next.ipynb"), ProcessOf(folder, "03-last.ipynb"));
    }

    [Fact]
    public async Task FreshProcess_GivesEveryNotebookItsOwnProcess()
    {
        using var folder = new TempFolder();
        for (int k = 1; k <= 3; k++) new TestNotebook().Code(PrintProcess).WriteTo(folder.Path, $"0{k}-fine.ipynb");
        var (code, _, errors) = await Run(folder.Path, [.. Args(folder, folder.Path), "--jobs", "1", "--fresh-process"]);
        Assert.True(code == 0, errors);
        Assert.Equal(3, Enumerable.Range(1, 3).Select(k => ProcessOf(folder, $"0{k}-fine.ipynb")).Distinct().Count());
    }

    [Fact]
    public async Task AWorkerHoldingHalfTheMemoryCap_IsReplaced()
    {
        using var folder = new TempFolder();
        // Kept past the session in process-wide data, and touched so that it is resident: 700 MiB of a 1024 MiB cap.
        new TestNotebook().Code(PrintProcess)
            .Code("var kept = new byte[700 << 20]; Array.Fill(kept, (byte)1); AppDomain.CurrentDomain.SetData(\"kept\", kept);")
            .WriteTo(folder.Path, "01-holds.ipynb");
        new TestNotebook().Code(PrintProcess).WriteTo(folder.Path, "02-next.ipynb");
        var (code, _, errors) = await Run(folder.Path, [.. Args(folder, folder.Path), "--jobs", "1", "--memory", "1024"]);
        Assert.True(code == 0, errors);
        Assert.NotEqual(ProcessOf(folder, "01-holds.ipynb"), ProcessOf(folder, "02-next.ipynb"));
    }
}
