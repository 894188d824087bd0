namespace ScoreNotebooks.Notebooks.Editing;

/// <summary>What inspecting a name in a cell shows: its signature and its doc comment.</summary>
/// <param name="Signatures">The symbol's declaration as C# ("double Math.Sqrt(double d)"); one per
/// overload when the code does not yet pick one.</param>
/// <param name="Documentation">The doc comment as plain text (summary, parameters, returns, remarks,
/// exceptions), or "" when the symbol has none.</param>
public sealed record SymbolDescription(IReadOnlyList<string> Signatures, string Documentation)
{
    /// <summary>The signatures, one per line, then a blank line and the documentation when there is some.</summary>
    /// <returns>Plain text.</returns>
    public override string ToString() =>
        string.Join("\n", Signatures) + (Documentation.Length > 0 ? "\n\n" + Documentation : "");
}
