using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using ScoreNotebooks.Coursework.Markup;
using ScoreNotebooks.Notebooks.Execution;
using ScoreNotebooks.Notebooks.Packages;

namespace ScoreNotebooks.Coursework.Grading;

/// <summary>
/// Finds uses of forbidden APIs (<see cref="Exercise.Forbidden"/>) in students' answer cells, by what names bind to,
/// not by how they are spelt.
/// </summary>
/// <remarks>
/// <para>The cells are compiled, never run, as the chain of script submissions the notebook runs as
/// (<see cref="SubmissionChain"/>), so each name in an answer cell binds as it would when the cell runs: through a
/// <c>using</c> alias, <c>using static</c>, a fully qualified name, an extension-method call, a method group turned
/// into a delegate, a user-defined operator, an implicit <c>new(…)</c>. A name that binds to a member of a forbidden
/// type, to the type itself or to a forbidden member is a use; the operand of <c>nameof</c>, <c>using</c> lines and
/// <c>var</c> are not. A method the student declares is never forbidden, whatever its name.</para>
/// <para>Reflection reaches members by text, which binding cannot follow, so a textual rule errs on the side of
/// reporting: in a cell that names a reflection API (<c>GetType</c>, <c>GetMethod</c>, <c>Activator</c>, …), every
/// string literal or <c>nameof</c> value that holds a forbidden type's full or simple name, or a forbidden member's
/// name, as a whole word, is a use.</para>
/// </remarks>
internal static partial class ForbiddenApiFinder
{
    private static readonly SymbolDisplayFormat TypeNameFormat = new(
        typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameAndContainingTypesAndNamespaces,
        genericsOptions: SymbolDisplayGenericsOptions.None);

    private static readonly HashSet<string> ReflectionNames = new(StringComparer.Ordinal)
    {
        "GetType", "GetTypes", "GetExportedTypes", "GetMethod", "GetMethods", "GetMember", "GetMembers", "GetProperty",
        "GetProperties", "GetField", "GetFields", "GetRuntimeMethod", "GetRuntimeMethods", "GetDeclaredMethod",
        "GetDeclaredProperty", "InvokeMember", "CreateDelegate", "CreateInstance", "Activator", "Reflection",
    };

    /// <summary>A cell in the order it runs, and the exercise whose forbidden APIs it may not use (null: not checked).</summary>
    /// <param name="Number">The cell's 1-based number.</param>
    /// <param name="Source">What runs.</param>
    /// <param name="Language">The notebook metadata's language for the cell, or null for C#.</param>
    /// <param name="Exercise">The exercise of a student's answer cell to check, or null.</param>
    internal sealed record ChainCell(int Number, string Source, string? Language, Exercise? Exercise);

    /// <summary>The forbidden uses in the checked cells of <paramref name="cells"/>, in order, each (API, cell, line) once.</summary>
    /// <param name="folder">The notebook's folder, against which <c>#r</c> file references resolve.</param>
    /// <param name="cells">Every cell in the order it runs.</param>
    /// <param name="packageCache">Where packages the engine does not carry are resolved, so that names from them bind
    /// (see <see cref="SubmissionChain.PackageCache"/>); null leaves such packages out.</param>
    public static IReadOnlyList<ForbiddenUse> Find(string folder, IReadOnlyList<ChainCell> cells, PackageCache? packageCache = null)
    {
        int last = -1;
        for (int k = 0; k < cells.Count; k++)
            if (cells[k].Exercise is { Forbidden.Count: > 0 }) last = k;
        var uses = new List<ForbiddenUse>();
        if (last < 0) return uses;
        var chain = new SubmissionChain(folder) { PackageCache = packageCache };
        for (int k = 0; k <= last; k++)
        {
            var cell = cells[k];
            if (chain.Add(cell.Source, cell.Number, cell.Language) is not { } model || cell.Exercise is not { Forbidden.Count: > 0 } exercise)
                continue;
            var seen = new HashSet<(string, int)>();
            foreach (var (api, line, how) in Bound(model, exercise.Forbidden).Concat(Reflection(model, exercise.Forbidden)))
                if (seen.Add((api, line))) uses.Add(new ForbiddenUse(exercise.Id, api, cell.Number, line, how));
        }
        return uses;
    }

