using ScoreNotebooks.Notebooks.Format;

namespace ScoreNotebooks.Coursework.Grading;

/// <summary>
/// A fresh temporary folder laid out like the repository, where one graded notebook runs:
/// <c>STAGE/notebooks/SOURCE.ipynb</c>, with <c>STAGE/artifacts</c> (and <c>STAGE/data</c>) symbolic links to the
/// repository's, so a setup cell's <c>#r "../artifacts/…"</c> resolves wherever the submission came from.
/// </summary>
/// <remarks>Disposing removes the folder; the links are removed first, so nothing they lead to is touched.</remarks>
internal sealed class Stage : IDisposable
{
    private static readonly string[] Linked = ["artifacts", "data"];
    private readonly string root;

    private Stage(string root, string notebookFolder)
    {
        this.root = root;
        NotebookFolder = notebookFolder;
    }

    /// <summary>The stage folder itself.</summary>
    public string Root => root;

    /// <summary>The folder the notebook is in, its cells' working directory.</summary>
    public string NotebookFolder { get; }

    /// <summary>Creates the stage and writes <paramref name="notebook"/> into it as <paramref name="fileName"/>.</summary>
    /// <exception cref="IOException">The folder or a link cannot be made.</exception>
    public static Stage Create(string repositoryRoot, string fileName, NotebookDocument notebook)
    {
        string root = Path.Combine(Path.GetTempPath(), "sn-grade-" + Guid.NewGuid().ToString("N"));
        string notebooks = Path.Combine(root, "notebooks");
        Directory.CreateDirectory(notebooks);
        var stage = new Stage(root, notebooks);
        try
        {
            foreach (string name in Linked)
            {
                string target = Path.Combine(repositoryRoot, name);
                if (Directory.Exists(target)) Directory.CreateSymbolicLink(Path.Combine(root, name), target);
            }
            File.WriteAllText(Path.Combine(notebooks, fileName), notebook.ToJson());
            return stage;
        }
        catch
        {
            stage.Dispose();
            throw;
        }
    }

    /// <summary>The repository whose artifacts a source notebook's setup cell references: the nearest folder holding
    /// ScoreNotebooks.sln above the source, else above this tool, else the source folder's parent.</summary>
    public static string RepositoryOf(string sourcePath)
    {
        string sourceFolder = Path.GetDirectoryName(Path.GetFullPath(sourcePath))!;
        return Above(sourceFolder) ?? Above(AppContext.BaseDirectory) ?? Path.GetDirectoryName(sourceFolder) ?? sourceFolder;
    }

    private static string? Above(string folder)
    {
        for (var dir = new DirectoryInfo(folder); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ScoreNotebooks.sln"))) return dir.FullName;
        return null;
    }

    public void Dispose()
    {
        try
        {
            foreach (string name in Linked)
            {
                string link = Path.Combine(root, name);
                if (new DirectoryInfo(link).LinkTarget is not null) Directory.Delete(link);
            }
            Directory.Delete(root, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A file a cell left open or unreadable stays in the temporary folder; the OS cleans it.
        }
    }
}
