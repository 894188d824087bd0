using ScoreNotebooks.Coursework.Assigning;
using ScoreNotebooks.Coursework.Checking;
using ScoreNotebooks.Coursework.Grading;
using ScoreNotebooks.Coursework.Markup;
using ScoreNotebooks.Notebooks.Files;
using ScoreNotebooks.Notebooks.Format;

namespace ScoreNotebooks.Coursework;

/// <summary>
/// The coursework command: <c>assign</c> checks every source and makes every release in memory before writing any file;
/// <c>grade</c> and <c>check</c> run notebooks in worker processes (<see cref="GradeCommand"/>, <see cref="CheckCommand"/>).
/// </summary>
internal sealed class CourseworkTool(TextWriter output, TextWriter error)
{
    public const int Succeeded = 0;
    public const int MarkupErrors = 1;
    /// <summary>grade: a submission could not be graded; check: an exercise does not pass.</summary>
    public const int SomeFailed = 1;
    public const int BadInput = 2;
    /// <summary>grade, check: stopped by Ctrl-C or SIGTERM.</summary>
    public const int Interrupted = 130;

    /// <summary>Runs the command line <paramref name="args"/>, with relative paths taken from <paramref name="currentDirectory"/>.</summary>
    /// <param name="args">The arguments.</param>
    /// <param name="currentDirectory">The folder relative paths are taken from.</param>
    /// <param name="cancellationToken">Ctrl-C: stops grade and check, whose processes are stopped with them.</param>
    /// <returns>The exit code: <see cref="Succeeded"/>, <see cref="MarkupErrors"/> / <see cref="SomeFailed"/>, <see cref="BadInput"/>
    /// or <see cref="Interrupted"/>.</returns>
    public int Run(IReadOnlyList<string> args, string currentDirectory, CancellationToken cancellationToken = default)
    {
        var (options, problem) = CourseworkOptions.Parse(args);
        if (options is null) return Fail($"{problem}\n\n{CourseworkOptions.Usage}");
        if (options.Help)
        {
            output.WriteLine(CourseworkOptions.Usage);
            return Succeeded;
        }
        // A command-line program: blocking on the asynchronous commands here keeps Run usable from tests as it is.
        return options.Command switch
        {
            "grade" => Interruptible(() => new GradeCommand(output, error).RunAsync(options, currentDirectory, cancellationToken), cancellationToken,
                "the submissions being graded were stopped; each submission listed above has its results in --out, and grades.csv, " +
                "junit.xml and the other summaries were not written"),
            "check" => Interruptible(() => new CheckCommand(output, error).RunAsync(options, currentDirectory, cancellationToken), cancellationToken,
                "the notebook's process was stopped; nothing was checked"),
            "gradescope" => Gradescope(options, currentDirectory),
            _ => Assign(options.Sources.Select(s => Path.GetFullPath(s, currentDirectory)).ToList(),
                Path.GetFullPath(options.OutDirectory!, currentDirectory)),
        };
    }

    /// <summary>Runs a command that starts notebook processes; when it is interrupted, says what it left and returns 130.</summary>
    private int Interruptible(Func<Task<int>> command, CancellationToken cancellationToken, string left)
    {
        try
        {
            int code = command().GetAwaiter().GetResult();
            if (!cancellationToken.IsCancellationRequested) return code;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Reported below.
        }
        error.WriteLine($"interrupted: {left}");
        return Interrupted;
    }

