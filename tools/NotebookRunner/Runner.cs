using System.Globalization;
using ScoreNotebooks.Notebooks.Format;
using ScoreNotebooks.Notebooks.Running;

namespace ScoreNotebooks.NotebookRunner;

/// <summary>
/// The runner's work: find the notebooks, build the libraries, run each notebook, write the
/// executed copy and figures, print progress and the closing table, and choose the exit code.
/// </summary>
/// <param name="output">Progress, notices and the closing table.</param>
/// <param name="errors">Error messages.</param>
/// <param name="findChromium">Finds the Chromium that renders PNGs (null: none); by default the first on PATH.</param>
internal sealed class Runner(TextWriter output, TextWriter errors, Func<string?>? findChromium = null)
{
    public const int Success = 0;
    public const int NotebookFailed = 1;
    public const int BadInput = 2;

    /// <summary>Runs the command line <paramref name="args"/> from <paramref name="currentDirectory"/>.</summary>
    public async Task<int> RunAsync(IReadOnlyList<string> args, string currentDirectory)
    {
        var (options, problem) = RunnerOptions.Parse(args);
        if (options is null)
            return Fail($"{problem}\n\n{RunnerOptions.Usage}");
        if (options.Help)
        {
            output.WriteLine(RunnerOptions.Usage);
            return Success;
        }
        string? root = RepositoryRoot.Find(currentDirectory) ?? RepositoryRoot.Find(AppContext.BaseDirectory);
        var (paths, pathProblem) = NotebookPaths(options.Inputs, currentDirectory, root);
        if (paths is null) return Fail(pathProblem!);
        if (!options.InPlace && paths.GroupBy(Path.GetFileName, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } clash)
            return Fail($"two notebooks named {clash.Key} would write the same executed copy: {string.Join(", ", clash)}");
        var notebooks = new List<(string Path, NotebookDocument Notebook)>();
        foreach (string path in paths)
        {
            try { notebooks.Add((path, NotebookDocument.Load(path))); }
            catch (NotebookFormatException error) { return Fail($"malformed notebook {error.Message}"); }
            catch (IOException error) { return Fail($"{path}: cannot read the notebook ({error.Message})"); }
        }
        if (options.Build && root is not null && await LibraryBuild.RunAsync(root, output).ConfigureAwait(false) is { } buildProblem)
            return Fail(buildProblem);
        string baseDirectory = root ?? currentDirectory;
        string outDirectory = Path.GetFullPath(options.OutDirectory ?? Path.Combine(baseDirectory, "artifacts", "notebooks"), currentDirectory);
        string figuresDirectory = Path.GetFullPath(options.FiguresDirectory ?? Path.Combine(baseDirectory, "artifacts", "figures"), currentDirectory);
        var figures = new FigureWriter((findChromium ?? FigureWriter.FindChromium)());
        if (!figures.MakesPng)
            output.WriteLine("PNG export skipped: chromium not found on PATH (the HTML figures are complete; install chromium for PNGs)");
        var rows = new List<ResultRow>();
        for (int i = 0; i < notebooks.Count; i++)
            rows.Add(await RunOneAsync(notebooks[i], i + 1, notebooks.Count, options, outDirectory, figuresDirectory, figures).ConfigureAwait(false));
        ResultRow.WriteTable(rows, output);
        return rows.All(r => r.Succeeded) ? Success : NotebookFailed;
    }

