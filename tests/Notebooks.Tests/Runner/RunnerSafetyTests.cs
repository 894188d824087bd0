using System.Text.Json.Nodes;
using ScoreNotebooks.NotebookRunner;
using ScoreNotebooks.Notebooks.Format;
using static ScoreNotebooks.Notebooks.Tests.Runner.RunnerTests;

namespace ScoreNotebooks.Notebooks.Tests.Runner;

/// <summary>
/// The runner never loses or overwrites a user's file, never reports a success that did not happen, and
/// survives any cell: each test is one way a run used to go wrong.
/// </summary>
public class RunnerSafetyTests
{
    [Fact]
    public async Task OutIntoTheSourceFolder_IsRefusedBeforeAnythingRuns()
    {
        using var folder = new TempFolder();
        string source = new TestNotebook().Code("System.IO.File.WriteAllText(\"ran.txt\", \"\");").WriteTo(folder.Path, "00-start.ipynb");
        byte[] before = File.ReadAllBytes(source);
        var (code, _, errors) = await Run(folder.Path, source, "--no-build", "--out", folder.Path, "--figures", Path.Combine(folder.Path, "f"));
        Assert.Equal(2, code);
        Assert.Contains("would overwrite the source notebook", errors);
        Assert.Equal(before, File.ReadAllBytes(source));
        Assert.False(File.Exists(Path.Combine(folder.Path, "ran.txt")), "a cell ran although the run was refused");
    }

    [Fact]
    public async Task OutThroughASymbolicLinkToTheSourceFolder_IsRefusedToo()
    {
        using var folder = new TempFolder();
        string notebooks = Directory.CreateDirectory(Path.Combine(folder.Path, "notebooks")).FullName;
        string source = new TestNotebook().Code("1").WriteTo(notebooks, "a.ipynb");
        string link = Path.Combine(folder.Path, "copies");
        Directory.CreateSymbolicLink(link, notebooks);
        var (code, _, errors) = await Run(folder.Path, source, "--no-build", "--out", link, "--figures", Path.Combine(folder.Path, "f"));
        Assert.Equal(2, code);
        Assert.Contains("would overwrite the source notebook", errors);
    }

    [Fact]
    public async Task OutNamingAFile_IsFoundBeforeTheRun()
    {
        using var folder = new TempFolder();
        string source = new TestNotebook().Code("System.IO.File.WriteAllText(\"ran.txt\", \"\");").WriteTo(folder.Path);
        string file = Path.Combine(folder.Path, "results");
        File.WriteAllText(file, "mine");
        var (code, _, errors) = await Run(folder.Path, source, "--no-build", "--out", file, "--figures", Path.Combine(folder.Path, "f"));
        Assert.Equal(2, code);
        Assert.Contains($"--out {file}: this is a file, not a folder", errors);
        Assert.Equal("mine", File.ReadAllText(file));
        Assert.False(File.Exists(Path.Combine(folder.Path, "ran.txt")));
    }

    [Fact]
    public async Task OutThatCannotBeCreated_IsFoundBeforeTheRun()
    {
        using var folder = new TempFolder();
        string source = new TestNotebook().Code("System.IO.File.WriteAllText(\"ran.txt\", \"\");").WriteTo(folder.Path);
        File.WriteAllText(Path.Combine(folder.Path, "file"), "");
        string under = Path.Combine(folder.Path, "file", "out");
        var (code, _, errors) = await Run(folder.Path, source, "--no-build", "--out", under, "--figures", Path.Combine(folder.Path, "f"));
        Assert.Equal(2, code);
        Assert.Contains($"--out {under}: cannot write there", errors);
        Assert.False(File.Exists(Path.Combine(folder.Path, "ran.txt")));
    }

