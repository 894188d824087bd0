using System.Text;
using System.Text.RegularExpressions;

namespace ScoreNotebooks.Notebooks.Execution;

/// <summary>
/// The .NET Interactive directives of one cell, read the way Polyglot Notebooks reads them:
/// a first-line kernel selector (<c>#!csharp</c>, <c>#!c#</c>, <c>#!markdown</c>, <c>#!fsharp</c>, ...)
/// and <c>#r</c> references (<c>#r "nuget: Name, Version"</c>, <c>#r "nuget: Name"</c>, <c>#r "file.dll"</c>).
/// </summary>
/// <remarks>
/// Directive lines are replaced by blank lines in <see cref="Code"/>, so line numbers the
/// compiler reports are the cell's own line numbers.
/// </remarks>
public sealed partial class CellDirectives
{
    private CellDirectives(string language, string code, IReadOnlyList<CellReference> references, string? problem)
    {
        Language = language;
        Code = code;
        References = references;
        Problem = problem;
    }

    /// <summary>The cell's language: "csharp", "markdown", or the name of an unsupported one.</summary>
    public string Language { get; }

    /// <summary>The C# code with every directive line blanked out.</summary>
    public string Code { get; }

    /// <summary>The <c>#r</c> references, in order.</summary>
    public IReadOnlyList<CellReference> References { get; }

    /// <summary>A directive the engine cannot honour (e.g. <c>#!time</c>), or null.</summary>
    public string? Problem { get; }

    /// <summary>True when the cell is C# and runs.</summary>
    public bool IsCSharp => Language == "csharp";

    /// <summary>True when the cell is prose in a code cell (<c>#!markdown</c>): kept, not run.</summary>
    public bool IsMarkdown => Language == "markdown";

    /// <summary>Reads the directives of a code cell.</summary>
    /// <param name="source">The cell's source.</param>
    /// <param name="defaultLanguage">The language when the first line does not choose one
    /// (from cell or notebook metadata); null means C#.</param>
    /// <returns>The parsed directives.</returns>
    public static CellDirectives Parse(string source, string? defaultLanguage = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        string[] lines = source.Split('\n');
        string language = NormaliseLanguage(defaultLanguage ?? "csharp");
        var references = new List<CellReference>();
        string? problem = null;
        var code = new StringBuilder();
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i];
            string trimmed = line.Trim();
            bool directive = true;
            if (trimmed.StartsWith("#!", StringComparison.Ordinal))
            {
                string name = trimmed[2..].Trim();
                if (i == 0) language = NormaliseLanguage(name);
                else problem ??= $"line {i + 1}: unsupported directive '#!{name}' (only a first-line #!csharp, #!c# or #!markdown is understood)";
            }
            else if (ReferencePattern().Match(trimmed) is { Success: true } m)
                references.Add(CellReference.Parse(m.Groups[1].Value, i + 1));
            else if (trimmed.StartsWith("#i ", StringComparison.Ordinal))
                problem ??= $"line {i + 1}: '#i' package sources are not supported: packages are carried by the engine, not restored";
            else
                directive = false;
            if (i > 0) code.Append('\n');
            // Keep a '\r' so CRLF sources keep their line structure.
            code.Append(directive ? (line.EndsWith('\r') ? "\r" : "") : line);
        }
        return new CellDirectives(language, code.ToString(), references, problem);
    }

    private static string NormaliseLanguage(string name) => name.Trim().ToLowerInvariant() switch
    {
        "csharp" or "c#" or "cs" or ".net (c#)" => "csharp",
        "markdown" or "md" => "markdown",
        var other => other,
    };

    [GeneratedRegex("^#r\\s+\"(.*)\"\\s*;?$")]
    private static partial Regex ReferencePattern();
}
