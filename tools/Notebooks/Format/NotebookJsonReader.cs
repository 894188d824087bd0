using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;

namespace ScoreNotebooks.Notebooks.Format;

/// <summary>
/// Turns the bytes of a .ipynb file into a JSON tree, strictly: UTF-8 text holding one JSON value,
/// nested at most <see cref="MaxDepth"/> levels, with no key twice in one object and no string that
/// cannot be written back as UTF-8. Every problem is a <see cref="NotebookFormatException"/> that
/// says where it is.
/// </summary>
/// <remarks>
/// The tree is built eagerly rather than left to <see cref="JsonNode.Parse(string, JsonNodeOptions?, JsonDocumentOptions)"/>,
/// whose objects and strings are decoded lazily: a duplicated key would throw
/// <see cref="ArgumentException"/>, and an escaped unpaired surrogate (<c>"\ud800"</c>)
/// <see cref="InvalidOperationException"/>, at whatever later moment first touched them, long after
/// the file was accepted. Numbers keep the text they were written with (<c>1e400</c>, <c>-0</c>,
/// 30-digit integers), so a notebook is written back with the values it was read with.
/// </remarks>
internal static class NotebookJsonReader
{
    /// <summary>The deepest nesting of objects and arrays accepted: 512 levels, far beyond any notebook,
    /// and shallow enough that the recursive walks over the tree cannot exhaust a thread's stack.</summary>
    public const int MaxDepth = 512;

    /// <summary>Parses <paramref name="utf8"/> (a leading UTF-8 byte order mark is skipped).</summary>
    /// <param name="utf8">The file's bytes.</param>
    /// <param name="label">The file name (or label) errors start with.</param>
    /// <returns>The JSON tree; null for the JSON literal <c>null</c>.</returns>
    /// <exception cref="NotebookFormatException">The bytes are not UTF-8, not one JSON value, nested too
    /// deeply, repeat a key in an object, or hold an escaped unpaired surrogate.</exception>
    public static JsonNode? Read(ReadOnlySpan<byte> utf8, string label)
    {
        // RFC 8259 lets a parser ignore a UTF-8 byte order mark; Python's json rejects it. The text
        // is the same either way, and the notebook is written back without one.
        if (utf8.StartsWith("\uFEFF"u8)) utf8 = utf8[3..];
        CheckEncoding(utf8, label);
        if (utf8.Trim(" \t\r\n"u8).IsEmpty)
            throw new NotebookFormatException(label, "the file is empty (a notebook is a JSON object)");
        CheckSyntaxAndDepth(utf8, label);
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = MaxDepth + 1 });
        JsonElement root = JsonElement.ParseValue(ref reader);
        return Build(root, [], label);
    }

    private static void CheckEncoding(ReadOnlySpan<byte> bytes, string label)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
            throw new NotebookFormatException(label, "the file is UTF-16 text (it starts with a UTF-16 byte order mark); a notebook is UTF-8 JSON");
        if (Utf8.IsValid(bytes)) return;
        int offset = 0;
        while (Rune.DecodeFromUtf8(bytes[offset..], out _, out int consumed) == System.Buffers.OperationStatus.Done)
            offset += consumed;
        throw new NotebookFormatException(label,
            $"the file is not valid UTF-8 text (byte 0x{bytes[offset]:X2} at byte offset {offset}); a notebook is UTF-8 JSON");
    }

    /// <summary>Reads every token once, so syntax errors and excessive nesting get their own messages.</summary>
    private static void CheckSyntaxAndDepth(ReadOnlySpan<byte> utf8, string label)
    {
        // One level of headroom lets the reader report the depth itself rather than its own limit.
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = MaxDepth + 1 });
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray && reader.CurrentDepth >= MaxDepth)
                    throw new NotebookFormatException(label,
                        $"objects and arrays are nested more than {MaxDepth} levels deep (at byte offset {reader.TokenStartIndex})");
            }
        }
        catch (JsonException ex)
        {
            throw new NotebookFormatException(label, $"not valid JSON ({ex.Message})", ex);
        }
    }

    private static JsonNode? Build(JsonElement element, List<object> path, string label)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var obj = new JsonObject();
                foreach (JsonProperty property in element.EnumerateObject())
                {
                    string name = Decode(() => property.Name, path, label, "a key");
                    if (obj.ContainsKey(name))
                        throw new NotebookFormatException(label, $"the key {Quote(name)} appears twice in {Where(path)}");
                    path.Add(name);
                    obj.Add(name, Build(property.Value, path, label));
                    path.RemoveAt(path.Count - 1);
                }
                return obj;
            case JsonValueKind.Array:
                var array = new JsonArray();
                int index = 0;
                foreach (JsonElement item in element.EnumerateArray())
                {
                    path.Add(index++);
                    array.Add(Build(item, path, label));
                    path.RemoveAt(path.Count - 1);
                }
                return array;
            case JsonValueKind.String:
                return JsonValue.Create(Decode(() => element.GetString()!, path, label, "a string"));
            case JsonValueKind.Number:
                // The element belongs to a document that ParseValue made for it alone (not pooled),
                // so it may outlive this call; written back, it gives its original text.
                return JsonValue.Create(element);
            case JsonValueKind.True:
                return JsonValue.Create(true);
            case JsonValueKind.False:
                return JsonValue.Create(false);
            default:
                return null;
        }
    }

    private static string Decode(Func<string> read, List<object> path, string label, string what)
    {
        try
        {
            return read();
        }
        catch (InvalidOperationException ex)
        {
            // Only an escape such as "\ud800" gets here: the bytes were checked to be UTF-8.
            throw new NotebookFormatException(label,
                $"{what} in {Where(path)} has an unpaired UTF-16 surrogate escape (\\ud800–\\udfff), which no UTF-8 file can hold", ex);
        }
    }

    /// <summary>Names a place in the tree: "the top-level object", "cell 3", "cell 3, at metadata.tags[0]", "metadata.kernelspec".</summary>
    internal static string Where(IReadOnlyList<object> path)
    {
        if (path.Count == 0) return "the top-level object";
        int start = 0;
        var sb = new StringBuilder();
        if (path is ["cells", int cell, ..])
        {
            sb.Append(CultureInfo.InvariantCulture, $"cell {cell + 1}");
            if (path.Count == 2) return sb.ToString();
            sb.Append(", at ");
            start = 2;
        }
        for (int i = start; i < path.Count; i++)
        {
            if (path[i] is int index)
                sb.Append(CultureInfo.InvariantCulture, $"[{index}]");
            else if (path[i] is string key && IsPlainKey(key))
                sb.Append(i == start ? "" : ".").Append(key);
            else
                sb.Append('[').Append(Quote((string)path[i])).Append(']');
        }
        return sb.ToString();
    }

    private static bool IsPlainKey(string key) =>
        key.Length > 0 && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-');

    /// <summary>A string as a JSON literal for messages, cut after about 40 characters.</summary>
    internal static string Quote(string text)
    {
        const int limit = 40;
        // Never cut between the two halves of a surrogate pair.
        int cut = text.Length <= limit ? text.Length : char.IsHighSurrogate(text[limit - 1]) ? limit - 1 : limit;
        var sb = new StringBuilder();
        CanonicalJsonWriter.WriteString(sb, text[..cut]);
        return cut < text.Length ? sb.Append('…').ToString() : sb.ToString();
    }
}
