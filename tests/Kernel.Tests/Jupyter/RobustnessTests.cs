namespace ScoreNotebooks.Kernel.Tests.Jupyter;

/// <summary>Messages a front end would never send: refused and logged, never executed, and the kernel goes on.</summary>
[Collection(SessionCollection.Name)]
public class RobustnessTests(SessionBatch batch)
{
    [SkippableFact]
    public void BadOrMissingSignature_IsRefusedAndLogged_NeverExecuted()
    {
        Skip.IfNot(Jupyter.Available, Jupyter.Missing);
        var result = batch.Scenario("bad_signature");
        Assert.Equal(0, (int)result["replies"]!);
        Assert.False((bool)result["ran"]!, "a message with a bad signature was executed");
        Assert.Equal("2", (string?)result["alive"]);
        Assert.Contains("refused message: the signature does not match the message", batch.Log);
        Assert.Contains("refused message: the message is not signed", batch.Log);
    }

    [SkippableFact]
    public void ReplayedMessage_IsRefused_SoItRunsOnce()
    {
        Skip.IfNot(Jupyter.Available, Jupyter.Missing);
        var result = batch.Scenario("replay");
        Assert.Equal(["execute_reply"], result["first"]!.AsArray().Select(n => (string)n!));
        Assert.Equal(0, (int)result["second"]!);
        Assert.Equal("x", (string?)result["runs"]);
        Assert.Contains("a replayed signature", batch.Log);
    }

    [SkippableFact]
    public void MalformedMessages_AreDroppedOrAnsweredWithErrors_AndTheKernelGoesOn()
    {
        Skip.IfNot(Jupyter.Available, Jupyter.Missing);
        var result = batch.Scenario("malformed");
        var replies = result["replies"]!.AsArray().Select(r => ((string?)r!["type"], (string?)r["status"], (string?)r["ename"])).ToList();
        Assert.Equal([("execute_reply", "error", "BadRequest"), ("execute_reply", "error", "BadRequest"), ("complete_reply", "ok", null),
            ("inspect_reply", "error", "BadRequest")], replies);
        Assert.Contains("the content frame is not a JSON object", (string?)result["replies"]![0]!["evalue"]);
        Assert.Equal("Sqrt", (string?)result["replies"]![2]!["matches"]![0]);
        Assert.Equal("2", (string?)result["alive"]);
        foreach (string logged in new[]
                 {
                     "no <IDS|MSG> delimiter", "expected at least 5", "the content frame is not a JSON object",
                     "the header has no string msg_type", "unsupported message type 'no_such_request'",
                 })
            Assert.Contains(logged, batch.Log);
        Assert.Equal(0, batch.ExitCode);
    }

    [SkippableTheory]
    [InlineData("shell", "execute_reply")]
    [InlineData("control", "kernel_info_reply")]
    public void RepeatedKeys_InTheHeaderAreDropped_InTheContentAnsweredWithAnError_AndTheKernelGoesOn(string channel, string reply)
    {
        Skip.IfNot(Jupyter.Available, Jupyter.Missing);
        var result = batch.Scenario("repeated_keys")[channel]!;
        var only = Assert.Single(result["replies"]!.AsArray());
        Assert.Equal((reply, "error", "BadRequest"), ((string?)only!["type"], (string?)only["status"], (string?)only["ename"]));
        Assert.Contains("the content frame is not a JSON object (Duplicate property 'code'", (string?)only["evalue"]);
        Assert.Equal(["ok"], result["kernel_info"]!.AsArray().Select(n => (string?)n));
        Assert.Equal("2", (string?)batch.Scenario("repeated_keys")["alive"]);
        Assert.Contains("malformed message: the header frame is not a JSON object (Duplicate property 'msg_id'", batch.Log);
    }
}
