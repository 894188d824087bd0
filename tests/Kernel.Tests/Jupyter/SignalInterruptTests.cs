namespace ScoreNotebooks.Kernel.Tests.Jupyter;

/// <summary>The same with the kernelspec that asks for SIGINT (interrupt_mode "signal").</summary>
public class SignalInterruptTests(SignalInterruptBatch signal) : IClassFixture<SignalInterruptBatch>
{
    [SkippableFact]
    public void Sigint_StopsTightLoopAndSleep_AndTheKernelGoesOn()
    {
        Skip.IfNot(Jupyter.Available, Jupyter.Missing);
        var result = signal.Scenario("interrupt");
        InterruptTests.AssertStopped(result, "tight_loop");
        InterruptTests.AssertStopped(result, "sleep");
        Assert.Equal("2", (string?)result["after"]);
        Assert.Equal(0, signal.ExitCode);
    }
}
