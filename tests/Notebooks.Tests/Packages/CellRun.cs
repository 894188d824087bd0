using ScoreNotebooks.Notebooks.Execution;

namespace ScoreNotebooks.Notebooks.Tests.Packages;

/// <summary>One cell run in a session, read back as text.</summary>
/// <param name="Succeeded">Whether the cell succeeded.</param>
/// <param name="Text">Everything the cell printed, then its result's text/plain.</param>
/// <param name="ErrorName">The error output's name, or "".</param>
/// <param name="Error">The error output's message, or "".</param>
internal sealed record CellRun(bool Succeeded, string Text, string ErrorName, string Error)
{
    public static async Task<CellRun> Of(ScriptSession session, string source, int cellNumber = 1)
    {
        var result = await session.ExecuteAsync(source, cellNumber, timeout: TimeSpan.FromMinutes(5));
        string text = string.Concat(result.Outputs.Select(o => o.Kind switch
        {
            CellOutputKind.Stream => o.Text,
            CellOutputKind.ExecuteResult or CellOutputKind.DisplayData => o.Data["text/plain"],
            _ => "",
        }));
        return new CellRun(result.Status == CellStatus.Succeeded, text, result.Error?.ErrorName ?? "", result.Error?.ErrorValue ?? "");
    }

    /// <summary>The last line of <see cref="Text"/>: a cell's result when it ends in an expression.</summary>
    public string Result => Text.TrimEnd('\n').Split('\n')[^1];

    public override string ToString() => $"{(Succeeded ? "ok" : "failed")}: {Text}{ErrorName} {Error}";
}