    [SkippableFact]
    public async Task ReadOnlyFigures_IsFoundBeforeTheRun()
    {
        Skip.If(Environment.UserName == "root", "permissions do not bind the root user");
        if (OperatingSystem.IsWindows()) return;
        using var folder = new TempFolder();
        string source = new TestNotebook().Code("1").WriteTo(folder.Path);
        string figures = Directory.CreateDirectory(Path.Combine(folder.Path, "figures")).FullName;
        File.SetUnixFileMode(figures, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        var (code, _, errors) = await Run(folder.Path, source, "--no-build", "--out", Path.Combine(folder.Path, "out"), "--figures", figures);
        File.SetUnixFileMode(figures, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Assert.Equal(2, code);
        Assert.Contains($"--figures {figures}: cannot write there", errors);
    }

    [Fact]
    public async Task EnvironmentExitZero_FailsItsNotebook_TheOthersRun_AndTheTableIsShown()
    {
        using var folder = new TempFolder();
        new TestNotebook().Code("Environment.Exit(0);").WriteTo(folder.Path, "01-exits.ipynb");
        new TestNotebook().Code("throw new InvalidOperationException(\"later failure\");").WriteTo(folder.Path, "02-fails.ipynb");
        new TestNotebook().Code("3").WriteTo(folder.Path, "03-fine.ipynb");
        var (code, output, errors) = await Run(folder.Path, Args(folder, folder.Path));
        Assert.Equal(1, code);
        Assert.Contains("Environment.Exit(0) was called", errors);
        Assert.Matches(@"01-exits\.ipynb\s+1/1\s+\S+\s+FAILED at cell 1", output);
        Assert.Matches(@"02-fails\.ipynb\s+1/1\s+\S+\s+FAILED at cell 1", output);
        Assert.Matches(@"03-fine\.ipynb\s+1/1\s+\S+\s+ok", output);
        Assert.Contains("2 of 3 notebooks failed", output);
        var copy = NotebookDocument.Load(Path.Combine(folder.Path, "out", "01-exits.ipynb"));
        Assert.Equal(["error:ProcessExited"], Outputs.Summary(copy.Cells[0]));
    }

    [Theory]
    [InlineData("Environment.FailFast(\"given up\");", "Environment.FailFast was called: given up")]
    [InlineData("int Down(int n) => Down(n + 1) + 1;\nDown(0)", "the stack overflowed")]
    public async Task ProcessEndingCells_FailTheirNotebook_WithAnExecutedCopy(string cell, string cause)
    {
        using var folder = new TempFolder();
        new TestNotebook().Code("Console.WriteLine(\"first\");").Code(cell).WriteTo(folder.Path, "01-ends.ipynb");
        new TestNotebook().Code("4").WriteTo(folder.Path, "02-fine.ipynb");
        var (code, output, errors) = await Run(folder.Path, Args(folder, folder.Path));
        Assert.Equal(1, code);
        Assert.Contains(cause, errors);
        var copy = NotebookDocument.Load(Path.Combine(folder.Path, "out", "01-ends.ipynb"));
        Assert.Equal(["stdout:first\n"], Outputs.Summary(copy.Cells[0]));
        Assert.Equal(["error:ProcessExited"], Outputs.Summary(copy.Cells[1]));
        Assert.Matches(@"02-fine\.ipynb\s+1/1\s+\S+\s+ok", output);
    }

    [Fact]
    public async Task ForegroundThreadThatNeverEnds_TheRunnerStillFinishes()
    {
        using var folder = new TempFolder();
        string source = new TestNotebook()
            .Code("new System.Threading.Thread(() => { while (true) System.Threading.Thread.Sleep(100); }).Start();")
            .WriteTo(folder.Path);
        var run = Run(folder.Path, Args(folder, source));
        Assert.Same(run, await Task.WhenAny(run, Task.Delay(TimeSpan.FromMinutes(2))));
        var (code, output, errors) = await run;
        Assert.True(code == 0, errors);
        Assert.Contains("all 1 notebooks succeeded", output);
    }

    [Fact]
    public async Task CellThatDeletesItsNotebooksFolder_FailsOnlyThatNotebook()
    {
        using var folder = new TempFolder();
        string doomed = Directory.CreateDirectory(Path.Combine(folder.Path, "doomed")).FullName;
        string first = new TestNotebook()
            .Code("System.IO.Directory.Delete(System.IO.Directory.GetCurrentDirectory(), recursive: true);")
            .Code("Console.WriteLine(\"still here\");")
            .WriteTo(doomed, "01-deletes.ipynb");
        string second = new TestNotebook().Code("5").WriteTo(folder.Path, "02-fine.ipynb");
        var (code, output, errors) = await Run(folder.Path, Args(folder, first, second));
        Assert.Equal(1, code);
        Assert.Matches(@"01-deletes\.ipynb\s+\d/2\s+\S+\s+FAILED at cell \d", output);
        Assert.Matches(@"02-fine\.ipynb\s+1/1\s+\S+\s+ok", output);
        Assert.True(File.Exists(Path.Combine(folder.Path, "out", "01-deletes.ipynb")), errors);
    }

    [Fact]
    public async Task StaleTemporaryFilesOfTheRunner_AreRemoved_OthersAreKept()
    {
        using var folder = new TempFolder();
        string source = new TestNotebook().Code("1").WriteTo(folder.Path, "big.ipynb");
        string outFolder = Directory.CreateDirectory(Path.Combine(folder.Path, "out")).FullName;
        string figureFolder = Directory.CreateDirectory(Path.Combine(folder.Path, "figures", "big")).FullName;
        // A process id that no process has: Linux pids stay below 2^22.
        string staleCopy = Path.Combine(outFolder, $".big.ipynb.99999999.{Guid.NewGuid():N}.tmp");
        string staleStill = Path.Combine(figureFolder, $".cell02-1.html.99999999.{Guid.NewGuid():N}.tmp.html");
        string users = Path.Combine(outFolder, ".notes.tmp");
        foreach (string file in new[] { staleCopy, staleStill, users }) File.WriteAllText(file, "partial");
        var (code, _, errors) = await Run(folder.Path, Args(folder, source));
        Assert.True(code == 0, errors);
        Assert.False(File.Exists(staleCopy));
        Assert.False(File.Exists(staleStill));
        Assert.True(File.Exists(users));
    }

    [Fact]
    public async Task Interrupted_ExitsWith130_WritesNothingForTheStoppedNotebook_AndLeavesNoTemporaryFiles()
    {
        using var folder = new TempFolder();
        string source = new TestNotebook().Code("1").Code("System.Threading.Thread.Sleep(60_000);").WriteTo(folder.Path, "slow.ipynb");
        using var interrupt = new CancellationTokenSource();
        var (code, output, errors) = await RunWatching(folder.Path, Args(folder, source),
            line => { if (line.Contains("code cell 2 of 2")) interrupt.CancelAfter(300); }, interrupt.Token);
        Assert.Equal(130, code);
        Assert.Contains("interrupted", errors);
        Assert.Matches(@"slow\.ipynb\s+2/2\s+\S+\s+interrupted", output);
        Assert.False(File.Exists(Path.Combine(folder.Path, "out", "slow.ipynb")));
        Assert.Empty(Directory.GetFiles(folder.Path, "*.tmp*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task InPlace_OnASymbolicLink_WritesTheTarget_AndKeepsTheLink()
    {
        using var folder = new TempFolder();
        string target = new TestNotebook().Code("6 * 7").WriteTo(Directory.CreateDirectory(Path.Combine(folder.Path, "real")).FullName, "n.ipynb");
        string link = Path.Combine(folder.Path, "n.ipynb");
        File.CreateSymbolicLink(link, target);
        var (code, _, errors) = await Run(folder.Path, link, "--no-build", "--in-place", "--figures", Path.Combine(folder.Path, "f"));
        Assert.True(code == 0, errors);
        Assert.Equal(target, new FileInfo(link).LinkTarget);
        Assert.Equal(["result:42"], Outputs.Summary(NotebookDocument.Load(target).Cells[0]));
    }

    [Fact]
    public async Task InPlace_NotebookEditedWhileItRan_IsNotOverwritten()
    {
        using var folder = new TempFolder();
        string source = new TestNotebook().Code("1").Code("System.Threading.Thread.Sleep(2000);").WriteTo(folder.Path, "edited.ipynb");
        string edited = new TestNotebook().Code("1").Code("Console.WriteLine(\"the reader's edit\");").Json();
        var (code, output, errors) = await RunWatching(folder.Path, [source, "--no-build", "--in-place", "--figures", Path.Combine(folder.Path, "f")],
            line => { if (line.Contains("code cell 2 of 2")) File.WriteAllText(source, edited); }, CancellationToken.None);
        Assert.Equal(1, code);
        Assert.Contains("changed on disk while it ran, so it was not overwritten", errors);
        Assert.Contains("not written (changed on disk)", output);
        Assert.Equal(edited, File.ReadAllText(source));
    }

    [Fact]
    public async Task Figures_DeletesOnlyTheFilesItWrote()
    {
        using var folder = new TempFolder();
        string chart = "#r \"nuget: Plotly.NET.CSharp, 0.14.0\"\n" +
                       "display(Plotly.NET.CSharp.Chart.Point<double, double, string>(x: new[] { 1.0 }, y: new[] { 2.0 }));";
        string source = new TestNotebook().Code(chart).Code(chart).WriteTo(folder.Path, "plots.ipynb");
        string figures = Path.Combine(folder.Path, "figures", "plots");
        var (first, _, errors) = await RunWith(() => null, folder.Path, Args(folder, source));
        Assert.True(first == 0, errors);
        Assert.True(File.Exists(Path.Combine(figures, "cell02-1.html")));
        File.WriteAllText(Path.Combine(figures, "cellar.csv"), "the reader's data");
        File.WriteAllText(Path.Combine(figures, "cell09-1.html"), "the reader's page");
        new TestNotebook().Code(chart).WriteTo(folder.Path, "plots.ipynb");
        var (second, _, errors2) = await RunWith(() => null, folder.Path, Args(folder, source));
        Assert.True(second == 0, errors2);
        Assert.Equal([FigureWriter.ManifestName, "cell01-1.html", "cell09-1.html", "cellar.csv"],
            Directory.GetFiles(figures).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ConsoleInput_InAWorker_ReadsEndOfInput_InsteadOfWaiting()
    {
        using var folder = new TempFolder();
        string source = new TestNotebook().Code("Console.ReadLine() is null").WriteTo(folder.Path);
        var (code, _, errors) = await Run(folder.Path, Args(folder, source));
        Assert.True(code == 0, errors);
        Assert.Equal(["result:True"], Outputs.Summary(NotebookDocument.Load(Path.Combine(folder.Path, "out", "test.ipynb")).Cells[0]));
    }

    [Theory]
    [InlineData("64")]
    [InlineData("lots")]
    [InlineData("2097152")]
    public async Task MemoryCapOutOfRange_ExitsTwo(string megabytes)
    {
        using var folder = new TempFolder();
        var (code, _, errors) = await Run(folder.Path, "--memory", megabytes);
        Assert.Equal(2, code);
        Assert.Contains("--memory needs a whole number of MiB from 128 to 1048576", errors);
    }
}
