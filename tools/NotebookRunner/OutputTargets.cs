using System.Security.Cryptography;
using ScoreNotebooks.Notebooks.Files;
using ScoreNotebooks.Notebooks.Format;

namespace ScoreNotebooks.NotebookRunner;

/// <summary>One notebook of a run: where it came from, what it held when read, and where its results go.</summary>
/// <param name="Source">The notebook's path as found.</param>
/// <param name="Notebook">The parsed notebook; its outputs are replaced by the run.</param>
/// <param name="SourceHash">SHA-256 of the file's bytes when it was read.</param>
/// <param name="CopyPath">Where the executed notebook is written: the copy, or for --in-place the file a link leads to.</param>
/// <param name="FigureFolder">Where its figure files go.</param>
internal sealed record NotebookTarget(string Source, NotebookDocument Notebook, byte[] SourceHash, string CopyPath, string FigureFolder)
{
    public string Name => Path.GetFileName(Source);

    /// <summary>Reads a notebook and notes its bytes, so a change on disk during the run can be seen.</summary>
    /// <exception cref="NotebookFormatException">The file is not a valid notebook.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static (NotebookDocument Notebook, byte[] Hash) Read(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        return (NotebookDocument.Load(path), SHA256.HashData(bytes));
    }

    /// <summary>True when the source file no longer holds the bytes it held when read.</summary>
    public bool ChangedOnDisk()
    {
        try
        {
            return !SHA256.HashData(File.ReadAllBytes(Source)).AsSpan().SequenceEqual(SourceHash);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return true;
        }
    }
}

/// <summary>
/// Decides where each notebook's results go and checks, before anything runs, that they can be written
/// there without replacing a notebook being run.
/// </summary>
internal static class OutputTargets
{
    /// <summary>The targets of every notebook, or what stops the run (nothing has been written but the checked folders).</summary>
    public static (IReadOnlyList<NotebookTarget>? Targets, string? Problem) Plan(
        IReadOnlyList<(string Path, NotebookDocument Notebook, byte[] Hash)> notebooks,
        bool inPlace, string outDirectory, string figuresDirectory)
    {
        var targets = new List<NotebookTarget>();
        foreach (var (path, notebook, hash) in notebooks)
        {
            string copy = inPlace ? RealPath.Of(path) : Path.Combine(outDirectory, Path.GetFileName(path));
            string figures = Path.Combine(figuresDirectory, Path.GetFileNameWithoutExtension(path));
            targets.Add(new NotebookTarget(path, notebook, hash, copy, figures));
        }
        if (!inPlace)
        {
            foreach (var target in targets)
            {
                if (notebooks.FirstOrDefault(n => RealPath.Same(n.Path, target.CopyPath)) is { Path: { } source })
                    return (null, $"--out {outDirectory}: the executed copy of {target.Name} would overwrite the source notebook " +
                                  $"{source}; choose another folder, or pass --in-place to write the outputs into the sources");
                if (Directory.Exists(target.CopyPath))
                    return (null, $"--out {outDirectory}: {target.CopyPath} is a folder, so the executed copy cannot be written there");
            }
            if (Writable("--out", outDirectory) is { } problem) return (null, problem);
        }
        else
        {
            foreach (string folder in targets.Select(t => Path.GetDirectoryName(t.CopyPath)!).Distinct())
                if (Writable("--in-place", folder) is { } problem) return (null, problem);
        }
        if (Writable("--figures", figuresDirectory) is { } figureProblem) return (null, figureProblem);
        foreach (var target in targets.Where(t => File.Exists(t.FigureFolder)))
            return (null, $"--figures {figuresDirectory}: {target.FigureFolder} is a file, so {target.Name}'s figures cannot go there");
        return (targets, null);
    }

    /// <summary>Null when <paramref name="folder"/> exists or can be created, and a file can be written in it; else why not.</summary>
    private static string? Writable(string option, string folder)
    {
        if (File.Exists(folder))
            return $"{option} {folder}: this is a file, not a folder";
        string? probe = null;
        try
        {
            Directory.CreateDirectory(folder);
            probe = AtomicFile.CreateTemporaryPath(Path.Combine(folder, "write-check"));
            File.WriteAllText(probe, "");
            return null;
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return $"{option} {folder}: cannot write there ({error.Message})";
        }
        finally
        {
            if (probe is not null) AtomicFile.Release(probe);
        }
    }
}
