using System.Text;
using System.Text.RegularExpressions;

namespace ScoreNotebooks.Notebooks.Execution;

/// <summary>
/// The .NET Interactive directives of one code cell, read as Polyglot Notebooks reads them:
/// a kernel selector on the first line (<c>#!csharp</c>, <c>#!markdown</c>, <c>#!fsharp</c>, ...),
/// <c>#r "nuget: Name, Version"</c>, <c>#r "nuget: Name"</c> and <c>#r "path/to/file.dll"</c>.
/// </summary>
/// <remarks>
/// Directive lines are blanked in <see cref="Code"/> rather than removed, so the line numbers
/// the compiler reports are the cell's own line numbers.
/// </remarks>
public sealed partial class CellDirectives
{
    // Kernel names and aliases of .NET Interactive; any other "#!name" is a magic command.
    private static readonly Dictionary<string, string> Kernels = new(StringComparer.OrdinalIgnoreCase)
    {
        ["csharp"] = "csharp", ["c#"] = "csharp", ["cs"] = "csharp",
        ["markdown"] = "markdown", ["md"] = "markdown",
        ["fsharp"] = "fsharp", ["f#"] = "fsharp", ["fs"] = "fsharp",
        ["pwsh"] = "pwsh", ["powershell"] = "pwsh",
        ["javascript"] = "javascript", ["js"] = "javascript",
        ["html"] = "html", ["mermaid"] = "mermaid", ["sql"] = "sql", ["kql"] = "kql",
        ["http"] = "http", ["value"] = "value", ["python"] = "python", ["r"] = "r",
    };

    private CellDirectives(string language, string code, IReadOnlyList<CellReference> references, string? problem)
    {
        Language = language;
        Code = code;
        References = references;
        Problem = problem;
    }

    /// <summary>
    /// The cell's language: "csharp", "markdown", or the name of a language this engine does not
    /// run ("fsharp", "pwsh", ...). A later <c>#!lang</c> line in another language sets it too.
    /// </summary>
    public string Language { get; }

    /// <summary>The C# code with every directive line blanked out (same number of lines).</summary>
    public string Code { get; }

    /// <summary>The <c>#r</c> references, in order.</summary>
    public IReadOnlyList<CellReference> References { get; }

    /// <summary>A directive the engine cannot honour (a magic command, <c>#i</c>, a malformed
    /// <c>#r</c>), described with its line, or null.</summary>
    public string? Problem { get; }

    /// <summary>True when the cell is C# and can run.</summary>
    public bool IsCSharp => Language == "csharp";

    /// <summary>True when the cell is prose in a code cell (<c>#!markdown</c>): kept, not run.</summary>
    public bool IsMarkdown => Language == "markdown";

    /// <summary>Reads the directives of a code cell.</summary>
    /// <param name="source">The cell's source.</param>
    /// <param name="defaultLanguage">The language when the first line names none (from cell or
    /// notebook metadata, e.g. "csharp", "C#", "fsharp"); null means C#.</param>
    /// <returns>The parsed directives.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> is null.</exception>
    public static CellDirectives Parse(string source, string? defaultLanguage = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        string[] lines = source.Split('\n');
        string language = defaultLanguage is null ? "csharp" : KernelName(defaultLanguage) ?? defaultLanguage.Trim().ToLowerInvariant();
        var references = new List<CellReference>();
        string? problem = null;
        var code = new StringBuilder();
        for (int i = 0; i < lines.Length; i++)
        {
            string trimmed = lines[i].Trim();
            bool directive = true;
            if (trimmed.StartsWith("#!", StringComparison.Ordinal))
            {
                string name = trimmed[2..].Trim();
                string? kernel = KernelName(name);
                if (kernel is null)
                    problem ??= $"line {i + 1}: the magic command '#!{name}' is not supported (this engine runs plain C#)";
                else if (i == 0)
                    language = kernel;
                else if (kernel == "markdown")
                    problem ??= $"line {i + 1}: '#!{name}' part-way through a cell is not supported (put the prose in a cell of its own)";
                else if (kernel != "csharp" && language == "csharp")
                    language = kernel; // a later part of the cell in another language
            }
            else if (ReferencePattern().Match(trimmed) is { Success: true } m)
            {
                if (CellReference.TryParse(m.Groups[1].Value, i + 1, out CellReference? reference, out string? error))
                    references.Add(reference);
                else
                    problem ??= error;
            }
            else if (trimmed.StartsWith("#i ", StringComparison.Ordinal))
                problem ??= $"line {i + 1}: package sources (#i) are not supported: list them in a NuGet.config in the notebook's folder, which '#r \"nuget: ...\"' uses";
            else
                directive = false;
            if (i > 0) code.Append('\n');
            // A blanked line keeps its '\r' so CRLF sources keep their line structure.
            code.Append(directive ? (lines[i].EndsWith('\r') ? "\r" : "") : lines[i]);
        }
        return new CellDirectives(language, code.ToString(), references, problem);
    }

    /// <summary>
    /// The source with every directive line (<c>#!…</c>, <c>#r "…"</c>, <c>#i …</c>) turned into spaces,
    /// so that it parses as C# while every other character keeps its position (for completion and inspection).
    /// </summary>
    /// <param name="source">A cell's source.</param>
    /// <returns>Text of the same length.</returns>
    internal static string MaskDirectives(string source)
    {
        var masked = new StringBuilder(source.Length);
        string[] lines = source.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i];
            if (i > 0) masked.Append('\n');
            string trimmed = line.Trim();
            bool directive = trimmed.StartsWith("#!", StringComparison.Ordinal) || ReferencePattern().IsMatch(trimmed)
                || trimmed.StartsWith("#i ", StringComparison.Ordinal);
            masked.Append(directive ? new string(' ', line.TrimEnd('\r').Length) + (line.EndsWith('\r') ? "\r" : "") : line);
        }
        return masked.ToString();
    }

    private static string? KernelName(string name) => Kernels.GetValueOrDefault(name.Trim());

    [GeneratedRegex("^#r\\s+\"(.*)\"\\s*;?$")]
    private static partial Regex ReferencePattern();
}
