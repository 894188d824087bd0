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

    private static readonly MessageSigner Signer = new("key");

    private static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);

    private static List<byte[]> Signed(params byte[][] parts) =>
        [Identity, WireFormat.Delimiter, Encoding.ASCII.GetBytes(new MessageSigner("key").Sign(parts)), .. parts];

    private static readonly byte[] Header = Utf8("{\"msg_id\":\"1\",\"msg_type\":\"execute_request\"}");

    public static TheoryData<string, string> Malformed() => new()
    {
        { "no delimiter", "no <IDS|MSG> delimiter" },
        { "too few frames", "expected at least 5" },
        { "header not an object", "header frame is not a JSON object" },
        { "header without msg_type", "no string msg_type" },
        { "header msg_id a number", "no string msg_type and msg_id" },
        { "header repeats a key", "the header frame is not a JSON object (Duplicate property 'msg_id'" },
        { "header repeats a nested key", "the header frame is not a JSON object (Duplicate property 'a'" },
        { "header not UTF-8", "the header frame is not valid UTF-8" },
        { "header with a lone surrogate", "the header frame holds text that is not Unicode" },
        { "header too deep", "the header frame is not a JSON object (The maximum configured depth of 64" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void MalformedFrames_AreRefusedWithAReason_NeverAnException(string kind, string expected)
    {
        List<byte[]> frames = kind switch
        {
            "no delimiter" => [Identity, Utf8("{}"), Utf8("{}")],
            "too few frames" => [WireFormat.Delimiter, Utf8("sig"), Utf8("{}")],
            "header not an object" => Signed(Utf8("[1]"), Utf8("{}"), Utf8("{}"), Utf8("{}")),
            "header without msg_type" => Signed(Utf8("{\"msg_id\":\"1\"}"), Utf8("{}"), Utf8("{}"), Utf8("{}")),
            "header msg_id a number" => Signed(Utf8("{\"msg_id\":1,\"msg_type\":\"x\"}"), Utf8("{}"), Utf8("{}"), Utf8("{}")),
            "header repeats a key" => Signed(Utf8("{\"msg_id\":\"1\",\"msg_id\":\"2\",\"msg_type\":\"x\"}"), Utf8("{}"), Utf8("{}"), Utf8("{}")),
            "header repeats a nested key" => Signed(Utf8("{\"msg_id\":\"1\",\"msg_type\":\"x\",\"n\":[{\"a\":1,\"a\":2}]}"), Utf8("{}"), Utf8("{}"), Utf8("{}")),
            "header not UTF-8" => Signed([.. Utf8("{\"msg_id\":\"1\",\"msg_type\":\"x"), 0xFF, .. Utf8("\"}")], Utf8("{}"), Utf8("{}"), Utf8("{}")),
            "header with a lone surrogate" => Signed(Utf8("{\"msg_id\":\"1\",\"msg_type\":\"x\\ud800\"}"), Utf8("{}"), Utf8("{}"), Utf8("{}")),
            _ => Signed(Utf8("{\"msg_id\":\"1\",\"msg_type\":\"x\",\"deep\":" + new string('[', 100) + new string(']', 100) + "}"),
                Utf8("{}"), Utf8("{}"), Utf8("{}")),
        };
        Assert.False(new WireFormat(Signer).TryDecode(frames, out var message, out string problem));
        Assert.Null(message);
        Assert.Contains(expected, problem);
    }

    public static TheoryData<string, string> Unreadable() => new()
    {
        { "content not json", "the content frame is not a JSON object ('not json' is an invalid JSON literal" },
        { "content an array", "the content frame is not a JSON object" },
        { "content repeats a key", "the content frame is not a JSON object (Duplicate property 'code'" },
        { "content repeats a nested key", "the content frame is not a JSON object (Duplicate property 'a'" },
        { "content key a lone surrogate", "the content frame holds text that is not Unicode" },
        { "metadata not UTF-8", "the metadata frame is not valid UTF-8" },
        { "parent_header null", "the parent_header frame is not a JSON object" },
    };

    [Theory]
    [MemberData(nameof(Unreadable))]
    public void SignedRequestWithAnUnreadablePart_DecodesWithItsProblemAndThatPartEmpty_SoItCanBeAnswered(string kind, string expected)
    {
        byte[] empty = Utf8("{}");
        List<byte[]> frames = kind switch
        {
            "content not json" => Signed(Header, empty, empty, Utf8("not json")),
            "content an array" => Signed(Header, empty, empty, Utf8("[\"code\"]")),
            "content repeats a key" => Signed(Header, empty, empty, Utf8("{\"code\":\"1\",\"code\":\"2\"}")),
            "content repeats a nested key" => Signed(Header, empty, empty, Utf8("{\"code\":\"1\",\"user_expressions\":{\"a\":1,\"a\":2}}")),
            "content key a lone surrogate" => Signed(Header, empty, empty, Utf8("{\"code\":\"1\",\"\\udc00\":2}")),
            "metadata not UTF-8" => Signed(Header, empty, [.. Utf8("{\"a\":\""), 0xC3, .. Utf8("\"}")], Utf8("{\"code\":\"1\"}")),
            _ => Signed(Header, Utf8("null"), empty, Utf8("{\"code\":\"1\"}")),
        };
        Assert.True(new WireFormat(Signer).TryDecode(frames, out var message, out string problem), problem);
        Assert.Equal(("execute_request", "1"), (message!.Type, message.Id));
        Assert.Contains(expected, message.Problem);
        string part = expected.Split(' ')[1];
        Assert.Empty(part switch { "content" => message.Content, "metadata" => message.Metadata, _ => message.ParentHeader });
    }

    [Fact]
    public void ReadableMessage_HasNoProblem()
    {
        Assert.True(new WireFormat(Signer).TryDecode(Signed(Header, Utf8("{}"), Utf8("{}"), Utf8("{\"code\":\"1\"}")), out var message, out _));
        Assert.Null(message!.Problem);
    }
}
