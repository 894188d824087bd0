using ScoreNotebooks.Notebooks.Execution;
using ScoreNotebooks.Notebooks.Format;

namespace ScoreNotebooks.Kernel.Install;

/// <summary>
/// The repository's projects that the notebooks load by path: every <c>#r "…/artifacts/bin/NAME/release/….dll"</c>
/// in a code cell of <c>notebooks/*.ipynb</c> names the project NAME, built in Release. Installing the kernel
/// builds them, so a fresh clone can run the chapters in a front end right away.
/// </summary>
internal static class NotebookLibraries
{
    /// <summary>The project files of the libraries the notebooks under <paramref name="root"/> reference, sorted.</summary>
    /// <param name="root">The repository root.</param>
    /// <returns>Paths of .csproj files; notebooks that cannot be read are skipped.</returns>
    public static IReadOnlyList<string> Projects(string root)
    {
        string notebooks = Path.Combine(root, "notebooks");
        string output = Path.Combine(root, "artifacts", "bin") + Path.DirectorySeparatorChar;
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (string path in Directory.Exists(notebooks) ? Directory.EnumerateFiles(notebooks, "*.ipynb") : [])
        {
            NotebookDocument notebook;
            try
            {
                notebook = NotebookDocument.Load(path);
            }
            catch (Exception error) when (error is NotebookFormatException or IOException)
            {
                continue;
            }
            foreach (var reference in notebook.Cells.Where(c => c.IsCode).SelectMany(c => CellDirectives.Parse(c.Source).References))
            {
                if (reference.FilePath is null) continue;
                string full = Path.GetFullPath(Path.Combine(notebooks, reference.FilePath));
                // artifacts/bin/<project>/release/<assembly>.dll
                var parts = full.StartsWith(output, StringComparison.Ordinal) ? full[output.Length..].Split(Path.DirectorySeparatorChar) : [];
                if (parts.Length == 3 && parts[1] == "release") names.Add(parts[0]);
            }
        }
        return names.Select(name => ProjectFile(root, name)).OfType<string>().ToList();
    }

    private static string? ProjectFile(string root, string name) =>
        new[] { "lib", "tools" }.Select(folder => Path.Combine(root, folder, name, name + ".csproj")).FirstOrDefault(File.Exists);
}
