using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ScoreNotebooks.Notebooks.Format;

/// <summary>
/// Writes JSON exactly as Python's nbformat does: <c>json.dumps(nb, sort_keys=True, indent=1,
/// ensure_ascii=False)</c> followed by a newline.
/// </summary>
/// <remarks>
/// Matching nbformat byte for byte is what lets a notebook be read and written without a diff:
/// keys sorted by code point, one space of indent per level, separators
/// (<c>","</c> at line ends, <c>": "</c> after keys), empty containers as <c>[]</c>/<c>{}</c>,
/// non-ASCII kept, control characters escaped as Python does (<c>\n</c>, <c>\t</c>, <c>\u001b</c>).
/// Numbers keep the text they were read with.
/// </remarks>
public static class CanonicalJsonWriter
{
    /// <summary>Serialises <paramref name="node"/> in nbformat's layout, with a trailing newline.</summary>
    /// <param name="node">The JSON tree; <c>null</c> writes <c>null</c>.</param>
    /// <returns>The text to write to the .ipynb file (UTF-8, no BOM).</returns>
    public static string Write(JsonNode? node)
    {
        var sb = new StringBuilder();
        WriteNode(sb, node, 0);
        sb.Append('\n');
        return sb.ToString();
    }

    private static void WriteNode(StringBuilder sb, JsonNode? node, int depth)
    {
        switch (node)
        {
            case null:
                sb.Append("null");
                break;
            case JsonObject obj:
                WriteObject(sb, obj, depth);
                break;
            case JsonArray arr:
                WriteArray(sb, arr, depth);
                break;
            case JsonValue value:
                WriteValue(sb, value);
                break;
        }
    }

    private static void WriteObject(StringBuilder sb, JsonObject obj, int depth)
    {
        if (obj.Count == 0) { sb.Append("{}"); return; }
        var keys = obj.Select(p => p.Key).ToList();
        keys.Sort(CompareCodePoints);
        sb.Append('{');
        for (int i = 0; i < keys.Count; i++)
        {
            sb.Append(i == 0 ? "\n" : ",\n").Append(' ', depth + 1);
            WriteString(sb, keys[i]);
            sb.Append(": ");
            WriteNode(sb, obj[keys[i]], depth + 1);
        }
        sb.Append('\n').Append(' ', depth).Append('}');
    }

    private static void WriteArray(StringBuilder sb, JsonArray arr, int depth)
    {
        if (arr.Count == 0) { sb.Append("[]"); return; }
        sb.Append('[');
        for (int i = 0; i < arr.Count; i++)
        {
            sb.Append(i == 0 ? "\n" : ",\n").Append(' ', depth + 1);
            WriteNode(sb, arr[i], depth + 1);
        }
        sb.Append('\n').Append(' ', depth).Append(']');
    }

    private static void WriteValue(StringBuilder sb, JsonValue value)
    {
        switch (value.GetValueKind())
        {
            case JsonValueKind.String:
                WriteString(sb, value.GetValue<string>());
                break;
            case JsonValueKind.True:
                sb.Append("true");
                break;
            case JsonValueKind.False:
                sb.Append("false");
                break;
            case JsonValueKind.Null:
                sb.Append("null");
                break;
            default:
                // Numbers: the raw text read from the file, or .NET's invariant form for new ones.
                sb.Append(value.ToJsonString());
                break;
        }
    }

    /// <summary>Orders strings by Unicode code point, as Python sorts <c>str</c> keys.</summary>
    /// <remarks>
    /// UTF-16 code-unit order differs from code-point order only between surrogates
    /// (U+D800–U+DFFF, which encode code points above U+FFFF) and U+E000–U+FFFF, so the first
    /// differing unit is remapped before comparing.
    /// </remarks>
    internal static int CompareCodePoints(string a, string b)
    {
        int n = Math.Min(a.Length, b.Length);
        for (int i = 0; i < n; i++)
        {
            if (a[i] != b[i]) return CodePointRank(a[i]).CompareTo(CodePointRank(b[i]));
        }
        return a.Length.CompareTo(b.Length);
    }

    private static int CodePointRank(char c) => c < 0xD800 ? c : c >= 0xE000 ? c - 0x800 : c + 0x2000;

    /// <summary>Escapes like Python's json module with ensure_ascii=False.</summary>
    internal static void WriteString(StringBuilder sb, string s)
    {
        sb.Append('"');
        foreach (char c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                default:
                    if (c < 0x20)
                        sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else
                        sb.Append(c);
                    break;
            }
        }
        sb.Append('"');
    }
}
