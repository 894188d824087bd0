using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ScoreNotebooks.Notebooks.Editing;

/// <summary>
/// Completions from Roslyn's semantic model of a cell compiled as the session's next submission:
/// after a '.', the members of what is left of it (a namespace's types and namespaces, a type's
/// static members, a value's instance members and extension methods); elsewhere, every symbol in
/// scope (the variables of earlier cells included) and the C# keywords.
/// </summary>
internal static class CodeCompletion
{
    private static readonly Lazy<IReadOnlyList<string>> Keywords = new(() =>
        SyntaxFacts.GetKeywordKinds().Concat(SyntaxFacts.GetContextualKeywordKinds())
            .Select(SyntaxFacts.GetText).Where(k => k.Length > 0 && SyntaxFacts.IsValidIdentifier(k.TrimStart('_')))
            .Distinct(StringComparer.Ordinal).ToList());

    /// <summary>The completions at <paramref name="position"/> (0 ≤ position ≤ text length) of the model's tree.</summary>
    public static CompletionList Complete(SemanticModel model, int position, CancellationToken cancellationToken)
    {
        var tree = model.SyntaxTree;
        string text = tree.GetText(cancellationToken).ToString();
        int start = position;
        while (start > 0 && IsIdentifierPart(text[start - 1])) start--;
        string prefix = text[start..position];
        var root = tree.GetRoot(cancellationToken);
        if (InCommentOrLiteral(root, position))
            return new CompletionList(start, position, []);
        int dot = start - 1;
        while (dot >= 0 && char.IsWhiteSpace(text[dot])) dot--;
        IEnumerable<(ISymbol Symbol, string Kind)> symbols;
        IEnumerable<string> keywords = [];
        if (dot >= 0 && text[dot] == '.')
        {
            var left = LeftOfDot(root.FindToken(dot));
            symbols = left is null ? [] : Members(model, left, start);
        }
        else
        {
            symbols = model.LookupSymbols(start).Select(s => (s, KindOf(s)));
            keywords = Keywords.Value;
        }
        var items = symbols.Where(p => p.Symbol.CanBeReferencedByName || p.Symbol is INamespaceSymbol { IsGlobalNamespace: false })
            .Select(p => new CompletionItem(p.Symbol.Name, p.Kind))
            .Concat(keywords.Select(k => new CompletionItem(k, "keyword")))
            .Where(item => item.Text.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            .DistinctBy(item => item.Text, StringComparer.Ordinal)
            .OrderBy(item => item.Text, StringComparer.OrdinalIgnoreCase).ThenBy(item => item.Text, StringComparer.Ordinal)
            .ToList();
        return new CompletionList(start, position, items);
    }

    /// <summary>What C# calls the symbol, for a front end's icon.</summary>
    public static string KindOf(ISymbol symbol) => symbol switch
    {
        INamespaceSymbol => "namespace",
        INamedTypeSymbol { TypeKind: TypeKind.Struct } => "struct",
        INamedTypeSymbol { TypeKind: TypeKind.Interface } => "interface",
        INamedTypeSymbol { TypeKind: TypeKind.Enum } => "enum",
        INamedTypeSymbol { TypeKind: TypeKind.Delegate } => "delegate",
        ITypeSymbol => "class",
        IMethodSymbol => "method",
        IFieldSymbol { ContainingType.IsScriptClass: true } or IPropertySymbol { ContainingType.IsScriptClass: true } => "variable",
        IPropertySymbol => "property",
        IFieldSymbol => "field",
        IEventSymbol => "event",
        IParameterSymbol => "parameter",
        _ => "variable",
    };

    private static bool IsIdentifierPart(char c) => char.IsLetterOrDigit(c) || c is '_' or '@';

    private static bool InCommentOrLiteral(SyntaxNode root, int position)
    {
        if (position == 0) return false;
        var trivia = root.FindTrivia(position - 1, findInsideTrivia: true);
        if (trivia.IsKind(SyntaxKind.SingleLineCommentTrivia) || trivia.IsKind(SyntaxKind.SingleLineDocumentationCommentTrivia))
            return true;
        if (trivia.IsKind(SyntaxKind.MultiLineCommentTrivia) || trivia.IsKind(SyntaxKind.MultiLineDocumentationCommentTrivia))
            return position < trivia.Span.End || !trivia.ToString().EndsWith("*/", StringComparison.Ordinal);
        var token = root.FindToken(position - 1);
        if (token.IsKind(SyntaxKind.InterpolatedStringTextToken))
            return true;
        if (!(token.IsKind(SyntaxKind.StringLiteralToken) || token.IsKind(SyntaxKind.CharacterLiteralToken)
              || token.IsKind(SyntaxKind.SingleLineRawStringLiteralToken) || token.IsKind(SyntaxKind.MultiLineRawStringLiteralToken)))
            return false;
        if (position < token.Span.End) return true;
        // Right after a literal: still inside it while it has no closing quote.
        string literal = token.Text;
        return !(literal.Length >= 2 && (literal.EndsWith('"') || literal.EndsWith('\'')));
    }

    /// <summary>The expression or name left of the '.' token, or null when the dot is not a member access.</summary>
    private static SyntaxNode? LeftOfDot(SyntaxToken dot) => dot.Parent switch
    {
        MemberAccessExpressionSyntax access when access.OperatorToken == dot => access.Expression,
        QualifiedNameSyntax name when name.DotToken == dot => name.Left,
        MemberBindingExpressionSyntax binding => binding.FirstAncestorOrSelf<ConditionalAccessExpressionSyntax>()?.Expression,
        _ => null,
    };

    private static IEnumerable<(ISymbol, string)> Members(SemanticModel model, SyntaxNode left, int position)
    {
        var info = model.GetSymbolInfo(left);
        var symbol = info.Symbol ?? info.CandidateSymbols.FirstOrDefault();
        if (symbol is INamespaceSymbol ns)
            return model.LookupNamespacesAndTypes(position, ns).Select(s => (s, KindOf(s)));
        // "Math" in "Math." names a type: its static members and nested types.
        if (symbol is INamedTypeSymbol type)
            return model.LookupStaticMembers(position, type).Select(s => (s, KindOf(s)));
        var valueType = model.GetTypeInfo(left).Type;
        if (valueType is null || valueType.TypeKind == TypeKind.Error) return [];
        return model.LookupSymbols(position, valueType, includeReducedExtensionMethods: true)
            .Where(s => !s.IsStatic || s is IMethodSymbol { MethodKind: MethodKind.ReducedExtension })
            .Select(s => (s, KindOf(s)));
    }
}