    /// <summary>The names (and implicit constructions and operators) that bind to a forbidden API.</summary>
    private static IEnumerable<(string Api, int Line, string How)> Bound(SemanticModel model, IReadOnlyList<string> forbidden)
    {
        SyntaxNode root = model.SyntaxTree.GetRoot();
        foreach (SyntaxNode node in root.DescendantNodes(n => n is not UsingDirectiveSyntax))
        {
            if (node is not (SimpleNameSyntax or ImplicitObjectCreationExpressionSyntax or BinaryExpressionSyntax
                or PrefixUnaryExpressionSyntax or PostfixUnaryExpressionSyntax or ElementAccessExpressionSyntax))
                continue;
            if (node is IdentifierNameSyntax { IsVar: true } || InNameOf(model, node)) continue;
            SymbolInfo info = model.GetSymbolInfo(node);
            var symbols = info.Symbol is { } symbol ? ImmutableArray.Create(symbol) : info.CandidateSymbols;
            foreach (ISymbol s in symbols)
                foreach (string name in Names(s))
                    if (forbidden.Contains(name, StringComparer.Ordinal))
                        yield return (name, Line(node), "uses");
        }
    }

    /// <summary>The strings a reflection-using cell holds that name a forbidden API.</summary>
    private static IEnumerable<(string Api, int Line, string How)> Reflection(SemanticModel model, IReadOnlyList<string> forbidden)
    {
        SyntaxNode root = model.SyntaxTree.GetRoot();
        if (!root.DescendantTokens().Any(t => t.IsKind(SyntaxKind.IdentifierToken) && ReflectionNames.Contains(t.ValueText)))
            yield break;
        var texts = new List<(string Text, int Line)>();
        foreach (SyntaxToken token in root.DescendantTokens())
            if (token.Kind() is SyntaxKind.StringLiteralToken or SyntaxKind.InterpolatedStringTextToken
                or SyntaxKind.SingleLineRawStringLiteralToken or SyntaxKind.MultiLineRawStringLiteralToken or SyntaxKind.Utf8StringLiteralToken)
                texts.Add((token.ValueText, Line(token.Parent!)));
        foreach (var invocation in root.DescendantNodes().OfType<InvocationExpressionSyntax>())
            if (model.GetOperation(invocation) is INameOfOperation { ConstantValue: { HasValue: true, Value: string text } })
                texts.Add((text, Line(invocation)));
        foreach (var (text, line) in texts)
            foreach (string api in forbidden)
                if (Words(api).Any(word => Regex.IsMatch(text, $@"(?<![A-Za-z0-9_]){Regex.Escape(word)}(?![A-Za-z0-9_])")))
                    yield return (api, line, "names in a reflection string");
    }

    /// <summary>The words of an entry that reflection would name it by: the whole entry and its last part.</summary>
    /// <remarks>For a type that is its full and simple name; for a member, its name (and the full entry). Which of the
    /// two an entry is cannot be told from the text alone, so both are taken: this errs on the side of reporting.</remarks>
    private static IEnumerable<string> Words(string api) => [api, api[(api.LastIndexOf('.') + 1)..]];

    /// <summary>The entries a symbol answers to: its type's full name and those of the types containing it, and for a
    /// member, its type's full name followed by its own name. A method of the student's own submission answers to
    /// its submission class, which no entry names.</summary>
    private static IEnumerable<string> Names(ISymbol symbol)
    {
        if (symbol is IAliasSymbol alias) symbol = alias.Target;
        if (symbol is IMethodSymbol { ReducedFrom: { } extension }) symbol = extension;
        symbol = symbol.OriginalDefinition;
        if (symbol is IMethodSymbol { MethodKind: MethodKind.LocalFunction } or ILocalSymbol or IParameterSymbol or INamespaceSymbol)
            yield break;
        if (symbol is IArrayTypeSymbol array) symbol = array.ElementType.OriginalDefinition;
        var type = symbol as INamedTypeSymbol ?? symbol.ContainingType;
        if (symbol is not ITypeSymbol && type is not null && symbol is not IMethodSymbol { MethodKind: MethodKind.Constructor })
            yield return type.ToDisplayString(TypeNameFormat) + "." + symbol.Name;
        for (var t = type; t is not null; t = t.ContainingType)
            yield return t.ToDisplayString(TypeNameFormat);
    }

    private static bool InNameOf(SemanticModel model, SyntaxNode node) =>
        node.Ancestors().OfType<InvocationExpressionSyntax>()
            .Any(i => i.Expression is IdentifierNameSyntax { Identifier.ValueText: "nameof" } && model.GetOperation(i) is INameOfOperation);

    private static int Line(SyntaxNode node) => node.GetLocation().GetLineSpan().StartLinePosition.Line + 1;
}