    private async Task<ResultRow> RunOneAsync((string Path, NotebookDocument Notebook) item, int index, int count,
        RunnerOptions options, string outDirectory, string figuresDirectory, FigureWriter figures)
    {
        string name = Path.GetFileName(item.Path);
        output.WriteLine($"[{index}/{count}] {name}");
        var progress = new ImmediateProgress(p => output.WriteLine($"    code cell {p.CodeCellIndex} of {p.CodeCellCount} (cell {p.CellNumber})"));
        var result = await NotebookExecutor.ExecuteAsync(item.Notebook, Path.GetDirectoryName(item.Path)!,
            new NotebookExecutionOptions { CellTimeout = TimeSpan.FromSeconds(options.TimeoutSeconds), Progress = progress })
            .ConfigureAwait(false);
        string target = options.InPlace ? item.Path : Path.Combine(outDirectory, name);
        string status = result.Succeeded ? "ok" : $"FAILED at cell {result.FailedCellNumber}";
        if (!result.Succeeded)
            errors.WriteLine($"{name}: {result.Failure}");
        try
        {
            item.Notebook.Save(target);
            string figureFolder = Path.Combine(figuresDirectory, Path.GetFileNameWithoutExtension(name));
            var files = await figures.WriteAsync(result.Figures, figureFolder).ConfigureAwait(false);
            output.WriteLine($"    wrote {Relative(target)}" + (files.Count > 0 ? $" and {files.Count} figure file{(files.Count == 1 ? "" : "s")} in {Relative(figureFolder)}" : ""));
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            errors.WriteLine($"{name}: cannot write the results ({error.Message})");
            status = "FAILED to write";
        }
        return new ResultRow(name, result.CellsRun, result.CodeCells, result.Elapsed.TotalSeconds, status);
    }

    private static (IReadOnlyList<string>? Paths, string? Problem) NotebookPaths(IReadOnlyList<string> inputs, string currentDirectory, string? root)
    {
        if (inputs.Count == 0)
        {
            if (root is null)
                return (null, $"no notebooks given and no ScoreNotebooks.sln above {currentDirectory} to find notebooks/ from");
            inputs = [Path.Combine(root, "notebooks")];
        }
        var paths = new List<string>();
        foreach (string input in inputs)
        {
            string full = Path.GetFullPath(input, currentDirectory);
            if (Directory.Exists(full))
            {
                var found = Directory.EnumerateFiles(full, "*.ipynb").Order(StringComparer.Ordinal).ToList();
                if (found.Count == 0) return (null, $"{input}: the folder contains no .ipynb notebooks");
                paths.AddRange(found);
            }
            else if (File.Exists(full))
            {
                if (!full.EndsWith(".ipynb", StringComparison.OrdinalIgnoreCase))
                    return (null, $"{input}: not a notebook (expected a .ipynb file)");
                paths.Add(full);
            }
            else
            {
                return (null, $"{input}: no such file or folder");
            }
        }
        return (paths.Distinct().ToList(), null);
    }

    private int Fail(string message)
    {
        errors.WriteLine($"error: {message}");
        return BadInput;
    }

    private static string Relative(string path) => Path.GetRelativePath(Environment.CurrentDirectory, path);

    private sealed class ImmediateProgress(Action<CellProgress> report) : IProgress<CellProgress>
    {
        public void Report(CellProgress value) => report(value);
    }
}

/// <summary>One line of the closing table.</summary>
internal sealed record ResultRow(string Notebook, int CellsRun, int CodeCells, double Seconds, string Status)
{
    public bool Succeeded => Status == "ok";

    public static void WriteTable(IReadOnlyList<ResultRow> rows, TextWriter output)
    {
        int width = Math.Max("notebook".Length, rows.Count == 0 ? 0 : rows.Max(r => r.Notebook.Length));
        output.WriteLine();
        output.WriteLine($"{"notebook".PadRight(width)}  {"cells",7}  {"seconds",8}  status");
        output.WriteLine(new string('-', width + 28));
        foreach (var row in rows)
        {
            string cells = $"{row.CellsRun}/{row.CodeCells}";
            string seconds = row.Seconds.ToString("F1", CultureInfo.InvariantCulture);
            output.WriteLine($"{row.Notebook.PadRight(width)}  {cells,7}  {seconds,8}  {row.Status}");
        }
        int failed = rows.Count(r => !r.Succeeded);
        output.WriteLine(failed == 0 ? $"all {rows.Count} notebooks succeeded" : $"{failed} of {rows.Count} notebooks failed");
    }
}

/// <summary>Finds the repository root: the nearest folder upwards that holds ScoreNotebooks.sln.</summary>
internal static class RepositoryRoot
{
    public static string? Find(string start)
    {
        for (var dir = new DirectoryInfo(Path.GetFullPath(start)); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ScoreNotebooks.sln"))) return dir.FullName;
        }
        return null;
    }
}
