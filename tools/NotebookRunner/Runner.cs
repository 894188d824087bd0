using System.Globalization;
using ScoreNotebooks.Notebooks.Files;
using ScoreNotebooks.Notebooks.Format;

namespace ScoreNotebooks.NotebookRunner;

/// <summary>
/// The runner's work: find the notebooks, check where their results go, build the libraries, run each
/// notebook in a worker process of its own, write the executed copy and figures, print progress and
/// the closing table, and choose the exit code.
/// </summary>
/// <param name="output">Progress, notices and the closing table.</param>
/// <param name="errors">Error messages.</param>
/// <param name="findChromium">Finds the Chromium that renders PNGs (null: none); by default the first on PATH.</param>
internal sealed class Runner(TextWriter output, TextWriter errors, Func<string?>? findChromium = null)
{
    public const int Success = 0;
    public const int NotebookFailed = 1;
    public const int BadInput = 2;
    public const int Interrupted = 130;

    /// <summary>Runs the command line <paramref name="args"/> from <paramref name="currentDirectory"/>.</summary>
    /// <param name="args">The arguments.</param>
    /// <param name="currentDirectory">The folder relative paths are taken from.</param>
    /// <param name="cancellationToken">Interrupts the run (Ctrl-C): the running notebooks' processes are stopped,
    /// nothing more is written, and the exit code is <see cref="Interrupted"/>.</param>
    public async Task<int> RunAsync(IReadOnlyList<string> args, string currentDirectory, CancellationToken cancellationToken = default)
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
        var notebooks = new List<(string Path, NotebookDocument Notebook, byte[] Hash)>();
        foreach (string path in paths)
        {
            try
            {
                var (notebook, hash) = NotebookTarget.Read(path);
                notebooks.Add((path, notebook, hash));
            }
            catch (NotebookFormatException error) { return Fail($"malformed notebook {error.Message}"); }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException)
            {
                return Fail($"{path}: cannot read the notebook ({error.Message})");
            }
        }
        string baseDirectory = root ?? currentDirectory;
        string outDirectory = Path.GetFullPath(options.OutDirectory ?? Path.Combine(baseDirectory, "artifacts", "notebooks"), currentDirectory);
        string figuresDirectory = Path.GetFullPath(options.FiguresDirectory ?? Path.Combine(baseDirectory, "artifacts", "figures"), currentDirectory);
        var (targets, targetProblem) = OutputTargets.Plan(notebooks, options.InPlace, outDirectory, figuresDirectory);
        if (targets is null) return Fail(targetProblem!);
        foreach (string folder in targets.Select(t => Path.GetDirectoryName(t.CopyPath)!).Distinct())
            AtomicFile.RemoveStale(folder);
        var plan = new RunPlan(targets, options, output, errors);
        if (plan.StartWorkers() is { } workerProblem) return Fail(workerProblem);
        // The first workers load the compiler while the libraries build.
        if (options.Build && root is not null && await LibraryBuild.RunAsync(root, output).ConfigureAwait(false) is { } buildProblem)
        {
            await plan.DisposeAsync().ConfigureAwait(false);
            return Fail(buildProblem);
        }
        var figures = new FigureWriter((findChromium ?? FigureWriter.FindChromium)());
        if (!figures.MakesPng)
            output.WriteLine("PNG export skipped: chromium not found on PATH (the HTML figures are complete; install chromium for PNGs)");
        var (rows, written, interrupted) = await plan.RunAsync(figures, cancellationToken).ConfigureAwait(false);
        if (interrupted)
        {
            AtomicFile.DeletePending();
            ResultRow.WriteTable(rows, output);
            errors.WriteLine("interrupted: the running notebooks were stopped and their results were not written");
            return Interrupted;
        }
        if (options.Trust && written.Count > 0 && await NotebookTrust.SignAsync(written).ConfigureAwait(false) is { } signer)
            output.WriteLine($"signed {written.Count} executed notebook{(written.Count == 1 ? "" : "s")} as trusted ({signer}), so Jupyter shows their figures");
        ResultRow.WriteTable(rows, output);
        return rows.All(r => r.Succeeded) ? Success : NotebookFailed;
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
