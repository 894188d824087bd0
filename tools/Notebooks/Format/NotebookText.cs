using System.Text.Json.Nodes;

namespace ScoreNotebooks.Notebooks.Format;

/// <summary>
/// Multi-line strings as nbformat stores them: a list of lines, each keeping its line break,
/// split where Python's <c>str.splitlines(keepends=True)</c> splits.
/// </summary>
internal static class NotebookText
{
    /// <summary>Splits <paramref name="text"/> into lines that keep their terminators.</summary>
    /// <param name="text">Any text; empty text gives no lines.</param>
    /// <returns>The lines; concatenated they give back <paramref name="text"/>.</returns>
    public static List<string> SplitLines(string text)
    {
        var lines = new List<string>();
        int start = 0;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (!IsLineBreak(c)) continue;
            // "\r\n" is one break, as in Python.
            if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n') i++;
            lines.Add(text[start..(i + 1)]);
            start = i + 1;
        }
        if (start < text.Length) lines.Add(text[start..]);
        return lines;
    }

    /// <summary>The lines of <paramref name="text"/> as a JSON array of strings.</summary>
    /// <param name="text">Any text.</param>
    /// <returns>A new array (empty for empty text).</returns>
    public static JsonArray ToJsonLines(string text) =>
        new(SplitLines(text).Select(l => (JsonNode?)JsonValue.Create(l)).ToArray());

    /// <summary>Joins a multi-line field that is either a string or a list of strings.</summary>
    /// <param name="node">The field's JSON value (may be null).</param>
    /// <returns>The joined text, empty when absent.</returns>
    public static string Join(JsonNode? node) => node switch
    {
        JsonArray lines => string.Concat(lines.Select(l => l?.GetValue<string>() ?? "")),
        JsonValue v when v.TryGetValue(out string? s) => s,
        _ => "",
    };

    // The separators Python's str.splitlines recognises.
    private static bool IsLineBreak(char c) =>
        c is '\n' or '\r' or '\v' or '\f' or '\x1c' or '\x1d' or '\x1e' or '\x85' or '\u2028' or '\u2029';
}
