namespace ScoreNotebooks.Notebooks.Editing;

/// <summary>The completions offered at a position in a cell, and the text they replace.</summary>
/// <param name="Start">Where the replaced text starts (UTF-16 index into the cell), 0 ≤ Start ≤ End.</param>
/// <param name="End">Where it ends: the cursor.</param>
/// <param name="Items">The completions, sorted by text, each text once.</param>
public sealed record CompletionList(int Start, int End, IReadOnlyList<CompletionItem> Items);
