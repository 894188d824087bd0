namespace ScoreNotebooks.Coursework.Markup;

/// <summary>A marked region of a cell's source: the marker lines and everything between them.</summary>
/// <param name="Kind">What the region holds.</param>
/// <param name="BeginLine">Zero-based line of the BEGIN marker.</param>
/// <param name="EndLine">Zero-based line of the END marker (&gt; <paramref name="BeginLine"/> + 1: a region is never empty).</param>
/// <param name="Indent">The leading white space of the BEGIN marker, which the stub that replaces a solution keeps.</param>
internal sealed record SourceRegion(RegionKind Kind, int BeginLine, int EndLine, string Indent)
{
    /// <summary>"lines 3–7": the region's marker lines, one-based, as messages name them.</summary>
    public string Lines => $"lines {BeginLine + 1}–{EndLine + 1}";
}
