using ScoreNotebooks.Kernel.Install;

namespace ScoreNotebooks.Kernel.Tests.Install;

public class NotebookLibrariesTests
{
    private static string Notebook(params string[] cells) =>
        "{\"cells\": [" + string.Join(",", cells.Select(c =>
            $"{{\"cell_type\": \"code\", \"execution_count\": null, \"metadata\": {{}}, \"outputs\": [], \"source\": {System.Text.Json.JsonSerializer.Serialize(c)}}}")) +
        "], \"metadata\": {}, \"nbformat\": 4, \"nbformat_minor\": 5}";

    [Fact]
    public void Projects_AreThoseWhoseReleaseOutputTheNotebooksReference()
    {
        using var repo = new TempFolder();
        foreach (string project in new[] { "lib/Alpha/Alpha.csproj", "lib/Beta/Beta.csproj", "tools/Gamma/Gamma.csproj", "lib/Unused/Unused.csproj" })
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(repo.Path, project))!);
            File.WriteAllText(Path.Combine(repo.Path, project), "<Project />");
        }
        Directory.CreateDirectory(Path.Combine(repo.Path, "notebooks"));
        File.WriteAllText(Path.Combine(repo.Path, "notebooks", "a.ipynb"), Notebook(
            "#r \"nuget: MathNet.Numerics, 5.0.0\"\n#r \"../artifacts/bin/Beta/release/Beta.dll\"\n#r \"../artifacts/bin/Alpha/release/Alpha.dll\"",
            "#r \"../artifacts/bin/Alpha/debug/Alpha.dll\"\n#r \"local.dll\""));
        File.WriteAllText(Path.Combine(repo.Path, "notebooks", "b.ipynb"), Notebook("#r \"../artifacts/bin/Gamma/release/Gamma.dll\"\n1"));
        File.WriteAllText(Path.Combine(repo.Path, "notebooks", "broken.ipynb"), "{ not a notebook");
        Assert.Equal(
            [Path.Combine(repo.Path, "lib", "Alpha", "Alpha.csproj"), Path.Combine(repo.Path, "lib", "Beta", "Beta.csproj"),
             Path.Combine(repo.Path, "tools", "Gamma", "Gamma.csproj")],
            NotebookLibraries.Projects(repo.Path));
    }

    [Fact]
    public void TheSeriesChapters_ReferenceTheLibraryAndItsPlotting()
    {
        string root = ReleaseLibraries.FindRoot();
        var projects = NotebookLibraries.Projects(root).Select(p => Path.GetRelativePath(root, p).Replace('\\', '/')).ToList();
        Assert.Contains("lib/ScoreNotebooks/ScoreNotebooks.csproj", projects);
        Assert.Contains("lib/ScoreNotebooks.Plotting/ScoreNotebooks.Plotting.csproj", projects);
    }
}
