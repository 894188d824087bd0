namespace ScoreNotebooks.Coursework.Markup;

/// <summary>A graded cell's source as the student receives it.</summary>
/// <remarks>
/// A code solution region (markers included) becomes one line at the BEGIN marker's indentation,
/// <c>throw new NotImplementedException("ID: replace this line with your answer");</c>; a markdown
/// solution region becomes <c>YOUR ANSWER HERE</c>; a hidden-test region is deleted, markers and all.
/// Lines outside regions are kept as they are.
/// </remarks>
internal static class ReleasedSource
{
    /// <summary>The text a written answer's model answer is replaced by, as nbgrader writes it.</summary>
    public const string AnswerPlaceholder = "YOUR ANSWER HERE";

    /// <summary>The statement that stands in for the solution of exercise <paramref name="exerciseId"/>.</summary>
    public static string Stub(string exerciseId) =>
        $"throw new NotImplementedException(\"{exerciseId}: replace this line with your answer\");";

    /// <summary>Splits a cell's source into lines without their '\n' (a '\r' before it stays on the line).</summary>
    public static string[] Lines(string source) => source.Split('\n');

    /// <summary>The released source of <paramref name="cell"/> and the zero-based lines where stubs stand.</summary>
    public static (string Source, IReadOnlyList<int> StubLines) Of(GradedCell cell)
    {
        string[] lines = Lines(cell.Cell.Source);
        var released = new List<string>(lines.Length);
        var stubs = new List<int>();
        int next = 0;
        foreach (SourceRegion region in cell.Regions)
        {
            released.AddRange(lines[next..region.BeginLine]);
            next = region.EndLine + 1;
            if (region.Kind == RegionKind.HiddenTests) continue;
            if (cell.Cell.IsCode)
            {
                stubs.Add(released.Count);
                released.Add(region.Indent + Stub(cell.ExerciseId!));
            }
            else
            {
                released.Add(region.Indent + AnswerPlaceholder);
            }
        }
        released.AddRange(lines[next..]);
        return (string.Join('\n', released), stubs);
    }
}
