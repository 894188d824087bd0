using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace ScoreNotebooks.Tests.Datasets;

/// <summary>The repository's <c>data/</c> folder, found above the test assembly.</summary>
internal static class DataFiles
{
    public static string Folder
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (System.IO.File.Exists(Path.Combine(dir.FullName, "ScoreNotebooks.sln")))
                    return Path.Combine(dir.FullName, "data");
            }
            throw new InvalidOperationException("ScoreNotebooks.sln not found above " + AppContext.BaseDirectory);
        }
    }

    public static string File(string name) => Path.Combine(Folder, name);
}

/// <summary>Every file in data/ is listed in data/README.md with its provenance and its true SHA-256.</summary>
public partial class DataFolderTests
{
    [Fact]
    public void EveryDataFile_IsListedInTheReadme_WithItsSha256()
    {
        string readme = System.IO.File.ReadAllText(DataFiles.File("README.md"));
        var rows = TableRow().Matches(readme).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
        var files = Directory.EnumerateFiles(DataFiles.Folder).Select(Path.GetFileName).Where(n => n != "README.md").Order().ToList();

        Assert.NotEmpty(files);
        Assert.Equal(files, rows.Keys.Order());
        foreach (string? file in files)
        {
            string actual = Convert.ToHexStringLower(SHA256.HashData(System.IO.File.ReadAllBytes(DataFiles.File(file!))));
            Assert.True(actual == rows[file!], $"data/{file} has SHA-256 {actual}; data/README.md lists {rows[file!]}");
        }
    }

    // A table row: | `file` | … | `sha256` |
    [GeneratedRegex(@"^\| `([^`]+)` \|.*\| `([0-9a-f]{64})` \|\s*$", RegexOptions.Multiline)]
    private static partial Regex TableRow();
}
