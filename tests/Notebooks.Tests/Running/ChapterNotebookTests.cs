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

    private static string Around(string text, int index)
    {
        int start = Math.Max(0, index - 20);
        return text.Substring(start, Math.Min(text.Length, index + 20) - start).Replace("\n", "⏎");
    }
}
