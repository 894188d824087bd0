using System.Text.Json.Nodes;

namespace ScoreNotebooks.Kernel.Tests.Jupyter;

/// <summary>
/// KernelManager.interrupt_kernel() stops a tight loop and a sleeping cell, and the kernel goes on: with the
/// installed kernelspec (an interrupt_request message) and with one that asks for SIGINT.
/// </summary>
[Collection(SessionCollection.Name)]
public class InterruptTests(SessionBatch message)
{
    internal static void AssertStopped(JsonNode result, string cell)
    {
        var reply = result[cell]!;
        Assert.Equal(("error", "Interrupted"), ((string?)reply["status"], (string?)reply["ename"]));
        Assert.Contains("interrupted and stopped", (string?)reply["evalue"]);
    }

    [SkippableFact]
    public void InterruptMessage_StopsTightLoopAndSleep_AndTheKernelGoesOn()
    {
        Skip.IfNot(Jupyter.Available, Jupyter.Missing);
        var result = message.Scenario("interrupt");
        AssertStopped(result, "tight_loop");
        AssertStopped(result, "sleep");
        Assert.Equal("2", (string?)result["after"]);
        Assert.Equal(0, message.ExitCode);
    }
}
