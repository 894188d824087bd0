using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using ScoreNotebooks.Notebooks.Execution;

namespace ScoreNotebooks.Notebooks.Editing;

/// <summary>
/// Decides whether cell code is complete, incomplete or invalid, from its syntax alone (Jupyter's
/// <c>is_complete</c> request, which a console front end sends before it runs what was typed).
/// </summary>
/// <remarks>
/// The code is parsed as a C# script submission, directive lines left out. With no syntax error it is
/// complete (a trailing expression without ';' is a cell's value, so it is complete too). When every
/// error lies at the end of the text (a missing '}', ')' or ';', an unterminated string or comment)
/// more lines can finish it: incomplete. Otherwise it is invalid.
/// </remarks>
public static class CellCompleteness
{
    // Errors reported where an unterminated token starts rather than at the end of the text.
    private static readonly HashSet<string> UnterminatedAtStart =
    [
        "CS1010", // newline in constant (an open string on the last line)
        "CS1035", // end of file in a comment
        "CS1039", // unterminated verbatim string
        "CS8997", // unterminated raw string literal
        "CS1012", // too many characters in a character literal (an open char literal)
    ];

    /// <summary>Checks <paramref name="code"/>.</summary>
    /// <param name="code">The code typed so far.</param>
    /// <param name="indent">For incomplete code, the indentation of the next line: four spaces per open brace; else "".</param>
    /// <returns>Whether the code is complete, incomplete or invalid.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="code"/> is null.</exception>
    public static CodeCompleteness Check(string code, out string indent)
    {
        ArgumentNullException.ThrowIfNull(code);
        indent = "";
        string masked = CellDirectives.MaskDirectives(code);
        if (string.IsNullOrWhiteSpace(masked)) return CodeCompleteness.Complete;
        var tree = CSharpSyntaxTree.ParseText(masked, ScriptSession.ScriptParseOptions);
        var errors = tree.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (errors.Count == 0) return CodeCompleteness.Complete;
        int end = masked.TrimEnd().Length;
        int lastLine = tree.GetText().Lines.GetLineFromPosition(end).LineNumber;
        bool AtEnd(Diagnostic error) =>
            error.Location.SourceSpan.Start >= end
            || (UnterminatedAtStart.Contains(error.Id) && error.Location.GetLineSpan().EndLinePosition.Line >= lastLine);
        if (!errors.All(AtEnd)) return CodeCompleteness.Invalid;
        var braces = tree.GetRoot().DescendantTokens().Where(t => !t.IsMissing).ToList();
        int depth = braces.Count(t => t.IsKind(SyntaxKind.OpenBraceToken)) - braces.Count(t => t.IsKind(SyntaxKind.CloseBraceToken));
        indent = new string(' ', 4 * Math.Max(0, depth));
        return CodeCompleteness.Incomplete;
    }
}
