using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;
using ScoreNotebooks.Notebooks.Format;

namespace ScoreNotebooks.Coursework.Markup;

/// <summary>
/// Checks that the stub which replaces each solution region of a code answer cell leaves C# that compiles
/// as far as the region is concerned, and that later cells still find every name they used.
/// </summary>
/// <remarks>
/// The rule: a solution region holds whole statements, either inside a block body (<c>{ … }</c> of a
/// method, local function or lambda) or at the top level of the cell, so the stub, a <c>throw</c>
/// statement, can stand where they stood. The body of an expression-bodied member (<c>=&gt; expr;</c>) or
/// part of an expression is refused. A top-level region may not declare a variable, function or type that
/// a later cell uses, since the release would lose the declaration and that cell would fail to compile
/// instead of reaching the stub: declare it before the region (<c>double logZ;</c>) and assign it inside.
/// </remarks>
internal static class StubCheck
{
    private static readonly CSharpParseOptions ScriptOptions = new(LanguageVersion.Latest, kind: SourceCodeKind.Script);

    /// <summary>Reports through <paramref name="problem"/> each solution region of <paramref name="cell"/> the stub cannot replace.</summary>
    /// <param name="cell">A code answer cell.</param>
    /// <param name="usedLater">The first later cell that uses a name, or null when none does.</param>
    /// <param name="problem">Receives each problem as a sentence.</param>
    public static void Check(GradedCell cell, Func<string, NotebookCell?> usedLater, Action<string> problem)
    {
        var solutions = cell.Regions.Where(r => r.Kind == RegionKind.Solution).ToList();
        if (solutions.Count == 0) return;
        CheckTopLevelDeclarations(cell, solutions, usedLater, problem);

        var (released, stubLines) = ReleasedSource.Of(cell);
        SyntaxTree tree = CSharpSyntaxTree.ParseText(released, ScriptOptions);
        if (tree.GetDiagnostics().FirstOrDefault(d => d.Severity == DiagnosticSeverity.Error) is { } error)
        {
            int line = error.Location.GetLineSpan().StartLinePosition.Line + 1;
            problem($"with its solution replaced by the stub the cell does not parse (released line {line}: {error.GetMessage()}); "
                + "a solution region must hold whole statements inside a block body { … } or at the top level of the cell");
            return;
        }
        SourceText text = tree.GetText();
        SyntaxNode root = tree.GetRoot();
        for (int k = 0; k < stubLines.Count; k++)
        {
            TextLine line = text.Lines[stubLines[k]];
            SyntaxToken throwToken = root.FindToken(line.Start + solutions[k].Indent.Length);
            bool statement = throwToken.Parent is ThrowStatementSyntax { Parent: BlockSyntax or GlobalStatementSyntax };
            if (!statement)
                problem($"the solution region at {solutions[k].Lines} is not whole statements (for example the body of an "
                    + "expression-bodied member '=> expr;'); write the answer as a block body { … } with the region inside it, "
                    + "or as top-level statements");
        }
    }

    /// <summary>The identifiers a code cell's source mentions.</summary>
    public static HashSet<string> Identifiers(string source) =>
        CSharpSyntaxTree.ParseText(source, ScriptOptions).GetRoot().DescendantTokens()
            .Where(t => t.IsKind(SyntaxKind.IdentifierToken)).Select(t => t.ValueText).ToHashSet(StringComparer.Ordinal);

    private static void CheckTopLevelDeclarations(GradedCell cell, IReadOnlyList<SourceRegion> solutions,
        Func<string, NotebookCell?> usedLater, Action<string> problem)
    {
        SyntaxTree tree = CSharpSyntaxTree.ParseText(cell.Cell.Source, ScriptOptions);
        SourceText text = tree.GetText();
        var unit = (CompilationUnitSyntax)tree.GetRoot();
        foreach (SourceRegion region in solutions)
        {
            if (region.EndLine >= text.Lines.Count) continue;
            var span = TextSpan.FromBounds(text.Lines[region.BeginLine].End, text.Lines[region.EndLine].Start);
            foreach (MemberDeclarationSyntax member in unit.Members.Where(m => span.Contains(m.Span)))
            {
                IEnumerable<string> names = member switch
                {
                    GlobalStatementSyntax { Statement: LocalDeclarationStatementSyntax local } =>
                        local.Declaration.Variables.Select(v => v.Identifier.ValueText),
                    GlobalStatementSyntax { Statement: LocalFunctionStatementSyntax function } => [function.Identifier.ValueText],
                    FieldDeclarationSyntax field => field.Declaration.Variables.Select(v => v.Identifier.ValueText),
                    MethodDeclarationSyntax method => [method.Identifier.ValueText],
                    PropertyDeclarationSyntax property => [property.Identifier.ValueText],
                    BaseTypeDeclarationSyntax type => [type.Identifier.ValueText],
                    DelegateDeclarationSyntax type => [type.Identifier.ValueText],
                    _ => [],
                };
                foreach (string name in names)
                {
                    if (usedLater(name) is not { } user) continue;
                    problem($"the solution region at {region.Lines} declares '{name}' at the top level of the cell and {user.Label} "
                        + "uses it, but the release would lose the declaration, so that cell would not compile; declare it before "
                        + "the region and assign it inside");
                }
            }
        }
    }
}