    private int Gradescope(CourseworkOptions options, string currentDirectory)
    {
        string sourcePath = Path.GetFullPath(options.Source!, currentDirectory);
        string outDirectory = Path.GetFullPath(options.OutDirectory!, currentDirectory);
        NotebookDocument notebook;
        try
        {
            notebook = NotebookDocument.Load(sourcePath);
            ExerciseMarkup.Read(notebook);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotebookFormatException)
        {
            return Fail(ex is FileNotFoundException ? $"{sourcePath}: no such notebook file" : ex.Message);
        }
        catch (MarkupException ex)
        {
            foreach (string line in ex.Problems) error.WriteLine(line);
            return Fail($"the source's exercise markup has {ex.Problems.Count} problem(s); nothing was written");
        }
        string repository = Stage.RepositoryOf(sourcePath);
        if (RealPath.Same(outDirectory, repository) || Path.GetFullPath(sourcePath).StartsWith(outDirectory + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            return Fail($"--out {outDirectory} is the repository or holds the source; choose a folder of its own");
        try
        {
            foreach (string written in Packaging.GradescopePackage.Write(sourcePath, notebook, repository, outDirectory, options))
                output.WriteLine($"wrote {written}");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Fail($"cannot write the autograder: {ex.Message}");
        }
        output.WriteLine($"zip the contents of {outDirectory} (cd {outDirectory} && zip -r ../autograder.zip .) and upload it to Gradescope");
        return Succeeded;
    }

    private int Assign(IReadOnlyList<string> sources, string outDirectory)
    {
        var notebooks = new List<NotebookDocument>();
        foreach (string source in sources)
        {
            try
            {
                notebooks.Add(NotebookDocument.Load(source));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotebookFormatException)
            {
                return Fail(ex is FileNotFoundException ? $"{source}: no such notebook file" : ex.Message);
            }
        }
        if (sources.GroupBy(Path.GetFileName, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
            return Fail($"two sources are named {twice.Key} ({string.Join(", ", twice)}); their releases would overwrite each other in {outDirectory}");

        foreach (string name in sources.Select(s => Path.GetFileName(s)))
            foreach (string path in new[] { name, StudentRelease.ManifestFileName(name) }.Select(n => Path.Combine(outDirectory, n)))
                if (sources.FirstOrDefault(s => RealPath.Same(s, path)) is { } source)
                    return Fail($"{path} would overwrite the source notebook {source}; choose another --out folder");

        var targets = new List<(string Path, string Text)>();
        var problems = new List<string>();
        var summaries = new List<string>();
        foreach (NotebookDocument notebook in notebooks)
        {
            NotebookExercises exercises;
            try
            {
                exercises = ExerciseMarkup.Read(notebook);
            }
            catch (MarkupException ex)
            {
                problems.AddRange(ex.Problems);
                continue;
            }
            string name = Path.GetFileName(notebook.FilePath!);
            var release = StudentRelease.Make(exercises, name);
            string notebookPath = Path.Combine(outDirectory, name);
            targets.Add((notebookPath, release.Notebook.ToJson()));
            targets.Add((Path.Combine(outDirectory, StudentRelease.ManifestFileName(name)), release.ManifestJson));
            summaries.Add($"{name}: {exercises.Exercises.Count} exercises, {exercises.TotalPoints:0.##} points -> {notebookPath}");
        }
        if (problems.Count > 0)
        {
            foreach (string line in problems) error.WriteLine(line);
            error.WriteLine($"{problems.Count} markup problem(s); nothing was written");
            return MarkupErrors;
        }
        if (Write(targets) is { } writeProblem) return Fail(writeProblem);
        foreach (string summary in summaries) output.WriteLine(summary);
        return Succeeded;
    }

    /// <summary>Writes every file to a temporary name first and renames them only when all were written, so a failure leaves no release behind.</summary>
    private static string? Write(IReadOnlyList<(string Path, string Text)> targets)
    {
        var temps = new List<string>();
        try
        {
            foreach (var (path, text) in targets)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                string temp = AtomicFile.CreateTemporaryPath(path);
                temps.Add(temp);
                File.WriteAllText(temp, text, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            }
            for (int i = 0; i < targets.Count; i++) File.Move(temps[i], targets[i].Path, overwrite: true);
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return $"cannot write the release: {ex.Message}";
        }
        finally
        {
            foreach (string temp in temps) AtomicFile.Release(temp);
        }
    }

    private int Fail(string message)
    {
        error.WriteLine($"error: {message}");
        return BadInput;
    }
}
