using System.Text;
using ScoreNotebooks.Kernel.Protocol;

namespace ScoreNotebooks.Kernel.Tests.Protocol;

public class MessageSignerTests
{
    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    [Fact]
    public void Signature_IsTheHexHmacSha256OfTheFramesInOrder_Rfc4231TestCase2()
    {
        // RFC 4231, test case 2: key "Jefe", data "what do ya want for nothing?"; the frames are hashed as one stream.
        var signer = new MessageSigner("Jefe");
        Assert.Equal("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
            signer.Sign([Bytes("what do ya "), Bytes("want "), Bytes(""), Bytes("for nothing?")]));
    }

    [Fact]
    public void ValidSignature_IsAcceptedOnce_AndItsReplayIsRefused()
    {
        var signer = new MessageSigner("secret");
        byte[][] parts = [Bytes("{\"msg_id\":\"1\"}"), Bytes("{}"), Bytes("{}"), Bytes("{}")];
        string signature = signer.Sign(parts);
        Assert.True(signer.Verify(signature, parts, out string problem), problem);
        Assert.False(signer.Verify(signature, parts, out problem));
        Assert.Contains("replayed", problem);
    }

    [Fact]
    public void AlteredFrame_OrWrongKey_OrNoSignature_IsRefused()
    {
        var signer = new MessageSigner("secret");
        byte[][] parts = [Bytes("{\"msg_id\":\"1\"}"), Bytes("{}"), Bytes("{}"), Bytes("{\"code\":\"1\"}")];
        string signature = signer.Sign(parts);
        byte[][] altered = [parts[0], parts[1], parts[2], Bytes("{\"code\":\"2\"}")];
        Assert.False(signer.Verify(signature, altered, out string problem));
        Assert.Contains("does not match", problem);
        Assert.False(signer.Verify(new MessageSigner("other").Sign(parts), parts, out problem));
        Assert.Contains("does not match", problem);
        Assert.False(signer.Verify("", parts, out problem));
        Assert.Contains("not signed", problem);
    }

    [Fact]
    public void EmptyKey_SignsNothing_AndChecksNothing()
    {
        var signer = new MessageSigner("");
        byte[][] parts = [Bytes("{}"), Bytes("{}"), Bytes("{}"), Bytes("{}")];
        Assert.False(signer.Signs);
        Assert.Equal("", signer.Sign(parts));
        Assert.True(signer.Verify("anything", parts, out _));
    }

    [Fact]
    public void ReplayHistory_ForgetsTheOldestSignature_BeyondItsSize()
    {
        var signer = new MessageSigner("k");
        byte[][] Parts(int i) => [Bytes($"{{\"msg_id\":\"{i}\"}}"), Bytes("{}"), Bytes("{}"), Bytes("{}")];
        for (int i = 0; i <= MessageSigner.HistorySize; i++)
            Assert.True(signer.Verify(signer.Sign(Parts(i)), Parts(i), out _));
        // Message 0 has left the history; the most recent one has not.
        Assert.True(signer.Verify(signer.Sign(Parts(0)), Parts(0), out _));
        Assert.False(signer.Verify(signer.Sign(Parts(MessageSigner.HistorySize)), Parts(MessageSigner.HistorySize), out _));
    }
}
