namespace ScoreNotebooks.Kernel.Tests.Jupyter;

/// <summary>The folder a kernel runs cells in is deleted, by a cell or from outside: cells fail saying so, and the kernel goes on.</summary>
public class VanishedFolderTests(VanishedFolderBatch batch) : IClassFixture<VanishedFolderBatch>
{
    [SkippableFact]
    public void DeletedWorkingFolder_FailsTheNextCellNamingIt_AndTheKernelKeepsAnswering()
    {
        Skip.IfNot(Jupyter.Available, Jupyter.Missing);
        var result = batch.Scenario("vanished_folder");
        Assert.Equal("ok", (string?)result["deleting"]);
        foreach (string after in new[] { "after_cell", "after_outside" })
        {
            Assert.Equal("error", (string?)result[after]!["status"]);
            Assert.Equal("DirectoryNotFoundException", (string?)result[after]!["ename"]);
            Assert.Matches("notebook: the working folder no longer exists", (string?)result[after]!["evalue"]);
        }
        Assert.Equal("ok", (string?)result["kernel_info"]);
        Assert.Equal(["2"], result["back"]!.AsArray().Select(n => (string?)n));
        Assert.Equal("2", (string?)result["alive"]);
        Assert.Equal(0, batch.ExitCode);
    }
}
