namespace ScoreNotebooks.Kernel.Tests;

/// <summary>What the kernel's sockets do with input no Jupyter client sends.</summary>
public class KernelSocketsTests
{
    // A bound on a hang, not a timing: the heartbeat echoes in milliseconds, or not at all.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    /// <summary>
    /// Bytes written on plain TCP connections to the heartbeat port. A peer whose first byte is not 0xFF speaks
    /// ZeroMQ 1.0 to NetMQ: length, flags and body for each frame, the first frame its identity. The first case
    /// (found by the fuzz test) left the reply socket the heartbeat used to be deaf for good.
    /// </summary>
    [Fact]
    public void RawGarbageOnTheHeartbeatPort_LeavesItEchoing()
    {
        using var kernel = KernelProcess.Start(Patience, "key");
        Assert.Null(kernel.Heartbeat());
        foreach (var (hex, what) in new[]
                 {
                     ("0100" + "020041" + "03004142", "two messages without the empty frame a REQ client puts first"),
                     ("0100" + "020141", "a frame that says more follow, then the connection closes"),
                     ("0100" + "640041", "a frame shorter than its length says, then the connection closes"),
                 })
        {
            kernel.SendRaw("hb", [Convert.FromHexString(hex)]);
            Assert.True(kernel.Heartbeat() is null, $"the heartbeat stopped after {what} ({hex})\n{kernel.Log}");
        }
    }
}
