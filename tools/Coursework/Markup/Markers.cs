using System.Text.RegularExpressions;

namespace ScoreNotebooks.Coursework.Markup;

/// <summary>
/// The marker lines that delimit regions, and the regions they make in a cell's lines.
/// </summary>
/// <remarks>
/// A marker is a whole line, compared after trimming white space. Code cells use C# comments:
/// <c>// BEGIN SOLUTION</c> … <c>// END SOLUTION</c> and <c>// BEGIN HIDDEN TESTS</c> … <c>// END HIDDEN TESTS</c>.
/// Markdown cells use nbgrader's plain lines <c>BEGIN SOLUTION</c> … <c>END SOLUTION</c>. A line that
/// is not a marker but looks like one (another case, spacing, spelling or comment form: anything that
/// starts, after comment and heading characters, with BEGIN or END and then SOL… or HID…, or a C#
/// comment starting with BEGIN or END) is an error, so a typo can never release a model answer.
/// </remarks>
internal static partial class Markers
{
    public const string BeginSolution = "// BEGIN SOLUTION";
    public const string EndSolution = "// END SOLUTION";
    public const string BeginHiddenTests = "// BEGIN HIDDEN TESTS";
    public const string EndHiddenTests = "// END HIDDEN TESTS";
    public const string MarkdownBeginSolution = "BEGIN SOLUTION";
    public const string MarkdownEndSolution = "END SOLUTION";

    /// <summary>What one line of a cell is.</summary>
    public enum Line { Text, BeginSolution, EndSolution, BeginHiddenTests, EndHiddenTests, LooksLikeMarker }

    /// <summary>Classifies <paramref name="line"/> of a code (or markdown) cell.</summary>
    public static Line Classify(string line, bool code)
    {
        string trimmed = line.Trim();
        if (code)
        {
            switch (trimmed)
            {
                case BeginSolution: return Line.BeginSolution;
                case EndSolution: return Line.EndSolution;
                case BeginHiddenTests: return Line.BeginHiddenTests;
                case EndHiddenTests: return Line.EndHiddenTests;
            }
            if (CommentMarker().IsMatch(trimmed)) return Line.LooksLikeMarker;
        }
        else
        {
            switch (trimmed)
            {
                case MarkdownBeginSolution: return Line.BeginSolution;
                case MarkdownEndSolution: return Line.EndSolution;
            }
        }
        return AnyMarker().IsMatch(trimmed) ? Line.LooksLikeMarker : Line.Text;
    }

    /// <summary>The markers a cell of this type uses, for messages.</summary>
    public static string Describe(bool code, RegionKind kind) => (code, kind) switch
    {
        (true, RegionKind.Solution) => $"'{BeginSolution}' and '{EndSolution}'",
        (true, RegionKind.HiddenTests) => $"'{BeginHiddenTests}' and '{EndHiddenTests}'",
        _ => $"'{MarkdownBeginSolution}' and '{MarkdownEndSolution}' lines",
    };

    /// <summary>
    /// Finds the regions in <paramref name="lines"/>, reporting unbalanced, nested, empty, misspelt and
    /// misplaced markers through <paramref name="problem"/>; only well-formed regions of an allowed kind are returned.
    /// </summary>
    /// <param name="lines">The cell's lines, without terminators.</param>
    /// <param name="code">Whether the cell is a code cell.</param>
    /// <param name="allowed">The region kinds this cell may hold; markers of another kind are reported.</param>
    /// <param name="cellDescription">How to name the cell's role in messages ("a check cell").</param>
    /// <param name="problem">Receives each problem as a sentence.</param>
    public static List<SourceRegion> FindRegions(IReadOnlyList<string> lines, bool code,
        IReadOnlySet<RegionKind> allowed, string cellDescription, Action<string> problem)
    {
        var regions = new List<SourceRegion>();
        (RegionKind Kind, int Line)? open = null;
        for (int i = 0; i < lines.Count; i++)
        {
            Line line = Classify(lines[i], code);
            if (line == Line.Text) continue;
            if (line == Line.LooksLikeMarker)
            {
                string forms = code
                    ? $"{Describe(true, RegionKind.Solution)}, or {Describe(true, RegionKind.HiddenTests)}"
                    : Describe(false, RegionKind.Solution);
                problem($"line {i + 1} '{lines[i].Trim()}' looks like a marker but is not one; a {(code ? "code" : "markdown")} cell's markers are {forms}");
                continue;
            }
            RegionKind kind = line is Line.BeginSolution or Line.EndSolution ? RegionKind.Solution : RegionKind.HiddenTests;
            bool begin = line is Line.BeginSolution or Line.BeginHiddenTests;
            if (!allowed.Contains(kind))
            {
                problem($"line {i + 1} '{lines[i].Trim()}': {cellDescription} cannot hold {(kind == RegionKind.Solution ? "a solution" : "hidden tests")}"
                    + (kind == RegionKind.Solution ? " (solutions go in answer cells)" : " (hidden tests go in check cells)"));
                continue;
            }
            if (begin)
            {
                if (open is { } outer)
                    problem($"line {i + 1} '{lines[i].Trim()}' opens a region inside the one opened at line {outer.Line + 1}; regions cannot nest");
                else
                    open = (kind, i);
                continue;
            }
            if (open is not { } current)
            {
                problem($"line {i + 1} '{lines[i].Trim()}' closes a region that was never opened");
                continue;
            }
            if (current.Kind != kind)
            {
                problem($"line {i + 1} '{lines[i].Trim()}' does not match the region opened at line {current.Line + 1}");
                continue;
            }
            open = null;
            var region = new SourceRegion(kind, current.Line, i, Indentation(lines[current.Line]));
            if (lines.Skip(current.Line + 1).Take(i - current.Line - 1).All(string.IsNullOrWhiteSpace))
                problem($"the {(kind == RegionKind.Solution ? "solution" : "hidden-test")} region at {region.Lines} is empty");
            else
                regions.Add(region);
        }
        if (open is { } unclosed)
            problem($"line {unclosed.Line + 1} '{lines[unclosed.Line].Trim()}' opens a region that is never closed");
        return regions;
    }

    private static string Indentation(string line) => line[..(line.Length - line.TrimStart().Length)];

    // "// begin solution", "//BEGIN SOLUTIONS", "// END HIDDEN TEST", "// BEGIN SOLUTON", …
    [GeneratedRegex(@"^//\s*(BEGIN|END)\b", RegexOptions.IgnoreCase)]
    private static partial Regex CommentMarker();

    // "### BEGIN SOLUTION", "**END SOLUTION**", "Begin Hidden Tests", "// BEGIN SOLUTION" in markdown, …
    [GeneratedRegex(@"^[/#*=_`>\s-]*(BEGIN|END)\s*(SOL|HID)", RegexOptions.IgnoreCase)]
    private static partial Regex AnyMarker();
}
