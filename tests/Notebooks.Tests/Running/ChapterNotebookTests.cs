using ScoreNotebooks.Notebooks.Format;

namespace ScoreNotebooks.Notebooks.Tests.Running;

/// <summary>
/// The chapters of the series. Each runs in every host (the runner, the series' kernel, .NET Interactive) in the
/// kernel's tests (tests/Kernel.Tests/Hosts), which compare their checks and figures.
/// </summary>
public class ChapterNotebookTests
{
    public static TheoryData<string> Chapters()
    {
        var data = new TheoryData<string>();
        foreach (string path in Directory.EnumerateFiles(Path.Combine(ReleaseLibraries.FindRoot(), "notebooks"), "*.ipynb").Order(StringComparer.Ordinal))
            data.Add(Path.GetFileName(path));
        return data;
    }

    [Fact]
    public void TheSeriesHasItsStartingNotebook()
    {
        Assert.True(File.Exists(Path.Combine(ReleaseLibraries.FindRoot(), "notebooks", "00-start-here.ipynb")), "notebooks/00-start-here.ipynb is missing");
    }
}

/// <summary>Chapter sources hold only printable text: a stray control character (a tab or bell
/// left by an unescaped <c>\t</c> or <c>\a</c> in LaTeX) silently breaks the rendered equation.</summary>
public class ChapterSourceTests
{
    [Theory]
    [MemberData(nameof(ChapterNotebookTests.Chapters), MemberType = typeof(ChapterNotebookTests))]
    public void Chapter_CellsHoldNoControlCharacters(string name)
    {
        var notebook = NotebookDocument.Load(Path.Combine(ReleaseLibraries.FindRoot(), "notebooks", name));
        var found = notebook.Cells
            .SelectMany(cell => cell.Source.Select((ch, i) => (cell, ch, i)))
            .Where(x => char.IsControl(x.ch) && x.ch != '\n')
            .Select(x => $"{x.cell.Label}: U+{(int)x.ch:X4} in \"…{Around(x.cell.Source, x.i)}…\"")
            .ToList();
        Assert.True(found.Count == 0, $"{name} has control characters:\n{string.Join("\n", found)}");
    }

    /// <summary>The longest code line a chapter may hold: wider lines scroll sideways in a notebook's
    /// code cell, and the style guide asks for lines of at most 100 characters.</summary>
    public const int MaxCodeLineLength = 100;

    [Theory]
    [MemberData(nameof(ChapterNotebookTests.Chapters), MemberType = typeof(ChapterNotebookTests))]
    public void Chapter_CodeLinesAreAtMost100Characters(string name)
    {
        var notebook = NotebookDocument.Load(Path.Combine(ReleaseLibraries.FindRoot(), "notebooks", name));
        var found = notebook.Cells
            .Where(cell => cell.IsCode)
            .SelectMany(cell => cell.Source.Split('\n').Select((line, i) => (cell, line, number: i + 1)))
            .Where(x => LengthOf(x.line) > MaxCodeLineLength)
            .Select(x => $"{x.cell.Label}, line {x.number}: {LengthOf(x.line)} characters: {x.line}")
            .ToList();
        Assert.True(found.Count == 0,
            $"{name} has {found.Count} code lines over {MaxCodeLineLength} characters:\n{string.Join("\n", found)}");
    }

    // Characters as a reader counts them: a letter outside the BMP (a surrogate pair) is one.
    private static int LengthOf(string line) => line.EnumerateRunes().Count();

    private static string Around(string text, int index)
    {
        int start = Math.Max(0, index - 20);
        return text.Substring(start, Math.Min(text.Length, index + 20) - start).Replace("\n", "⏎");
    }
}
