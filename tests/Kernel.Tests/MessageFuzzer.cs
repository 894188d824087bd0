using System.Text;
using System.Text.Json.Nodes;
using CsCheck;

namespace ScoreNotebooks.Kernel.Tests;

/// <summary>One fuzzed message: where it goes, its frames, and whether the kernel must refuse it unread.</summary>
/// <param name="Channel">shell, control, stdin, hb or iopub.</param>
/// <param name="RawTcp">True to write the frames' bytes, one after another, on a plain TCP connection to the channel's port.</param>
/// <param name="Frames">The frames (or bytes) sent.</param>
/// <param name="MustBeRefused">Not correctly signed: an execute_request whose code writes the marker file.</param>
/// <param name="Description">How it was made, for failure messages.</param>
internal sealed record FuzzMessage(string Channel, bool RawTcp, IReadOnlyList<byte[]> Frames, bool MustBeRefused, string Description)
{
    /// <inheritdoc/>
    public override string ToString() =>
        $"{(RawTcp ? "raw TCP to " : "")}{Channel}: {Description}\n  frames: {string.Join(" | ", Frames.Select(MessageFuzzer.Show))}";
}

/// <summary>
/// CsCheck generators of what a kernel must survive. Requests of every type for shell, control and stdin have their
/// parts mutated (fields of the wrong JSON type, very long strings, keys repeated at several levels, frames that are
/// not JSON objects, invalid UTF-8, lone surrogate escapes, deep nesting), are then signed correctly (re-signed after
/// the mutation), not at all, with another key, or correctly and then altered by one bit, and then have their frames
/// dropped, added, emptied or swapped. Garbage goes to the heartbeat, to iopub and to every port over plain TCP.
/// </summary>
/// <param name="key">The connection file's key.</param>
/// <param name="markerCode">Code that leaves a trace when run: every message that must be refused executes it.</param>
internal sealed class MessageFuzzer(string key, string markerCode)
{
    private static readonly string[] PartNames = ["header", "parent_header", "metadata", "content"];
    private static readonly string[] Keys =
    [
        "msg_type", "msg_id", "session", "username", "version", "code", "cursor_pos", "silent", "store_history",
        "allow_stdin", "stop_on_error", "detail_level", "restart", "value", "comm_id", "target_name", "data", "user_expressions",
    ];
    private static readonly string[] WrongValues =
    [
        "42", "-1", "1e300", "2.5", "-0", "123456789012345678901234567890", "true", "false", "null", "[]", "{}", "\"\"",
        "[1,[2,{}]]", "{\"a\":{\"b\":[]}}", "\"\\u0000\"",
    ];
    private static readonly string[] NotObjects =
    [
        "", "[]", "null", "1", "\"s\"", "{", "}", "{} x", "\uFEFF{}", "{\"a\":1,}", "[{}]", "{\"a\" 1}", "{'a':1}", "{\"a\":NaN}",
        "{/*c*/}", "{\"a\":1}\n{\"b\":2}",
    ];
    // Harmless cells, quick to compile: none reads input, loops, or ends the process.
    private static readonly string[] Code =
    [
        "1 + 1", "var fuzz = 1;", "Math.Sq", "Console.Write(\"fuzz\")", "Console.Write(\"\\ud800\")", "throw new Exception(\"fuzz\");",
        "", "#!markdown\nfuzz", "display(\"\\u0000\")", "var = ;", "Console.Error.Write(\"e\")",
    ];
    // A ZeroMQ 3.0 greeting (NULL mechanism), so that some raw garbage reaches the handshake's later stages.
    private static readonly byte[] Greeting = [0xFF, 0, 0, 0, 0, 0, 0, 0, 1, 0x7F, 3, 0, .. "NULL"u8, .. new byte[16], 0, .. new byte[31]];

    private enum Signing { Valid, Unsigned, WrongKey, BitFlip }

    private sealed class Draft(JsonObject[] objects)
    {
        public JsonObject[] Objects { get; } = objects;
        public byte[][] Parts { get; set; } = [];
        public List<byte[]> Frames { get; set; } = [];
    }

    private sealed record Step(string Description, Action<Draft> Apply);

