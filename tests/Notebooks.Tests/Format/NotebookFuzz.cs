using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;
using ScoreNotebooks.Notebooks.Format;

namespace ScoreNotebooks.Notebooks.Tests.Format;

/// <summary>One fuzz input: where it came from, what was done to it, and the bytes of the file.</summary>
internal sealed record FuzzCase(string Origin, string Steps, byte[] Bytes)
{
    public override string ToString() => $"{Origin} | {Steps} | {Bytes.Length} bytes";
}

/// <summary>
/// Generators of hostile .ipynb files: the real chapters or generated notebooks, changed in their
/// JSON tree (a value of the wrong type, a field deleted or added, a key written twice) and then in
/// their bytes (a byte flipped, the file cut short, invalid UTF-8 or an unpaired surrogate escape put
/// into a string, a byte order mark, a top-level array).
/// </summary>
internal static partial class NotebookFuzz
{
    /// <summary>Code cell sources that compile and run in milliseconds; the last fails, so some runs exit 1.</summary>
    private static readonly string[] TrivialCode =
        ["1", "Console.WriteLine(\"x\");", "var a = 2;\na * 3", "display(\"σ\");", "throw new InvalidOperationException(\"stop\");"];

    private static readonly string[] HostileValues =
    [
        "null", "true", "0", "-1", "1.5", "4", "5", "1e400", "-1e-400", "99999999999", "123456789012345678901234567890",
        "\"\"", "\"x\"", "\"code\"", "\"stream\"", "[]", "{}", "[null]", "[1, 2]", "[\"a\", null]", "{\"a\": null}",
        "{\"output_type\": \"stream\"}", new string('[', 600) + new string(']', 600),
    ];

    private static readonly string[] Keys =
    [
        "id", "source", "outputs", "execution_count", "metadata", "attachments", "cell_type", "output_type",
        "text", "data", "name", "nbformat", "nbformat_minor", "cells", "kernelspec", "language", "later_field",
    ];

    private static readonly byte[][] Snippets =
    [
        [0xFF], [0xC3], [0xED, 0xA0, 0x80], [0xEF, 0xBB, 0xBF], [0x00], "\\ud800"u8.ToArray(), "\\udc00\\ud800"u8.ToArray(),
        "null"u8.ToArray(), ","u8.ToArray(), "]"u8.ToArray(), "}"u8.ToArray(), "{"u8.ToArray(), "\""u8.ToArray(),
        "\\"u8.ToArray(), "1e999"u8.ToArray(), "\\u0000"u8.ToArray(), "😀"u8.ToArray(),
    ];

    private static readonly JsonDocumentOptions Deep = HostileNotebook.Deep;

    // System.Text.Json's own layouts (escaping all non-ASCII), deep enough for the hostile values.
    private static readonly JsonSerializerOptions Compact = new() { MaxDepth = 1024 };
    private static readonly JsonSerializerOptions Indented = new() { MaxDepth = 1024, WriteIndented = true };

    /// <summary>The chapters under notebooks/, by file name.</summary>
    public static IReadOnlyList<(string Name, byte[] Bytes)> Chapters()
    {
        string folder = Path.Combine(ReleaseLibraries.FindRoot(), "notebooks");
        return Directory.GetFiles(folder, "*.ipynb").Order(StringComparer.Ordinal)
            .Select(path => (Path.GetFileName(path), File.ReadAllBytes(path))).ToList();
    }

    /// <summary>Fuzz cases built from <paramref name="chapters"/> and generated notebooks.</summary>
    /// <param name="chapters">The real notebooks to start from.</param>
    /// <param name="trivialCode">Replace every code cell's source with a trivial one and keep at most
    /// the first eight cells of a chapter, so that running a case takes milliseconds.</param>
    public static Gen<FuzzCase> Cases(IReadOnlyList<(string Name, byte[] Bytes)> chapters, bool trivialCode)
    {
        var chapter = Gen.Int[0, chapters.Count - 1].Select(i =>
            (Origin: chapters[i].Name, Tree: JsonNode.Parse(chapters[i].Bytes)!.AsObject()));
        var generated = Generated.Select(tree => (Origin: "generated", Tree: tree));
        var treeEdit = Gen.Select(Gen.Int[0, 3], Gen.Int[0, 1 << 20], Gen.Int[0, 1 << 20]);
        var byteEdit = Gen.Select(Gen.Int[0, 9], Gen.Int[0, 1 << 20], Gen.Int[0, 1 << 20]);
        var layout = Gen.Int[0, 2];
        return Gen.Select(Gen.OneOf(chapter, generated), treeEdit.Array[0, 2], layout, byteEdit, (start, edits, format, bytes) =>
        {
            var tree = start.Tree;
            if (trivialCode) MakeTrivial(tree, start.Origin != "generated");
            var steps = new List<string>();
            var duplicates = new List<string>();
            foreach (var (kind, where, what) in edits)
                steps.Add(EditTree(tree, kind, where, what, duplicates));
            string text = format switch
            {
                0 => CanonicalJsonWriter.Write(tree),
                1 => tree.ToJsonString(Compact),
                _ => tree.ToJsonString(Indented),
            };
            steps.Add(format switch { 0 => "canonical", 1 => "compact", _ => "indented" });
            for (int i = 0; i < duplicates.Count; i++)
                text = text.Replace(Placeholder(i), duplicates[i]);
            var (result, step) = EditBytes(Encoding.UTF8.GetBytes(text), bytes.Item1, bytes.Item2, bytes.Item3);
            steps.Add(step);
            return new FuzzCase(start.Origin, string.Join(", ", steps), result);
        });
    }

