using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ScoreNotebooks.Kernel.Protocol;

/// <summary>
/// Turns the frames of a ZeroMQ multipart message into a <see cref="JupyterMessage"/> and back:
/// <c>[identities…, "&lt;IDS|MSG&gt;", signature, header, parent_header, metadata, content, buffers…]</c>.
/// </summary>
/// <remarks>
/// Decoding never throws on what arrives over the wire: a message without the delimiter, with too few
/// frames, with frames that are not JSON objects, without a msg_type, or with a bad signature is
/// refused with a reason, so the kernel can log it and go on.
/// </remarks>
internal sealed class WireFormat(MessageSigner signer)
{
    /// <summary>The frame between the routing identities and the signature.</summary>
    public static readonly byte[] Delimiter = "<IDS|MSG>"u8.ToArray();

    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

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
    /// <param name="message">The message, when it is well formed and correctly signed.</param>
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
        var objects = new JsonObject[4];
        string[] names = ["header", "parent_header", "metadata", "content"];
        for (int i = 0; i < 4; i++)
        {
            if (Parse(parts[i]) is not { } parsed)
            {
                problem = $"malformed message: the {names[i]} frame is not a JSON object";
                return false;
            }
            objects[i] = parsed;
        }
        if (objects[0]["msg_type"] is not JsonValue type || !type.TryGetValue(out string? _)
            || objects[0]["msg_id"] is not JsonValue id || !id.TryGetValue(out string? _))
        {
            problem = "malformed message: the header has no string msg_type and msg_id";
            return false;
        }
        message = new JupyterMessage(frames.Take(delimiter).ToList(), objects[0], objects[1], objects[2], objects[3],
            frames.Skip(delimiter + 6).ToList());
        problem = "";
        return true;
    }

    private static byte[] Bytes(JsonObject value) => Encoding.UTF8.GetBytes(value.ToJsonString(Json));

    private static JsonObject? Parse(byte[] frame)
    {
        try
        {
            return JsonNode.Parse(frame) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