    /// <summary>Every kind of message, shell requests most often.</summary>
    public Gen<FuzzMessage> Messages => Gen.Frequency(
        (8, Requests("shell", ["kernel_info_request", "execute_request", "complete_request", "inspect_request", "is_complete_request",
            "history_request", "comm_info_request", "comm_open", "comm_msg", "no_such_request", "input_reply", "interrupt_request"])),
        // shutdown_request is left out: it ends the kernel, as it should.
        (4, Requests("control", ["kernel_info_request", "interrupt_request", "execute_request", "no_such_request"])),
        (2, Requests("stdin", ["input_reply", "kernel_info_request"])),
        (3, Refused),
        (1, Gen.Byte.Array[0, 256].Array[1, 4].Select(f => new FuzzMessage("hb", false, f, false, "garbage frames"))),
        (1, Gen.Byte.Array[0, 64].Array[1, 3].Select(f => new FuzzMessage("iopub", false, f, false, "garbage frames from a subscriber"))),
        (2, Gen.Select(Gen.OneOf("shell", "control", "stdin", "hb", "iopub"), Gen.Bool, Gen.Byte.Array[0, 512], (channel, greet, bytes) =>
            new FuzzMessage(channel, true, greet ? [Greeting, bytes] : [bytes], false, greet ? "a greeting, then garbage" : "garbage"))));

    /// <summary>Draws <paramref name="count"/> messages from a fixed seed: the same ones on every run.</summary>
    /// <remarks>
    /// Not Check.Sample: its seed fixes only the first iteration, and later ones draw random seeds. A failure names the
    /// message's index and prints it, which is what shrinking would give, and the kernel's log says what it did with it.
    /// </remarks>
    public FuzzMessage[] Draw(int count, ulong seed)
    {
        var random = new PCG(1, seed);
        var gen = Messages;
        return Enumerable.Range(0, count).Select(_ => gen.Generate(random, null, out Size _)).ToArray();
    }

    /// <summary>Printable frames: text where it is, escapes where not, long frames cut.</summary>
    public static string Show(byte[] frame)
    {
        string text = string.Concat(frame.Take(100).Select(b => b is >= 0x20 and < 0x7F ? ((char)b).ToString() : $"\\x{b:x2}"));
        return frame.Length > 100 ? $"{text}… ({frame.Length} bytes)" : text;
    }

    private Gen<FuzzMessage> Requests(string channel, string[] types) =>
        Gen.Select(Gen.OneOf(types), Gen.OneOf(Code), Gen.Int[-2, 40], Gen.ULong, Gen.Frequency((4, Gen.Const(Signing.Valid)), (1, SigningGen)),
            Mutations, Gen.Int[0, 4], Gen.Int[0, 1 << 20], Gen.Int[0, 7],
            (type, code, cursor, id, signing, steps, frame, position, bit) =>
                Build(channel, type, Content(type, code, cursor), id, signing, steps, (frame, position, bit)));

    /// <summary>
    /// One family of mutation at a time, mostly: a request whose text is broken never reaches its handler, so
    /// wrong types and long strings come alone often enough for the handlers to see them.
    /// </summary>
    private static Gen<Step[]> Mutations => Gen.Frequency(
        (1, Gen.Const(Array.Empty<Step>())),
        (3, Gen.OneOf(WrongType, LongString).Array[1, 3]),
        (3, Gen.OneOf(RepeatKey, ReplaceFrame, BreakUtf8, LoneSurrogate, Deep).Array[1, 2]),
        (2, Gen.Frequency((12, FrameStep), (1, HugeFrame)).Array[1, 2]),
        (1, Gen.OneOf(WrongType, LongString, RepeatKey, ReplaceFrame, BreakUtf8, LoneSurrogate, Deep, FrameStep).Array[2, 4]));

    /// <summary>Execute requests that write the marker file, not correctly signed: the kernel must never run them.</summary>
    private Gen<FuzzMessage> Refused =>
        Gen.Select(Gen.ULong, SigningGen, Gen.OneOf(RepeatKey, ReplaceFrame, BreakUtf8, FrameStep).Array[0, 2], Gen.Int[0, 4], Gen.Int[0, 1 << 20],
            Gen.Int[0, 7], (id, signing, steps, frame, position, bit) =>
                Build("shell", "execute_request", new JsonObject { ["code"] = markerCode, ["silent"] = false }, id, signing, steps, (frame, position, bit)));

    private static Gen<Signing> SigningGen => Gen.OneOf(Signing.Unsigned, Signing.WrongKey, Signing.BitFlip);

    private static JsonObject Content(string type, string code, int cursor) => type switch
    {
        "execute_request" => new JsonObject
        {
            ["code"] = code, ["silent"] = cursor % 3 == 0, ["store_history"] = true, ["allow_stdin"] = false,
            ["stop_on_error"] = cursor % 2 == 0, ["user_expressions"] = new JsonObject(),
        },
        "complete_request" or "inspect_request" => new JsonObject { ["code"] = code, ["cursor_pos"] = cursor, ["detail_level"] = 0 },
        "is_complete_request" => new JsonObject { ["code"] = code },
        "history_request" => new JsonObject { ["output"] = false, ["raw"] = true, ["hist_access_type"] = "tail", ["n"] = cursor },
        "comm_open" => new JsonObject { ["comm_id"] = $"comm-{cursor}", ["target_name"] = "fuzz", ["data"] = new JsonObject() },
        "comm_msg" => new JsonObject { ["comm_id"] = $"comm-{cursor}", ["data"] = new JsonObject() },
        "input_reply" => new JsonObject { ["value"] = code },
        _ => [],
    };