    private static void MakeTrivial(JsonObject tree, bool trim)
    {
        if (tree["cells"] is not JsonArray cells) return;
        while (trim && cells.Count > 8) cells.RemoveAt(cells.Count - 1);
        // The choice depends on the cell count too, so that the failing source lands in all kinds of notebooks.
        int k = cells.Count;
        foreach (var cell in cells.OfType<JsonObject>().Where(c => c["cell_type"]?.GetValue<string>() == "code"))
            cell["source"] = NotebookText.ToJsonLines(TrivialCode[k++ % TrivialCode.Length]);
    }

    /// <summary>Every node below the root, with its parent and its key or index, in document order.</summary>
    private static List<(JsonNode Parent, string? Key, int Index)> Nodes(JsonNode root)
    {
        var found = new List<(JsonNode, string?, int)>();
        void Walk(JsonNode? node)
        {
            if (node is JsonObject obj)
                foreach (var (key, child) in obj.ToList()) { found.Add((obj, key, -1)); Walk(child); }
            else if (node is JsonArray array)
                for (int i = 0; i < array.Count; i++) { found.Add((array, null, i)); Walk(array[i]); }
        }
        Walk(root);
        return found;
    }

    private static string EditTree(JsonObject tree, int kind, int where, int what, List<string> duplicates)
    {
        var nodes = Nodes(tree);
        if (nodes.Count == 0) return "no node to edit";
        var (parent, key, index) = nodes[where % nodes.Count];
        string at = key ?? $"[{index}]";
        JsonNode? value = JsonNode.Parse(HostileValues[what % HostileValues.Length], documentOptions: Deep);
        switch (kind)
        {
            case 0:
                if (key is null) parent.AsArray()[index] = value; else parent[key] = value;
                return $"set {at} to {Short(value)}";
            case 1:
                if (key is null) parent.AsArray().RemoveAt(index); else parent.AsObject().Remove(key);
                return $"deleted {at}";
            case 2:
                // Add to the container the chosen node lies in.
                if (parent is JsonArray list) list.Insert(index, value);
                else parent[Keys[what % Keys.Length]] = value;
                return $"added {Short(value)} beside {at}";
            default:
                if (key is null) return "no key to repeat";
                // The copy goes in under a placeholder key that the text then gets back as the original.
                parent[PlaceholderKey(duplicates.Count)] = parent[key]?.DeepClone();
                var literal = new StringBuilder();
                CanonicalJsonWriter.WriteString(literal, key);
                duplicates.Add(literal.ToString());
                return $"repeated key {at}";
        }
    }

    private static string PlaceholderKey(int i) => $"\u0001dup{i}";

    // Both the canonical writer and System.Text.Json write U+0001 as \u0001.
    private static string Placeholder(int i) => $"\"\\u0001dup{i}\"";

    private static (byte[] Bytes, string Step) EditBytes(byte[] bytes, int kind, int where, int what)
    {
        int at = where % (bytes.Length + 1);
        byte[] snippet = Snippets[what % Snippets.Length];
        switch (kind)
        {
            case 0 or 1 or 2:
                return (bytes, "bytes unchanged");
            case 3 when bytes.Length > 0:
                var flipped = (byte[])bytes.Clone();
                flipped[at % bytes.Length] ^= (byte)(1 + what % 255);
                return (flipped, $"flipped byte {at % bytes.Length}");
            case 4:
                return (bytes[..at], $"cut at byte {at}");
            case 5:
                return ([.. bytes[..at], .. snippet, .. bytes[at..]], $"inserted {Convert.ToHexString(snippet)} at byte {at}");
            case 6:
                // Into a string value: after the opening quote of the n-th ": \"".
                var starts = Starts(bytes, "\": \""u8);
                if (starts.Count == 0) return (bytes, "no string to insert into");
                int quote = starts[where % starts.Count] + 3;
                return ([.. bytes[..quote], .. snippet, .. bytes[quote..]], $"inserted {Convert.ToHexString(snippet)} into a string at byte {quote}");
            case 7:
                return ([0xEF, 0xBB, 0xBF, .. bytes], "UTF-8 byte order mark");
            case 8:
                return ([(byte)'[', .. bytes, (byte)']'], "wrapped in an array");
            default:
                return ([], "emptied");
        }
    }

    private static List<int> Starts(byte[] bytes, ReadOnlySpan<byte> pattern)
    {
        var starts = new List<int>();
        for (int i = bytes.AsSpan().IndexOf(pattern); i >= 0;)
        {
            starts.Add(i);
            int next = bytes.AsSpan(i + 1).IndexOf(pattern);
            i = next < 0 ? -1 : i + 1 + next;
        }
        return starts;
    }

    private static string Short(JsonNode? value)
    {
        string text = value?.ToJsonString(Compact) ?? "null";
        return text.Length > 20 ? text[..20] + "…" : text;
    }
}
