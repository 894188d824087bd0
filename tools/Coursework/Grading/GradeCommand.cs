using System.Globalization;
using ScoreNotebooks.Coursework.Markup;
using ScoreNotebooks.Notebooks.Files;
using ScoreNotebooks.Notebooks.Format;
using ScoreNotebooks.Notebooks.Workers;

namespace ScoreNotebooks.Coursework.Grading;

/// <summary>The <c>grade</c> command: grades every submission against the instructor's source and writes the results.</summary>
/// <remarks>Writes only inside the --out folder (and a temporary stage per submission, removed afterwards).</remarks>
internal sealed class GradeCommand(TextWriter output, TextWriter error)
{
    private readonly object consoleGate = new();

    /// <summary>Runs the command; returns 0 when every submission was graded, 1 when one could not be, 2 for bad input.</summary>
    public async Task<int> RunAsync(CourseworkOptions options, string currentDirectory, CancellationToken cancellationToken)
    {
        string sourcePath = Path.GetFullPath(options.Source!, currentDirectory);
        string outDirectory = Path.GetFullPath(options.OutDirectory!, currentDirectory);
        var submissions = options.Sources.Select(s => Path.GetFullPath(s, currentDirectory)).ToList();
        NotebookExercises source;
        try
        {
            source = ExerciseMarkup.Read(NotebookDocument.Load(sourcePath));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotebookFormatException)
        {
            return Fail(ex is FileNotFoundException ? $"{sourcePath}: no such notebook file" : ex.Message);
        }
        catch (MarkupException ex)
        {
            foreach (string problem in ex.Problems) error.WriteLine(problem);
            return Fail($"the source's exercise markup has {ex.Problems.Count} problem(s); nothing was graded");
        }
        if (source.Exercises.Count == 0) return Fail($"{sourcePath} has no exercises to grade");
        foreach (string input in submissions.Prepend(sourcePath))
            if (Inside(input, outDirectory))
                return Fail($"--out {outDirectory} holds {input}; the grader writes only inside --out, so choose a folder without the inputs");

        var names = StudentNames.Assign(Path.GetFileName(sourcePath), submissions);
        var limits = new GradingLimits(TimeSpan.FromSeconds(options.TimeoutSeconds), TimeSpan.FromSeconds(options.SubmissionTimeoutSeconds),
            (long)options.MemoryMegabytes << 20);
        string repository = Stage.RepositoryOf(sourcePath);
        string? worker = null;
        if (options.Precompile ?? submissions.Count >= CourseworkOptions.PrecompileFrom)
        {
            var (published, problem) = await PrecompiledWorker.PublishAsync(repository, output, cancellationToken).ConfigureAwait(false);
            if (problem is not null) error.WriteLine($"warning: {problem}; grading goes on with the worker as built, which starts slower");
            worker = published;
        }
        var grader = new SubmissionGrader(source, Path.GetFileName(sourcePath), repository, limits,
            [Path.GetDirectoryName(sourcePath)!, outDirectory], worker);
        output.WriteLine(GradingSandbox.Current.Description);
        var grades = new SubmissionGrade[submissions.Count];
        try
        {
            Directory.CreateDirectory(outDirectory);
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.Jobs, CancellationToken = cancellationToken };
            await Parallel.ForEachAsync(Enumerable.Range(0, submissions.Count), parallel, async (i, token) =>
            {
                var (grade, feedback) = await grader.GradeAsync(names[i], submissions[i], token).ConfigureAwait(false);
                GradeReports.WriteSubmission(outDirectory, grade, feedback, options.StudentFeedback);
                grades[i] = grade;
                lock (consoleGate) output.WriteLine(Line(grade));
            }).ConfigureAwait(false);
            GradeReports.WriteSummaries(outDirectory, source.Exercises.Select(e => e.Id).ToList(), grades);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Fail($"cannot write the results: {ex.Message}");
        }
        int ungraded = grades.Count(g => g.Error is not null);
        output.WriteLine($"{submissions.Count - ungraded} of {submissions.Count} submission(s) graded; results in {outDirectory}");
        return ungraded == 0 ? CourseworkTool.Succeeded : CourseworkTool.SomeFailed;
    }

    private static string Line(SubmissionGrade grade)
    {
        string seconds = grade.Seconds.ToString("F1", CultureInfo.InvariantCulture);
        if (grade.Error is not null) return $"{grade.Student}  not graded: {grade.Error}";
        string score = $"{grade.Score.ToString("0.##", CultureInfo.InvariantCulture)}/{grade.MaxScore.ToString("0.##", CultureInfo.InvariantCulture)}";
        int manual = grade.Exercises.Count(e => e.Manual);
        return $"{grade.Student}  {score}{(manual > 0 ? $" (+{manual} written answer(s) to grade by hand)" : "")}  ({seconds} s)";
    }

    /// <summary>Whether <paramref name="path"/> is <paramref name="folder"/> or lies under it, links followed.</summary>
    private static bool Inside(string path, string folder)
    {
        string real = RealPath.Of(path);
        string root = RealPath.Of(folder).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        var comparison = OperatingSystem.IsLinux() ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;
        return (real + Path.DirectorySeparatorChar).StartsWith(root, comparison);
    }

    private int Fail(string message)
    {
        error.WriteLine($"error: {message}");
        return CourseworkTool.BadInput;
    }
}
