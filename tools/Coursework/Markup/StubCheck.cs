using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace ScoreNotebooks.Coursework.Markup;

/// <summary>
/// Checks that the stub which replaces each solution region of a code answer cell leaves C# that compiles
/// as far as the region is concerned, and that later cells still find every name they used.
/// </summary>
/// <remarks>
/// The rule: a solution region holds whole statements, either inside a block body (<c>{ … }</c> of a
/// method, local function or lambda) or at the top level of the cell, so the stub, a <c>throw</c>
/// statement, can stand where they stood. The body of an expression-bodied member (<c>=&gt; expr;</c>) or
/// part of an expression is refused. A top-level region may not declare a variable, function or type,
/// since the release would lose the declaration and later cells would fail to compile instead of reaching
/// the stub: declare it before the region (<c>double logZ;</c>) and assign it inside.
/// </remarks>
internal static class StubCheck
{
    private static readonly CSharpParseOptions ScriptOptions = new(LanguageVersion.Latest, kind: SourceCodeKind.Script);

    /// <summary>Reports through <paramref name="problem"/> each solution region of <paramref name="cell"/> the stub cannot replace.</summary>
    public static void Check(GradedCell cell, Action<string> problem)
    {
        var solutions = cell.Regions.Where(r => r.Kind == RegionKind.Solution).ToList();
        if (solutions.Count == 0) return;
        CheckTopLevelDeclarations(cell, solutions, problem);

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

    private static void CheckTopLevelDeclarations(GradedCell cell, IReadOnlyList<SourceRegion> solutions, Action<string> problem)
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
                string? name = member switch
                {
                    GlobalStatementSyntax { Statement: LocalDeclarationStatementSyntax local } =>
                        string.Join(", ", local.Declaration.Variables.Select(v => v.Identifier.Text)),
                    GlobalStatementSyntax { Statement: LocalFunctionStatementSyntax function } => function.Identifier.Text,
                    GlobalStatementSyntax => null,
                    FieldDeclarationSyntax field => string.Join(", ", field.Declaration.Variables.Select(v => v.Identifier.Text)),
                    MethodDeclarationSyntax method => method.Identifier.Text,
                    BaseTypeDeclarationSyntax type => type.Identifier.Text,
                    _ => member.ToString().Split('\n')[0].Trim(),
                };
                if (name is null) continue;
                problem($"the solution region at {region.Lines} declares '{name}' at the top level of the cell, which the "
                    + "release would lose, so later cells would not compile; declare it before the region and assign it inside");
            }
        }
    }
}
