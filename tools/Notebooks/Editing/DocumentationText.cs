using System.Text;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;
using Microsoft.CodeAnalysis;

namespace ScoreNotebooks.Notebooks.Editing;

/// <summary>Renders a symbol's XML doc comment as plain text: summary, parameters, returns, remarks, exceptions.</summary>
internal static partial class DocumentationText
{
    /// <summary>The doc comment of <paramref name="symbol"/> as text, or "" when it has none.</summary>
    /// <param name="symbol">A symbol of <paramref name="compilation"/>.</param>
    /// <param name="compilation">Tells which file each assembly came from, whose documentation is read.</param>
    public static string Of(ISymbol symbol, Compilation compilation)
    {
        var element = Comment(symbol, compilation);
        if (element is null) return "";
        var text = new StringBuilder();
        void Section(string? heading, XElement? part)
        {
            string body = part is null ? "" : Block(part);
            if (body.Length == 0) return;
            if (text.Length > 0) text.Append("\n\n");
            text.Append(heading is null ? body : $"{heading}: {body}");
        }
        Section(null, element.Element("summary"));
        var parameters = element.Elements("param").Select(p => (Name: (string?)p.Attribute("name"), Text: Block(p)))
            .Where(p => p.Name is not null && p.Text.Length > 0).ToList();
        if (parameters.Count > 0)
        {
            if (text.Length > 0) text.Append("\n\n");
            text.Append("Parameters:").Append(string.Concat(parameters.Select(p => $"\n  {p.Name}: {p.Text}")));
        }
        Section("Returns", element.Element("returns"));
        Section("Value", element.Element("value"));
        Section("Remarks", element.Element("remarks"));
        var exceptions = element.Elements("exception").Select(e => (Type: CrefName((string?)e.Attribute("cref")), Text: Block(e))).ToList();
        if (exceptions.Count > 0)
        {
            if (text.Length > 0) text.Append("\n\n");
            text.Append("Exceptions:").Append(string.Concat(exceptions.Select(e => $"\n  {e.Type}: {e.Text}")));
        }
        return text.ToString();
    }

    /// <summary>The symbol's doc comment element; an override or implementation without one takes its base's.</summary>
    private static XElement? Comment(ISymbol symbol, Compilation compilation)
    {
        for (var current = Definition(symbol); current is not null; current = Inherited(current))
        {
            string xml = Xml(current, compilation) ?? "";
            if (xml.Length == 0) continue;
            XElement element;
            try
            {
                element = XElement.Parse(xml, LoadOptions.PreserveWhitespace);
            }
            catch (XmlException)
            {
                return null;
            }
            if (element.Element("inheritdoc") is null || element.Element("summary") is not null) return element;
        }
        return null;
    }

    /// <summary>The symbol's doc comment XML: from source (a type a cell declared), else from its assembly's documentation file.</summary>
    private static string? Xml(ISymbol symbol, Compilation compilation)
    {
        string? own = symbol.GetDocumentationCommentXml();
        if (!string.IsNullOrEmpty(own)) return own;
        if (symbol.ContainingAssembly is not { } assembly || symbol.GetDocumentationCommentId() is not { } id
            || compilation.GetMetadataReference(assembly) is not PortableExecutableReference { FilePath: { } path })
            return null;
        return AssemblyDocumentation.For(path).Find(id);
    }

    private static ISymbol Definition(ISymbol symbol) => symbol switch
    {
        IMethodSymbol { ReducedFrom: { } extension } => extension.OriginalDefinition,
        _ => symbol.OriginalDefinition,
    };

    private static ISymbol? Inherited(ISymbol symbol)
    {
        ISymbol? overridden = symbol switch
        {
            IMethodSymbol m => m.OverriddenMethod,
            IPropertySymbol p => p.OverriddenProperty,
            IEventSymbol e => e.OverriddenEvent,
            _ => null,
        };
        if (overridden is not null) return overridden.OriginalDefinition;
        var type = symbol.ContainingType;
        return type?.AllInterfaces.SelectMany(i => i.GetMembers(symbol.Name))
            .FirstOrDefault(member => SymbolEqualityComparer.Default.Equals(type.FindImplementationForInterfaceMember(member), symbol))?.OriginalDefinition;
    }

    /// <summary>The text of a doc element: inline tags as their words, paragraphs and list items on lines of their own.</summary>
    private static string Block(XElement element)
    {
        var text = new StringBuilder();
        Append(element, text);
        var lines = text.ToString().Split('\n').Select(l => Spaces().Replace(l, " ").Trim());
        return Blanks().Replace(string.Join("\n", lines), "\n\n").Trim();
    }

    private static void Append(XElement element, StringBuilder text)
    {
        foreach (var node in element.Nodes())
        {
            switch (node)
            {
                case XText t:
                    text.Append(Whitespace().Replace(t.Value, " "));
                    break;
                case XElement { Name.LocalName: "see" or "seealso" } see:
                    text.Append((string?)see.Attribute("langword") ?? (see.IsEmpty ? CrefName((string?)see.Attribute("cref") ?? (string?)see.Attribute("href")) : see.Value));
                    break;
                case XElement { Name.LocalName: "paramref" or "typeparamref" } reference:
                    text.Append((string?)reference.Attribute("name"));
                    break;
                case XElement { Name.LocalName: "para" or "br" } paragraph:
                    text.Append("\n\n");
                    Append(paragraph, text);
                    text.Append("\n\n");
                    break;
                case XElement { Name.LocalName: "code" } code:
                    text.Append('\n').Append(code.Value.Trim('\n', '\r')).Append('\n');
                    break;
                case XElement { Name.LocalName: "item" } item:
                    text.Append("\n- ");
                    Append(item, text);
                    break;
                case XElement { Name.LocalName: "term" } term:
                    Append(term, text);
                    text.Append(" – ");
                    break;
                case XElement inner:
                    Append(inner, text);
                    break;
            }
        }
    }

    /// <summary>"T:System.Collections.Generic.List`1" → "List"; "M:System.Math.Sqrt(System.Double)" → "Math.Sqrt".</summary>
    private static string CrefName(string? cref)
    {
        if (string.IsNullOrEmpty(cref)) return "";
        string name = cref.Length > 2 && cref[1] == ':' ? cref[2..] : cref;
        int paren = name.IndexOf('(');
        if (paren >= 0) name = name[..paren];
        name = Arity().Replace(name, "");
        var parts = name.Split('.');
        return cref.StartsWith("T:", StringComparison.Ordinal) || parts.Length < 2 ? parts[^1] : $"{parts[^2]}.{parts[^1]}";
    }

    [GeneratedRegex("[ \\t\\r]+")]
    private static partial Regex Spaces();

    [GeneratedRegex("\\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex("\\n{3,}")]
    private static partial Regex Blanks();

    [GeneratedRegex("`+\\d+")]
    private static partial Regex Arity();
}
