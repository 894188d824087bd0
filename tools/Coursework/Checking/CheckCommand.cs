using ScoreNotebooks.Notebooks.Packages;
using System.Globalization;
using ScoreNotebooks.Coursework.Grading;
using ScoreNotebooks.Coursework.Markup;
using ScoreNotebooks.Notebooks.Execution;
using ScoreNotebooks.Notebooks.Format;
using ScoreNotebooks.Notebooks.Workers;

namespace ScoreNotebooks.Coursework.Checking;

/// <summary>
/// The <c>check</c> command, for students: runs their notebook as it is (its visible checks, as released) in a
/// worker process and prints, per exercise, <c>PASS  ID  2/2</c> or <c>FAIL  ID  0/2  first failure</c>, then a total.
/// </summary>
/// <remarks>
/// Every code cell runs, whether or not an earlier one failed, so each exercise's checks run; cells that fail are
/// listed. An answer that uses an API its exercise forbids is reported first and fails its exercise with 0 points,
/// as grading scores it (<see cref="ForbiddenApiFinder"/>). When a cell ends the notebook's process, a fresh one replays the cells that ran before it and the run
/// goes on after it. The notebook file is not changed. Exit code 0 when every auto-graded exercise passes, 1 otherwise.
/// </remarks>
internal sealed class CheckCommand(TextWriter output, TextWriter error)
{
    /// <summary>Runs the command on the notebook in <paramref name="options"/>.</summary>
    public async Task<int> RunAsync(CourseworkOptions options, string currentDirectory, CancellationToken cancellationToken)
    {
        string path = Path.GetFullPath(options.Sources[0], currentDirectory);
        NotebookDocument notebook;
        try
        {
            notebook = NotebookDocument.Load(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotebookFormatException)
        {
            error.WriteLine($"error: {(ex is FileNotFoundException ? $"{path}: no such notebook file" : ex.Message)}");
            return CourseworkTool.BadInput;
        }
        var exercises = ExerciseMarkup.ReadReleased(notebook, problem => error.WriteLine($"warning: {problem}"));
        if (exercises.Exercises.Count == 0)
        {
            error.WriteLine($"error: {path} has no exercises (no cells with nbgrader exercise metadata)");
            return CourseworkTool.BadInput;
        }
        var processOptions = new NotebookProcessOptions
        {
            CellTimeout = TimeSpan.FromSeconds(options.TimeoutSeconds), MemoryCapBytes = (long)options.MemoryMegabytes << 20,
        };
        var forbidden = FindForbiddenUses(notebook, exercises);
        foreach (ForbiddenUse use in forbidden) output.WriteLine($"forbidden: {use.Message}");
        var results = await RunAllAsync(notebook, processOptions, cancellationToken).ConfigureAwait(false);
        return Report(exercises, results, forbidden);
    }

    /// <summary>The uses of forbidden APIs in the answer cells, found as grading finds them: compiled in order, not run.</summary>
    private static IReadOnlyList<ForbiddenUse> FindForbiddenUses(NotebookDocument notebook, NotebookExercises exercises)
    {
        var answerOf = exercises.Exercises.Where(e => e.Forbidden.Count > 0)
            .SelectMany(e => e.AnswerCells.Select(c => (c.Cell.Index, Exercise: e)))
            .ToDictionary(p => p.Index, p => p.Exercise);
        if (answerOf.Count == 0) return [];
        var cells = notebook.Cells.Where(c => c.IsCode)
            .Select(c => new ForbiddenApiFinder.ChainCell(c.Number, c.Source, Language(notebook, c), answerOf.GetValueOrDefault(c.Index)))
            .ToList();
        return ForbiddenApiFinder.Find(notebook.Directory!, cells, PackageCache.FromEnvironment());
    }

    /// <summary>Runs every code cell, restarting the process after a cell that ends it; returns each cell's failure or null.</summary>
    private async Task<Dictionary<int, string?>> RunAllAsync(NotebookDocument notebook, NotebookProcessOptions options,
        CancellationToken cancellationToken)
    {
        var failures = new Dictionary<int, string?>();
        var replay = new List<NotebookCell>();
        WorkerSession? worker = null;
        bool gaveUp = false;
        try
        {
            foreach (NotebookCell cell in notebook.Cells.Where(c => c.IsCode))
            {
                if (worker is null && !gaveUp)
                {
                    worker = await StartAsync(notebook, replay, options, cancellationToken).ConfigureAwait(false);
                    gaveUp = worker is null;
                }
                if (worker is null)
                {
                    failures[cell.Index] = "not run: the notebook's process could not be restarted";
                    continue;
                }
                var result = await worker.ExecuteAsync(cell.Number, cell.Source, Language(notebook, cell), cancellationToken: cancellationToken)
                    .ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
                string? failure = result.Status == CellStatus.Failed ? CellOutcome.Failure(result.Outputs) ?? result.Failure : null;
                failures[cell.Index] = failure;
                if (failure is not null) output.WriteLine($"cell {cell.Number} failed: {failure}");
                if (result.Ending is null)
                {
                    replay.Add(cell);
                    continue;
                }
                await worker.DisposeAsync().ConfigureAwait(false);
                worker = null;
            }
        }
        finally
        {
            if (worker is not null) await worker.DisposeAsync().ConfigureAwait(false);
        }
        return failures;
    }

    /// <summary>Starts a worker in the notebook's folder and replays <paramref name="cells"/>; null when it cannot.</summary>
    private async Task<WorkerSession?> StartAsync(NotebookDocument notebook, List<NotebookCell> cells, NotebookProcessOptions options,
        CancellationToken cancellationToken)
    {
        var worker = WorkerSession.Start(options);
        string? problem = await worker.OpenAsync(notebook.Directory!, cancellationToken).ConfigureAwait(false);
        foreach (NotebookCell cell in problem is null ? cells : new List<NotebookCell>())
        {
            var result = await worker.ExecuteAsync(cell.Number, cell.Source, Language(notebook, cell), cancellationToken: cancellationToken)
                .ConfigureAwait(false);
            if (result.Ending is { } ending) problem = $"cell {cell.Number} ended it again ({ending.Name}: {ending.Cause})";
        }
        if (problem is null)
        {
            if (cells.Count > 0) output.WriteLine($"the notebook's process was restarted; {cells.Count} earlier cell(s) were run again");
            return worker;
        }
        error.WriteLine($"the notebook's process could not be started: {problem}");
        await worker.DisposeAsync().ConfigureAwait(false);
        return null;
    }

    private int Report(NotebookExercises exercises, Dictionary<int, string?> failures, IReadOnlyList<ForbiddenUse> forbidden)
    {
        double total = 0, max = 0;
        bool allPassed = true;
        foreach (Exercise exercise in exercises.Exercises)
        {
            if (exercise.Kind == ExerciseKind.Manual)
            {
                output.WriteLine($"HAND  {exercise.Id}  -/{Number(exercise.Points)}  a written answer, graded by hand");
                continue;
            }
            double points = exercise.CheckCells.Where(c => failures.TryGetValue(c.Cell.Index, out var f) && f is null).Sum(c => c.Points ?? 0);
            string? first = exercise.CheckCells.Select(c => failures.TryGetValue(c.Cell.Index, out var f) ? f : "not run")
                .FirstOrDefault(f => f is not null);
            if (forbidden.FirstOrDefault(u => u.ExerciseId == exercise.Id) is { } use)
            {
                points = 0;
                first = use.Message;
            }
            total += points;
            max += exercise.Points;
            allPassed &= first is null;
            output.WriteLine(first is null
                ? $"PASS  {exercise.Id}  {Number(points)}/{Number(exercise.Points)}"
                : $"FAIL  {exercise.Id}  {Number(points)}/{Number(exercise.Points)}  {first}");
        }
        output.WriteLine($"total  {Number(total)}/{Number(max)}");
        return allPassed ? CourseworkTool.Succeeded : CourseworkTool.SomeFailed;
    }

    private static string? Language(NotebookDocument notebook, NotebookCell cell) => cell.KernelLanguage ?? notebook.DefaultLanguage;

    private static string Number(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
