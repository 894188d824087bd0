namespace ScoreNotebooks.Notebooks.Editing;

/// <summary>One completion.</summary>
/// <param name="Text">The text to insert, e.g. "Sqrt" or "foreach".</param>
/// <param name="Kind">What it names: "namespace", "class", "struct", "interface", "enum", "delegate",
/// "method", "property", "field", "event", "variable", "parameter" or "keyword".</param>
public sealed record CompletionItem(string Text, string Kind);
