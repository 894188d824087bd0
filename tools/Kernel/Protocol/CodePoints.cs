namespace ScoreNotebooks.Kernel.Protocol;

/// <summary>
/// Cursor positions in the protocol (5.2 and later) count Unicode code points; .NET strings count
/// UTF-16 units, and a character outside the Basic Multilingual Plane (an emoji, 𝒩) is two of them.
/// </summary>
internal static class CodePoints
{
    /// <summary>The number of code points in <paramref name="text"/>.</summary>
    public static int Count(string text) => FromUtf16(text, text.Length);

    /// <summary>The UTF-16 index of code point <paramref name="codePoints"/>, clamped to the text.</summary>
    public static int ToUtf16(string text, int codePoints)
    {
        int index = 0;
        for (int seen = 0; seen < codePoints && index < text.Length; seen++)
            index += char.IsHighSurrogate(text[index]) && index + 1 < text.Length && char.IsLowSurrogate(text[index + 1]) ? 2 : 1;
        return index;
    }

    /// <summary>The number of code points before UTF-16 index <paramref name="index"/>.</summary>
    public static int FromUtf16(string text, int index)
    {
        int count = 0;
        foreach (var _ in text.AsSpan(0, Math.Clamp(index, 0, text.Length)).EnumerateRunes()) count++;
        return count;
    }
}
