using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ScoreNotebooks.Notebooks.Editing;

/// <summary>
/// Finds the symbol a cursor is on and describes it: the name under or just before the cursor, or,
/// inside the parentheses of a call, the method being called (every overload while the arguments do
/// not pick one).
/// </summary>
internal static class SymbolInspection
{
    private static readonly SymbolDisplayFormat Format = new(
        globalNamespaceStyle: SymbolDisplayGlobalNamespaceStyle.Omitted,
        typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameAndContainingTypes,
        genericsOptions: SymbolDisplayGenericsOptions.IncludeTypeParameters | SymbolDisplayGenericsOptions.IncludeTypeConstraints,
        memberOptions: SymbolDisplayMemberOptions.IncludeParameters | SymbolDisplayMemberOptions.IncludeType
            | SymbolDisplayMemberOptions.IncludeRef | SymbolDisplayMemberOptions.IncludeContainingType,
        delegateStyle: SymbolDisplayDelegateStyle.NameAndSignature,
        parameterOptions: SymbolDisplayParameterOptions.IncludeParamsRefOut | SymbolDisplayParameterOptions.IncludeType
            | SymbolDisplayParameterOptions.IncludeName | SymbolDisplayParameterOptions.IncludeDefaultValue
            | SymbolDisplayParameterOptions.IncludeExtensionThis,
        propertyStyle: SymbolDisplayPropertyStyle.ShowReadWriteDescriptor,
        localOptions: SymbolDisplayLocalOptions.IncludeType,
        kindOptions: SymbolDisplayKindOptions.IncludeTypeKeyword | SymbolDisplayKindOptions.IncludeNamespaceKeyword,
        miscellaneousOptions: SymbolDisplayMiscellaneousOptions.UseSpecialTypes | SymbolDisplayMiscellaneousOptions.EscapeKeywordIdentifiers
            | SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    /// <summary>The description of the symbol at <paramref name="position"/>, or null when there is none.</summary>
    public static SymbolDescription? Describe(SemanticModel model, int position, CancellationToken cancellationToken)
    {
        var root = model.SyntaxTree.GetRoot(cancellationToken);
        var symbols = AtName(model, root, position, cancellationToken);
        if (symbols.Count == 0) symbols = CalledAt(model, root, position, cancellationToken);
        if (symbols.Count == 0) return null;
        var signatures = symbols.Select(s => Signature(s, model, position)).Distinct(StringComparer.Ordinal).ToList();
        return new SymbolDescription(signatures, DocumentationText.Of(symbols[0], model.Compilation));
    }

    /// <summary>The symbols of the identifier that touches the cursor (under it, or ending at it).</summary>
    private static IReadOnlyList<ISymbol> AtName(SemanticModel model, SyntaxNode root, int position, CancellationToken cancellationToken)
    {
        foreach (int at in new[] { position, position - 1 })
        {
            if (at < 0 || at >= root.FullSpan.End) continue;
            var token = root.FindToken(at);
            if (!token.IsKind(SyntaxKind.IdentifierToken) && !SyntaxFacts.IsPredefinedType(token.Kind()) || !token.Span.Contains(at))
                continue;
            var node = token.Parent!;
            var info = model.GetSymbolInfo(node, cancellationToken);
            if (info.Symbol is { } symbol) return [symbol];
            if (!info.CandidateSymbols.IsEmpty) return info.CandidateSymbols;
            if (model.GetDeclaredSymbol(node, cancellationToken) is { } declared) return [declared];
            if (node is ExpressionSyntax expression && model.GetTypeInfo(expression, cancellationToken).Type is { TypeKind: not TypeKind.Error } type)
                return [type];
        }
        return [];
    }

    /// <summary>The method whose argument list holds the cursor: its chosen overload, or all candidates.</summary>
    private static IReadOnlyList<ISymbol> CalledAt(SemanticModel model, SyntaxNode root, int position, CancellationToken cancellationToken)
    {
        var token = root.FindToken(Math.Max(0, Math.Min(position, root.FullSpan.End) - 1));
        var arguments = token.Parent?.AncestorsAndSelf().OfType<BaseArgumentListSyntax>()
            .FirstOrDefault(list => list.OpenBracketOrParen().Span.End <= position);
        if (arguments?.Parent is not { } call) return [];
        var info = model.GetSymbolInfo(call, cancellationToken);
        if (info.Symbol is { } symbol) return [symbol];
        if (!info.CandidateSymbols.IsEmpty) return info.CandidateSymbols;
        // With no argument yet, overload resolution has nothing to choose from: offer the method group.
        var callee = call switch
        {
            InvocationExpressionSyntax invocation => model.GetMemberGroup(invocation.Expression, cancellationToken),
            BaseObjectCreationExpressionSyntax creation => model.GetMemberGroup(creation, cancellationToken),
            _ => [],
        };
        return callee;
    }

    private static SyntaxToken OpenBracketOrParen(this BaseArgumentListSyntax list) => list switch
    {
        ArgumentListSyntax a => a.OpenParenToken,
        BracketedArgumentListSyntax b => b.OpenBracketToken,
        _ => list.GetFirstToken(),
    };

    private static string Signature(ISymbol symbol, SemanticModel model, int position)
    {
        string text = symbol.ToMinimalDisplayString(model, Math.Min(position, model.SyntaxTree.Length), Format);
        return symbol switch
        {
            ILocalSymbol => $"(local variable) {text}",
            IMethodSymbol { MethodKind: MethodKind.ReducedExtension } => $"(extension) {text}",
            IParameterSymbol => $"(parameter) {text}",
            IFieldSymbol { ContainingType.IsScriptClass: true } or IPropertySymbol { ContainingType.IsScriptClass: true } => $"(variable) {text}",
            _ => text,
        };
    }
}
