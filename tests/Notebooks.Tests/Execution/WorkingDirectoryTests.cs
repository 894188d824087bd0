using ScoreNotebooks.Notebooks.Execution;

namespace ScoreNotebooks.Notebooks.Tests.Execution;

/// <summary>
/// A session's working folder can vanish: a cell deletes its notebook's folder, or someone deletes it from
/// outside. The next cell then fails with an error that names the folder, and neither that session nor any
/// other in the process hangs. Every call is bounded, so a session that hangs fails the test instead of blocking it.
/// </summary>
public class WorkingDirectoryTests
{
    // Far longer than any of these cells takes; reached only by a hang.
    private static readonly TimeSpan HangLimit = TimeSpan.FromMinutes(1);

    private static Task<CellResult> Run(ScriptSession session, string source, int cellNumber) =>
        session.ExecuteAsync(source, cellNumber).WaitAsync(HangLimit);

    private static string Deleting(string folder) => $"System.IO.Directory.Delete(@\"{folder}\", recursive: true);";

    private static void AssertFolderIsGone(CellResult result, string folder)
    {
        Assert.Equal(CellStatus.Failed, result.Status);
        Assert.Equal("DirectoryNotFoundException", result.Error?.ErrorName);
        Assert.Contains(folder, result.Error!.ErrorValue);
        Assert.Contains("no longer exists", result.Error.ErrorValue);
    }

    [Fact]
    public async Task CellThatDeletesItsWorkingFolder_Runs_AndTheNextCellFailsNamingTheFolder()
    {
        using var root = new TempFolder();
        string folder = Directory.CreateDirectory(Path.Combine(root.Path, "notebook")).FullName;
        var session = new ScriptSession(folder);
        Assert.Equal(CellStatus.Succeeded, (await Run(session, "var kept = 3;\n" + Deleting(folder), 1)).Status);
        AssertFolderIsGone(await Run(session, "kept", 2), folder);
        AssertFolderIsGone(await Run(session, "kept", 3), folder);
    }

    [Fact]
    public async Task FolderDeletedWhileItIsTheProcessFolder_NeitherHangsThisSessionNorTheNext()
    {
        // A kernel starts in its notebook's folder, so the folder a cell leaves is also the one to go back to.
        using var root = new TempFolder();
        string folder = Directory.CreateDirectory(Path.Combine(root.Path, "notebook")).FullName;
        string before = Environment.CurrentDirectory;
        try
        {
            Environment.CurrentDirectory = folder;
            var session = new ScriptSession(folder);
            Assert.Equal(CellStatus.Succeeded, (await Run(session, "var kept = 3;\n" + Deleting(folder), 1)).Status);
            AssertFolderIsGone(await Run(session, "kept", 2), folder);
            var other = new ScriptSession(root.Path);
            var result = await Run(other, "System.IO.Directory.GetCurrentDirectory()", 1);
            Assert.Equal(CellStatus.Succeeded, result.Status);
            Assert.Equal(root.Path, result.Outputs.Single().Data["text/plain"]);
            Directory.CreateDirectory(folder);
            var again = await Run(session, "kept", 3);
            Assert.Equal(CellStatus.Succeeded, again.Status);
            Assert.Equal("3", again.Outputs.Single().Data["text/plain"]);
        }
        finally
        {
            Environment.CurrentDirectory = before;
        }
    }

    [Fact]
    public async Task FolderDeletedFromOutsideBetweenCells_FailsTheNextCell_AndTheSessionGoesOnOnceItIsBack()
    {
        using var root = new TempFolder();
        string folder = Directory.CreateDirectory(Path.Combine(root.Path, "notebook")).FullName;
        var session = new ScriptSession(folder);
        Assert.Equal(CellStatus.Succeeded, (await Run(session, "var kept = 3;", 1)).Status);
        Directory.Delete(folder);
        AssertFolderIsGone(await Run(session, "kept", 2), folder);
        Directory.CreateDirectory(folder);
        var again = await Run(session, "kept + 1", 3);
        Assert.Equal(CellStatus.Succeeded, again.Status);
        Assert.Equal("4", again.Outputs.Single().Data["text/plain"]);
    }
}
