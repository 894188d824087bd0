using System.Text.Json.Nodes;
using CsCheck;
using ScoreNotebooks.Notebooks.Format;

namespace ScoreNotebooks.Notebooks.Tests.Format;

/// <summary>
/// Whatever bytes a .ipynb file holds, the reader either loads it, and then writes it back with the
/// same content, or throws a <see cref="NotebookFormatException"/> that names the file; never anything else.
/// </summary>
/// <remarks>
/// One seeded sample of 1,500 cases, so every run checks the same files; a failure is shrunk by
/// CsCheck to a smallest failing set of cases, printed with each case's origin and edits.
/// </remarks>
public class NotebookReaderFuzzTests
{
    private const string Seed = "0000ReadFuzz";

    [Fact]
    public void AnyFile_LoadsAndRoundTrips_OrThrowsNotebookFormatExceptionNamingIt()
    {
        var chapters = NotebookFuzz.Chapters();
        Assert.NotEmpty(chapters);
        NotebookFuzz.Cases(chapters, trivialCode: false).Array[1500].Sample(cases =>
        {
            using var folder = new TempFolder();
            int accepted = 0, rejected = 0;
            foreach (var (c, i) in cases.Select((c, i) => (c, i)))
            {
                try
                {
                    if (LoadsAndRoundTrips(c, folder.Path)) accepted++; else rejected++;
                }
                catch (Exception error)
                {
                    throw new InvalidOperationException($"case {i} ({c}): {error.GetType().Name}: {error.Message}", error);
                }
            }
            // Both outcomes must be common, or the sample tests less than it claims.
            Assert.True(accepted > cases.Length / 5 && rejected > cases.Length / 5, $"{accepted} accepted, {rejected} rejected");
        }, iter: 1, threads: 1, seed: Seed, print: cases => $"{cases.Length} cases; the failing case is named in the exception");
    }

    [Fact]
    public void TheChapters_LoadAndSaveByteForByte()
    {
        using var folder = new TempFolder();
        foreach (var (name, bytes) in NotebookFuzz.Chapters())
        {
            string copy = Path.Combine(folder.Path, name);
            File.WriteAllBytes(copy, bytes);
            NotebookDocument.Load(copy).Save(copy);
            Assert.True(bytes.AsSpan().SequenceEqual(File.ReadAllBytes(copy)), $"{name} changed when saved");
        }
    }

    /// <summary>True when the case loads (and round-trips), false when it is refused as it should be.</summary>
    private static bool LoadsAndRoundTrips(FuzzCase c, string folder)
    {
        string path = Path.Combine(folder, "case.ipynb");
        File.WriteAllBytes(path, c.Bytes);
        NotebookDocument notebook;
        try
        {
            notebook = NotebookDocument.Load(path);
        }
        catch (NotebookFormatException error)
        {
            Assert.Equal(path, error.Path);
            Assert.StartsWith($"{path}: ", error.Message);
            Assert.False(string.IsNullOrWhiteSpace(error.Problem));
            return false;
        }
        // Accepted: the tree is what an independent parser reads from the same bytes ...
        byte[] text = c.Bytes.AsSpan().StartsWith("\uFEFF"u8) ? c.Bytes[3..] : c.Bytes;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(text, documentOptions: HostileNotebook.Deep), notebook.Root), "the tree differs from the file");
        // ... and saving and loading again gives the same tree, cells and bytes.
        string saved = Path.Combine(folder, "saved.ipynb");
        notebook.Save(saved);
        var again = NotebookDocument.Load(saved);
        Assert.True(JsonNode.DeepEquals(notebook.Root, again.Root), "the saved notebook reads back differently");
        Assert.Equal(notebook.Cells.Select(Summary), again.Cells.Select(Summary));
        Assert.Equal(File.ReadAllText(saved), again.ToJson());
        Assert.Equal(["case.ipynb", "saved.ipynb"], Directory.GetFiles(folder).Select(Path.GetFileName).Order());
        return true;
    }

    private static string Summary(NotebookCell cell) =>
        $"{cell.Number} {cell.CellType} {cell.Id} {cell.KernelLanguage} {cell.ExecutionCount} {cell.Outputs.Count} {cell.Source}";
}
