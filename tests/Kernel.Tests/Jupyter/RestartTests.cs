namespace ScoreNotebooks.Kernel.Tests.Jupyter;

public class RestartTests(RestartBatch batch) : IClassFixture<RestartBatch>
{
    [SkippableFact]
    public void Restart_EndsTheOldKernelByItself_AndStartsAFreshOne()
    {
        Skip.IfNot(Jupyter.Available, Jupyter.Missing);
        var result = batch.Scenario("restart");
        Assert.Equal(0, (int)result["old_exit_code"]!);
        Assert.True((bool)result["new_process"]!);
        Assert.Equal("CompilationError", (string?)result["before_is_gone"]);
        Assert.Equal(2, (int)result["count_restarted"]!);
        Assert.Equal("4", (string?)result["fresh"]);
        Assert.Contains("restart requested", batch.Log);
        Assert.Equal(0, batch.ExitCode);
    }
}
