using System.Text;
using System.Text.Json.Nodes;
using ScoreNotebooks.Kernel.Protocol;

namespace ScoreNotebooks.Kernel.Tests.Protocol;

public class WireFormatTests
{
    private static readonly byte[] Identity = [1, 2, 3];

    private static List<byte[]> Frames(string key, JupyterMessage message) => new WireFormat(new MessageSigner(key)).Encode(message);

    private static JupyterMessage Request(string type = "execute_request") =>
        JupyterMessage.Create(type, new JsonObject { ["code"] = "1 + 1" }, null, "client-session", [Identity]);

    [Fact]
    public void EncodedMessage_DecodesToTheSameParts_WithItsIdentities()
    {
        var request = Request();
        var frames = Frames("key", request);
        Assert.Equal(Identity, frames[0]);
        Assert.Equal("<IDS|MSG>", Encoding.ASCII.GetString(frames[1]));
        Assert.True(new WireFormat(new MessageSigner("key")).TryDecode(frames, out var decoded, out string problem), problem);
        Assert.Equal(Identity, Assert.Single(decoded!.Identities));
        Assert.Equal(request.Header.ToJsonString(), decoded.Header.ToJsonString());
        Assert.Equal("1 + 1", (string?)decoded.Content["code"]);
        Assert.Equal("execute_request", decoded.Type);
    }

    [Fact]
    public void Reply_CarriesTheRequestHeaderAsParent_AndGoesBackToItsIdentities()
    {
        var request = Request();
        var reply = JupyterMessage.Create("execute_reply", new JsonObject { ["status"] = "ok" }, request, "kernel-session");
        Assert.Equal(request.Header.ToJsonString(), reply.ParentHeader.ToJsonString());
        Assert.Equal(Identity, Assert.Single(reply.Identities));
        Assert.Equal(("5.3", "kernel-session", "kernel"), ((string?)reply.Header["version"], (string?)reply.Header["session"], (string?)reply.Header["username"]));
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$", (string?)reply.Header["date"]);
    }

    [Fact]
    public void MessageSignedWithAnotherKey_IsRefused()
    {
        var frames = Frames("other", Request());
        Assert.False(new WireFormat(new MessageSigner("key")).TryDecode(frames, out var message, out string problem));
        Assert.Null(message);
        Assert.Contains("signature does not match", problem);
    }

    public static TheoryData<string, string> Malformed() => new()
    {
        { "no delimiter", "no <IDS|MSG> delimiter" },
        { "too few frames", "expected at least 5" },
        { "content not json", "content frame is not a JSON object" },
        { "header not an object", "header frame is not a JSON object" },
        { "header without msg_type", "no string msg_type" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void MalformedFrames_AreRefusedWithAReason_NeverAnException(string kind, string expected)
    {
        var signer = new MessageSigner("key");
        byte[] Json(string s) => Encoding.UTF8.GetBytes(s);
        List<byte[]> Signed(params byte[][] parts) => [Identity, WireFormat.Delimiter, Encoding.ASCII.GetBytes(signer.Sign(parts)), .. parts];
        List<byte[]> frames = kind switch
        {
            "no delimiter" => [Identity, Json("{}"), Json("{}")],
            "too few frames" => [WireFormat.Delimiter, Json("sig"), Json("{}")],
            "content not json" => Signed(Json("{\"msg_id\":\"1\",\"msg_type\":\"x\"}"), Json("{}"), Json("{}"), Json("{not json")),
            "header not an object" => Signed(Json("[1]"), Json("{}"), Json("{}"), Json("{}")),
            _ => Signed(Json("{\"msg_id\":\"1\"}"), Json("{}"), Json("{}"), Json("{}")),
        };
        Assert.False(new WireFormat(signer).TryDecode(frames, out _, out string problem));
        Assert.Contains(expected, problem);
    }
}
