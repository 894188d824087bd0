using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ScoreNotebooks.Notebooks.Execution;

/// <summary>
/// Rewrites a cell so that the body of every <c>while</c>, <c>do</c>, <c>for</c> and <c>foreach</c>
/// loop starts with <see cref="CellCancellation.ThrowIfRequested"/>.
/// </summary>
/// <remarks>
/// .NET cannot abort a thread, so a loop that never waits can only be stopped by a check it runs
/// itself. The check is inserted on the line where the body starts and no line break is added, so
/// the line numbers in exception messages stay those of the cell as written.
/// </remarks>
internal sealed class InterruptibleLoops : CSharpSyntaxRewriter
{
    private static readonly StatementSyntax Check = SyntaxFactory.ParseStatement(
        $"global::{typeof(CellCancellation).FullName}.{nameof(CellCancellation.ThrowIfRequested)}();");

    private InterruptibleLoops()
    {
    }

    /// <summary>The cell's text with checks in its loops, or null when it has no loop.</summary>
    /// <param name="tree">The parsed cell.</param>
    /// <returns>The rewritten source text, or null.</returns>
    public static string? Rewrite(SyntaxTree tree)
    {
        var root = tree.GetRoot();
        if (!root.DescendantNodes().Any(n => n is WhileStatementSyntax or DoStatementSyntax or ForStatementSyntax or CommonForEachStatementSyntax))
            return null;
        return new InterruptibleLoops().Visit(root).ToFullString();
    }

    public override SyntaxNode? VisitWhileStatement(WhileStatementSyntax node)
    {
        var visited = (WhileStatementSyntax)base.VisitWhileStatement(node)!;
        return visited.WithStatement(Guard(visited.Statement));
    }

    public override SyntaxNode? VisitDoStatement(DoStatementSyntax node)
    {
        var visited = (DoStatementSyntax)base.VisitDoStatement(node)!;
        return visited.WithStatement(Guard(visited.Statement));
    }

    public override SyntaxNode? VisitForStatement(ForStatementSyntax node)
    {
        var visited = (ForStatementSyntax)base.VisitForStatement(node)!;
        return visited.WithStatement(Guard(visited.Statement));
    }

    public override SyntaxNode? VisitForEachStatement(ForEachStatementSyntax node)
    {
        var visited = (ForEachStatementSyntax)base.VisitForEachStatement(node)!;
        return visited.WithStatement(Guard(visited.Statement));
    }

    public override SyntaxNode? VisitForEachVariableStatement(ForEachVariableStatementSyntax node)
    {
        var visited = (ForEachVariableStatementSyntax)base.VisitForEachVariableStatement(node)!;
        return visited.WithStatement(Guard(visited.Statement));
    }

    /// <summary>{ check; body } on the body's own lines: the body's leading and trailing trivia move outside the new braces.</summary>
    private static BlockSyntax Guard(StatementSyntax body)
    {
        var open = SyntaxFactory.Token(SyntaxKind.OpenBraceToken).WithLeadingTrivia(body.GetLeadingTrivia());
        var close = SyntaxFactory.Token(SyntaxKind.CloseBraceToken).WithTrailingTrivia(body.GetTrailingTrivia());
        var inner = body.WithLeadingTrivia(SyntaxFactory.Space).WithTrailingTrivia(SyntaxFactory.Space);
        return SyntaxFactory.Block(open, SyntaxFactory.List([Check.WithTrailingTrivia(SyntaxFactory.Space), inner]), close);
    }
}
