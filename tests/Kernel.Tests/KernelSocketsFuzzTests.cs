namespace ScoreNotebooks.Kernel.Tests;

/// <summary>
/// The kernel survives whatever arrives on its sockets. Messages from <see cref="MessageFuzzer"/>, drawn from a fixed
/// seed and signed with a fixed key (the same bytes on every run), go to a kernel process one at a time; after each it
/// must still answer kernel_info on control, and its heartbeat must echo after garbage. At the end it must answer on
/// shell (so the shell worker survived every request), no handler may have failed, and no message that was not
/// correctly signed may have run.
/// </summary>
public class KernelSocketsFuzzTests
{
    private const ulong Seed = 0x5C0E_2026_0215;
    private const int Count = 300;
    private const string Key = "fuzz-key-0123456789abcdef";
    // Relative to the kernel's folder, so the message bytes do not depend on where the test runs.
    private const string Marker = "not-correctly-signed-but-ran";

    [Fact]
    public void MutatedMessagesOnEveryChannel_NeverStopTheKernel_AndNoneThatIsNotCorrectlySignedRuns()
    {
        // A bound on a hang, not a timing: the kernel answers in milliseconds, or not at all.
        using var kernel = KernelProcess.Start(TimeSpan.FromSeconds(60), Key);
        var messages = new MessageFuzzer(Key, $"System.IO.File.WriteAllText(\"{Marker}\", \"ran\");").Draw(Count, Seed);
        for (int i = 0; i < messages.Length; i++)
        {
            var message = messages[i];
            if (message.RawTcp) kernel.SendRaw(message.Channel, message.Frames);
            else if (message.Channel == "iopub") kernel.SendIOPub(message.Frames);
            else kernel.Send(message.Channel, message.Frames);
            string? problem = kernel.KernelInfo("control") ?? (message.Channel == "hb" ? kernel.Heartbeat() : null);
            // Shell requests run one after another: waiting for the shell to answer before the next message keeps a slow
            // compile from queueing the following requests behind a failing one, which would abort them on a busy machine.
            if (message.Channel == "shell") problem ??= kernel.KernelInfo("shell");
            Assert.True(problem is null, Failure($"after message {i} of seed {Seed:x}: {message}", problem, kernel));
            kernel.DrainReplies();
        }
        string? end = kernel.KernelInfo("shell") ?? kernel.Heartbeat();
        Assert.True(end is null, Failure("after every message", end, kernel));
        Assert.False(File.Exists(Path.Combine(kernel.Folder, Marker)), Failure("a message that was not correctly signed ran", null, kernel));
        Assert.DoesNotContain("[ERROR", kernel.Log);
        // The messages reached every stage: refused unsigned, refused as altered, answered with an error, run.
        Assert.Contains("refused message: the message is not signed", kernel.Log);
        Assert.Contains("refused message: the signature does not match", kernel.Log);
        Assert.Contains(kernel.Replies, r => r.StartsWith("shell ", StringComparison.Ordinal) && r.EndsWith(" error BadRequest", StringComparison.Ordinal));
        Assert.Contains(kernel.Replies, r => r.StartsWith("control ", StringComparison.Ordinal) && r.EndsWith(" error BadRequest", StringComparison.Ordinal));
        Assert.True(kernel.WaitForReply("shell execute_reply ok"), Failure("no correctly signed execute request ran", null, kernel));
    }

    private static string Failure(string what, string? problem, KernelProcess kernel)
    {
        string log = kernel.Log;
        return $"{what}\n{problem}\nkernel log (end):\n{(log.Length > 20_000 ? "…" + log[^20_000..] : log)}";
    }
}