    private FuzzMessage Build(string channel, string type, JsonObject content, ulong id, Signing signing, Step[] steps, (int Frame, int Position, int Bit) flip)
    {
        var header = new JsonObject
        {
            ["msg_id"] = $"fuzz-{id:x16}", ["msg_type"] = type, ["session"] = "fuzz", ["username"] = "fuzz", ["version"] = "5.3",
            ["date"] = "2026-01-01T00:00:00.000000Z",
        };
        var draft = new Draft([header, new JsonObject(), new JsonObject(), content]);
        // Objects first, then their text, then the signature, then the frames: each step sees what the ones before made.
        bool OnObjects(Step s) => s.Description.StartsWith("set ", StringComparison.Ordinal);
        bool OnFrames(Step s) => s.Description.StartsWith("frames: ", StringComparison.Ordinal);
        foreach (var step in steps.Where(OnObjects)) step.Apply(draft);
        draft.Parts = draft.Objects.Select(o => Encoding.UTF8.GetBytes(o.ToJsonString())).ToArray();
        foreach (var step in steps.Where(s => !OnObjects(s) && !OnFrames(s))) step.Apply(draft);
        draft.Frames = KernelProcess.Sign(signing == Signing.WrongKey ? "not-the-key" : key, draft.Parts);
        string signed = signing switch { Signing.Unsigned => "unsigned", Signing.WrongKey => "signed with another key", _ => "signed" };
        if (signing == Signing.Unsigned) draft.Frames[1] = [];
        if (signing == Signing.BitFlip)
        {
            // The signature and the four parts are what the signature covers; an empty part leaves the signature to flip.
            int index = draft.Frames[1 + flip.Frame].Length > 0 ? 1 + flip.Frame : 1;
            byte[] frame = draft.Frames[index] = [.. draft.Frames[index]];
            frame[flip.Position % frame.Length] ^= (byte)(1 << flip.Bit);
            signed = $"signed, then bit {flip.Bit} of byte {flip.Position % frame.Length} of frame {index} flipped";
        }
        foreach (var step in steps.Where(OnFrames)) step.Apply(draft);
        string description = string.Join("; ", [$"{type}", .. steps.Select(s => s.Description), signed]);
        return new FuzzMessage(channel, false, draft.Frames, signing != Signing.Valid, description);
    }

    private static Gen<Step> WrongType => Gen.Select(Gen.Int[0, 3], Gen.OneOf(Keys), Gen.OneOf(WrongValues), (part, name, value) =>
        new Step($"set {PartNames[part]}.{name} = {value}", d => d.Objects[part][name] = JsonNode.Parse(value)));

    private static Gen<Step> LongString => Gen.Select(Gen.Int[0, 3], Gen.OneOf(Keys), Gen.OneOf(1_000, 100_000, 1_000_000), Gen.OneOf("x", "é", "😀", "\"", "\\"),
        (part, name, length, unit) => new Step($"set {PartNames[part]}.{name} = {unit} × {length / unit.Length}",
            d => d.Objects[part][name] = new StringBuilder().Insert(0, unit, length / unit.Length).ToString()));

    private static Gen<Step> RepeatKey => Gen.Select(Gen.Int[0, 3], Gen.OneOf("msg_type", "msg_id", "session", "code", "cursor_pos", "value", "x"), Gen.Int[0, 2],
        (part, name, level) => new Step($"{PartNames[part]}: key {name} repeated at level {level}", d => d.Parts[part] = Insert(d.Parts[part], level switch
        {
            0 => d.Objects[part].ContainsKey(name) ? $"\"{name}\":\"again\"" : $"\"{name}\":1,\"{name}\":2",
            1 => $"\"nested\":{{\"{name}\":1,\"{name}\":[]}}",
            _ => $"\"nested\":[{{\"a\":{{\"{name}\":null,\"{name}\":{{}}}}}}]",
        })));

    private static Gen<Step> ReplaceFrame => Gen.Select(Gen.Int[0, 3],
        Gen.OneOf(Gen.OneOf(NotObjects).Select(text => Encoding.UTF8.GetBytes(text)), Gen.Byte.Array[0, 64]),
        (part, bytes) => new Step($"{PartNames[part]} frame replaced by {Show(bytes)}", d => d.Parts[part] = bytes));

