using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;

namespace ScoreNotebooks.Kernel.Protocol;

/// <summary>
/// Turns the frames of a ZeroMQ multipart message into a <see cref="JupyterMessage"/> and back:
/// <c>[identities…, "&lt;IDS|MSG&gt;", signature, header, parent_header, metadata, content, buffers…]</c>.
/// </summary>
/// <remarks>
/// Decoding never throws on what arrives over the wire. A message without the delimiter, with too few
/// frames, with a bad signature, or whose header is not a JSON object with a string msg_type and msg_id
/// is refused with a reason, so the kernel can log it and go on. A signed message with a readable header
/// whose parent_header, metadata or content cannot be read is decoded with that part empty and a
/// <see cref="JupyterMessage.Problem"/>, so the kernel can answer the request with an error. A frame is
/// readable when it is UTF-8, one JSON object no deeper than 64 levels, with no key twice in any object
/// and no string that is not Unicode (a lone surrogate escape such as <c>"\ud800"</c>).
/// </remarks>
internal sealed class WireFormat(MessageSigner signer)
{
    /// <summary>The frame between the routing identities and the signature.</summary>
    public static readonly byte[] Delimiter = "<IDS|MSG>"u8.ToArray();

    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    // Which of two values of a repeated key counts differs between parsers (and a JsonObject throws on the
    // repeat when first read), so a repeated key makes a frame unreadable. The depth is System.Text.Json's default,
    // stated because the recursive reads below rely on it.
    private static readonly JsonDocumentOptions Strict = new() { AllowDuplicateProperties = false, MaxDepth = 64 };

    /// <summary>The frames of <paramref name="message"/>, signed.</summary>
    public List<byte[]> Encode(JupyterMessage message)
    {
        byte[][] parts =
        [
            Bytes(message.Header), Bytes(message.ParentHeader), Bytes(message.Metadata), Bytes(message.Content),
        ];
        var frames = new List<byte[]>(message.Identities.Count + 6 + message.Buffers.Count);
        frames.AddRange(message.Identities);
        frames.Add(Delimiter);
        frames.Add(Encoding.ASCII.GetBytes(signer.Sign(parts)));
        frames.AddRange(parts);
        frames.AddRange(message.Buffers);
        return frames;
    }

    /// <summary>Reads a received multipart message.</summary>
    /// <param name="frames">The frames as received.</param>
    /// <param name="message">The message, when it is correctly signed and its header is readable; its
    /// <see cref="JupyterMessage.Problem"/> says whether the other parts were read too.</param>
    /// <param name="problem">Why it was refused, otherwise.</param>
    /// <returns>True when <paramref name="message"/> may be handled.</returns>
    public bool TryDecode(IReadOnlyList<byte[]> frames, out JupyterMessage? message, out string problem)
    {
        message = null;
        int delimiter = -1;
        for (int i = 0; i < frames.Count && delimiter < 0; i++)
        {
            if (frames[i].AsSpan().SequenceEqual(Delimiter)) delimiter = i;
        }
        if (delimiter < 0)
        {
            problem = "malformed message: no <IDS|MSG> delimiter frame";
            return false;
        }
        if (frames.Count - delimiter - 1 < 5)
        {
            problem = $"malformed message: {frames.Count - delimiter - 1} frames after the delimiter, expected at least 5 " +
                      "(signature, header, parent_header, metadata, content)";
            return false;
        }
        var parts = frames.Skip(delimiter + 2).Take(4).ToArray();
        string signature = Encoding.ASCII.GetString(frames[delimiter + 1]);
        if (!signer.Verify(signature, parts, out string signatureProblem))
        {
            problem = $"refused message: {signatureProblem}";
            return false;
        }
        if (Parse(parts[0], "header", out string headerProblem) is not { } header)
        {
            problem = $"malformed message: {headerProblem}";
            return false;
        }
        if (header["msg_type"] is not JsonValue type || !type.TryGetValue(out string? _)
            || header["msg_id"] is not JsonValue id || !id.TryGetValue(out string? _))
        {
            problem = "malformed message: the header has no string msg_type and msg_id";
            return false;
        }
        // The header names the request, so it can be answered even when the rest cannot be read.
        var rest = new JsonObject[3];
        var problems = new List<string>();
        string[] names = ["parent_header", "metadata", "content"];
        for (int i = 0; i < 3; i++)
        {
            rest[i] = Parse(parts[i + 1], names[i], out string partProblem) ?? new JsonObject();
            if (partProblem.Length > 0) problems.Add(partProblem);
        }
        message = new JupyterMessage(frames.Take(delimiter).ToList(), header, rest[0], rest[1], rest[2],
            frames.Skip(delimiter + 6).ToList(), problems.Count > 0 ? string.Join("; ", problems) : null);
        problem = "";
        return true;
    }

    private static byte[] Bytes(JsonObject value) => Encoding.UTF8.GetBytes(value.ToJsonString(Json));

    /// <summary>Reads one frame as a JSON object, every name and string in it checked, or says why it is not one.</summary>
    private static JsonObject? Parse(byte[] frame, string name, out string problem)
    {
        problem = "";
        // Invalid UTF-8 parses, but fails later, wherever a handler reads the text.
        if (!Utf8.IsValid(frame))
        {
            problem = $"the {name} frame is not valid UTF-8";
            return null;
        }
        try
        {
            if (JsonNode.Parse(frame, documentOptions: Strict) is JsonObject parsed)
            {
                ReadAll(parsed);
                return parsed;
            }
            problem = $"the {name} frame is not a JSON object";
        }
        catch (JsonException error)
        {
            problem = $"the {name} frame is not a JSON object ({error.Message})";
        }
        catch (InvalidOperationException error)
        {
            problem = $"the {name} frame holds text that is not Unicode ({error.Message})";
        }
        return null;
    }

    /// <summary>
    /// Reads every key and string of <paramref name="node"/> once. System.Text.Json reads them lazily, and a
    /// lone surrogate escape throws on each read (a handler's, or the copy of the header into a reply's
    /// parent_header); here it throws once, while the frame can still be refused.
    /// </summary>
    private static void ReadAll(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (_, child) in o) ReadAll(child);
                break;
            case JsonArray a:
                foreach (var child in a) ReadAll(child);
                break;
            case JsonValue v when v.GetValueKind() == JsonValueKind.String:
                v.GetValue<string>();
                break;
        }
    }
}
