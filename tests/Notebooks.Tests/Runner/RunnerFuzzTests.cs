using CsCheck;
using ScoreNotebooks.Notebooks.Format;
using ScoreNotebooks.Notebooks.Tests.Format;

namespace ScoreNotebooks.Notebooks.Tests.Runner;

/// <summary>
/// Whatever a notebook file holds, the runner exits 0, 1 or 2; for 2 it names the file; it never
/// changes the source file and leaves no partial or temporary file behind.
/// </summary>
/// <remarks>
/// The cases are the reader's fuzz cases with every code cell made trivial, so a run takes
/// milliseconds: one seeded sample, so every test run checks the same files.
/// </remarks>
public class RunnerFuzzTests
{
    private const string Seed = "0000RunFuzz1";

    [Fact]
    public void AnyNotebookFile_ExitsZeroOneOrTwo_NamesItOnTwo_AndLeavesTheSourceAndNoTemporaryFiles()
    {
        var chapters = NotebookFuzz.Chapters();
        NotebookFuzz.Cases(chapters, trivialCode: true).Array[100].Sample(cases =>
        {
            var codes = new List<int>();
            foreach (var (c, i) in cases.Select((c, i) => (c, i)))
            {
                try
                {
                    codes.Add(RunOne(c).GetAwaiter().GetResult());
                }
                catch (Exception error)
                {
                    throw new InvalidOperationException($"case {i} ({c}): {error.GetType().Name}: {error.Message}", error);
                }
            }
            // Every outcome must be common, or the sample tests less than it claims.
            Assert.True(new[] { 0, 1, 2 }.All(code => codes.Count(c => c == code) >= 5), $"exit codes: {string.Join(" ", codes)}");
        }, iter: 1, threads: 1, seed: Seed, print: cases => $"{cases.Length} cases; the failing case is named in the exception");
    }

    private static async Task<int> RunOne(FuzzCase c)
    {
        using var folder = new TempFolder();
        string sourceFolder = Directory.CreateDirectory(Path.Combine(folder.Path, "src")).FullName;
        string source = Path.Combine(sourceFolder, "case.ipynb");
        File.WriteAllBytes(source, c.Bytes);
        string outFolder = Path.Combine(folder.Path, "out");
        var output = new StringWriter();
        var errors = new StringWriter();
        int code = await new ScoreNotebooks.NotebookRunner.Runner(output, errors, () => null).RunAsync(
            [source, "--no-build", "--out", outFolder, "--figures", Path.Combine(folder.Path, "figures")], folder.Path);
        Assert.True(code is 0 or 1 or 2, $"exit code {code}\n{errors}");
        Assert.Equal(c.Bytes, File.ReadAllBytes(source));
        Assert.Equal([source], Directory.GetFiles(sourceFolder));
        if (code == 2)
        {
            Assert.Contains($"error: malformed notebook {source}: ", errors.ToString());
            Assert.False(Directory.Exists(outFolder), "a refused notebook must not be run or written");
        }
        else
        {
            // The executed copy is complete: the only file, and one the reader accepts.
            string copy = Path.Combine(outFolder, "case.ipynb");
            Assert.Equal([copy], Directory.GetFiles(outFolder));
            Assert.Equal(NotebookDocument.Load(source).Cells.Count, NotebookDocument.Load(copy).Cells.Count);
        }
        Assert.Empty(Directory.GetFiles(folder.Path, "*.tmp", SearchOption.AllDirectories));
        return code;
    }
}