    private static Gen<Step> BreakUtf8 => Gen.Select(Gen.Int[0, 3], Gen.Int[0, 20],
        Gen.OneOf<byte[]>([0xFF], [0xC3], [0xED, 0xA0, 0x80], [0xC0, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80], [0xF4, 0x90, 0x80, 0x80]),
        (part, quote, bad) => new Step($"{PartNames[part]}: invalid UTF-8 {Show(bad)} in string {quote}", d => d.Parts[part] = AfterQuote(d.Parts[part], quote, bad)));

    private static Gen<Step> LoneSurrogate => Gen.Select(Gen.Int[0, 3], Gen.Int[0, 20], Gen.OneOf("\\ud800", "\\udfff", "\\ud83d", "\\udc00\\ud800"),
        (part, quote, escape) => new Step($"{PartNames[part]}: {escape} in string {quote}",
            d => d.Parts[part] = AfterQuote(d.Parts[part], quote, Encoding.ASCII.GetBytes(escape))));

    private static Gen<Step> Deep => Gen.Select(Gen.Int[0, 3], Gen.OneOf(10, 62, 63, 64, 1000, 100_000), Gen.Bool, (part, depth, arrays) =>
        new Step($"{PartNames[part]}: {(arrays ? "arrays" : "objects")} nested {depth} deep", d => d.Parts[part] = Insert(d.Parts[part], "\"deep\":" +
            (arrays ? new string('[', depth) + new string(']', depth) : new StringBuilder().Insert(0, "{\"a\":", depth) + "1" + new string('}', depth)))));

    private static Gen<Step> FrameStep => Gen.OneOf(
        // At least one frame stays: ZeroMQ has no message of none.
        Gen.Int[1, 5].Select(k => new Step($"frames: last {k} dropped", d => d.Frames.RemoveRange(Math.Max(1, d.Frames.Count - k), Math.Min(k, d.Frames.Count - 1)))),
        Gen.Byte.Array[0, 32].Array[1, 3].Select(extra => new Step($"frames: {extra.Length} appended", d => d.Frames.AddRange(extra))),
        Gen.Byte.Array[0, 32].Array[1, 2].Select(ids => new Step($"frames: {ids.Length} identities before the delimiter", d => d.Frames.InsertRange(0, ids))),
        Gen.Const(new Step("frames: no delimiter", d => d.Frames.RemoveAll(f => f.AsSpan().SequenceEqual("<IDS|MSG>"u8)))),
        Gen.Const(new Step("frames: the delimiter twice", d => d.Frames.Insert(0, "<IDS|MSG>"u8.ToArray()))),
        Gen.Int[0, 8].Select(at => new Step($"frames: an empty one at {at}", d => d.Frames.Insert(Math.Min(at, d.Frames.Count), []))),
        Gen.Select(Gen.Int[0, 6], Gen.Int[0, 6]).Select((a, b) => new Step($"frames: {a} and {b} swapped", d =>
        {
            if (Math.Max(a, b) < d.Frames.Count) (d.Frames[a], d.Frames[b]) = (d.Frames[b], d.Frames[a]);
        })));

    private static Gen<Step> HugeFrame => Gen.OneOf(1 << 20, 8 << 20).Select(size =>
        new Step($"frames: one of {size} bytes appended", d => d.Frames.Add(Enumerable.Repeat((byte)'{', size).ToArray())));

    /// <summary>Fields put first in a JSON object's text (an object is made around them when the text is not one).</summary>
    private static byte[] Insert(byte[] json, string fields)
    {
        if (json.Length == 0 || json[0] != '{') return Encoding.UTF8.GetBytes("{" + fields + "}");
        bool empty = json.AsSpan(1).TrimStart(" \t\r\n"u8).StartsWith("}"u8);
        return [(byte)'{', .. Encoding.UTF8.GetBytes(fields), .. empty ? Array.Empty<byte>() : [(byte)','], .. json.AsSpan(1)];
    }

    /// <summary>
    /// Bytes put right after the n-th opening quote (counted round), inside a key or a string value. In the compact
    /// JSON written here quotes open and close in turn (a quote inside a string is written \u0022).
    /// </summary>
    private static byte[] AfterQuote(byte[] json, int n, byte[] insert)
    {
        var quotes = Enumerable.Range(0, json.Length).Where(i => json[i] == '"').Where((_, k) => k % 2 == 0).ToList();
        int at = quotes.Count == 0 ? json.Length : quotes[n % quotes.Count] + 1;
        return [.. json.AsSpan(0, at), .. insert, .. json.AsSpan(at)];
    }
}
