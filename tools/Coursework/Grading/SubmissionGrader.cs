using System.Diagnostics;
using System.Globalization;
using ScoreNotebooks.Coursework.Markup;
using ScoreNotebooks.Notebooks.Execution;
using ScoreNotebooks.Notebooks.Format;
using ScoreNotebooks.Notebooks.Packages;
using ScoreNotebooks.Notebooks.Workers;

namespace ScoreNotebooks.Coursework.Grading;

/// <summary>Grades one submission in worker processes of its own; student code never runs in the grader's process.</summary>
/// <remarks>
/// The graded notebook (<see cref="GradedNotebook"/>) runs cell by cell in a stage folder (<see cref="Stage"/>):
/// for each exercise the student's answer cells, then its check cells — a check cell that completes without
/// error earns its points, otherwise none, with its failure message and check records — then the reference
/// answers, so later exercises build on correct definitions. When a cell ends the worker (Environment.Exit,
/// FailFast, a stack overflow, the memory cap, a cell that cannot be stopped), its exercise scores 0 with the
/// cause, a fresh worker replays the notebook up to the end of that exercise with the reference answers, and
/// grading goes on. The submission's time limit stops the rest: every exercise not yet checked scores 0.
/// While the worker runs, the answer cells of exercises that forbid APIs are compiled in this process, never run, and
/// an exercise whose answer uses one scores 0 (<see cref="ForbiddenApiFinder"/>); its cells still run and report.
/// </remarks>
/// <param name="source">The instructor's notebook, its markup read.</param>
/// <param name="sourceFileName">The source's file name, which the staged notebook keeps.</param>
/// <param name="repositoryRoot">The repository whose artifacts/ and data/ the stage links to.</param>
/// <param name="limits">The time and memory limits.</param>
/// <param name="hiddenFolders">Folders a sandboxed worker must not see (the source's folder, --out).</param>
/// <param name="workerAssembly">The worker program (a precompiled copy), or null for the one beside the grader.</param>
internal sealed class SubmissionGrader(NotebookExercises source, string sourceFileName, string repositoryRoot, GradingLimits limits,
    IReadOnlyList<string>? hiddenFolders = null, string? workerAssembly = null)
{
    /// <summary>Grades <paramref name="submissionPath"/>; returns its grade and, when it ran, the executed graded notebook.</summary>
    /// <param name="student">The name the student is filed under.</param>
    /// <param name="submissionPath">The submission's full path.</param>
    /// <param name="cancellationToken">Stops grading (Ctrl-C).</param>
    public async Task<(SubmissionGrade Grade, NotebookDocument? Feedback)> GradeAsync(string student, string submissionPath,
        CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        NotebookDocument submission;
        try
        {
            submission = NotebookDocument.Load(submissionPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotebookFormatException)
        {
            string why = ex is FileNotFoundException ? $"{submissionPath}: no such notebook file" : ex.Message;
            return (new SubmissionGrade(student, submissionPath, [], [], why, clock.Elapsed.TotalSeconds), null);
        }
        var graded = GradedNotebook.Assemble(source, submission);
        // The staged file is what a cell could read from its folder: the check cells without their hidden tests.
        using var stage = Stage.Create(repositoryRoot, sourceFileName, WithoutHiddenTests(graded.Notebook));
        var sandbox = GradingSandbox.Current.For(stage.Root, hiddenFolders ?? [], [repositoryRoot]);
        var run = new Run(graded, source.Exercises.Select(e => new ExerciseGrade(e)).ToList(), limits, sandbox, workerAssembly);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(limits.SubmissionTimeout);
        // A sandboxed worker cannot write the package cache: the packages the engine does not carry are restored here
        // first, within the submission's time limit, as the worker's session will ask for them; the forbidden-API
        // analysis then binds against the same sets (it never restores).
        var packageCache = PackageCache.FromEnvironment();
        try
        {
            await Task.Run(() => SubmissionChain.RestorePackages(stage.NotebookFolder,
                graded.Steps.Select(step => (step.Source, Language(graded, step))), packageCache, deadline.Token), deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The time limit passed while restoring: the run below finds it passed and scores every exercise 0.
        }
        // The answers are analysed in this process while the worker runs them; the analysis only ever lowers a grade.
        var forbidden = Task.Run(() => FindForbiddenUses(graded, stage.NotebookFolder, packageCache), CancellationToken.None);
        string? error;
        try
        {
            error = await run.ExecuteAsync(stage.NotebookFolder, deadline, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            foreach (ForbiddenUse use in await forbidden.ConfigureAwait(false))
                run.Grades.Single(g => g.Id == use.ExerciseId).Forbid(use);
        }
        cancellationToken.ThrowIfCancellationRequested();
        foreach (ExerciseGrade grade in run.Grades.Where(g => g.Manual))
            grade.Tell("a written answer: graded by hand");
        var notes = graded.Notes.Concat(run.Notes).ToList();
        var answers = source.Exercises.SelectMany(e => e.AnswerCells).OrderBy(c => c.Cell.Index)
            .Select(c => new SubmittedAnswer(c.ExerciseId!, c.Cell.Number, c.Cell.Id, c.GradeId, graded.Notebook.Cells[c.Cell.Index].Source,
                c.Cell.IsCode))
            .ToList();
        return (new SubmissionGrade(student, submissionPath, error is null ? run.Grades : [], notes, error, clock.Elapsed.TotalSeconds)
            {
                Answers = answers,
            },
            error is null ? graded.Notebook : null);
    }

    private NotebookDocument WithoutHiddenTests(NotebookDocument notebook)
    {
        var copy = NotebookDocument.Parse(notebook.ToJson(), notebook.FilePath);
        foreach (GradedCell check in source.GradedCells.Where(c => c.Role == CellRole.Check))
            copy.Cells[check.Cell.Index].Json["source"] = NotebookText.ToJsonLines(ReleasedSource.Of(check).Source);
        return copy;
    }

    /// <summary>Compiles the answer cells (without running them) and returns each use of an API its exercise forbids.</summary>
    private IReadOnlyList<ForbiddenUse> FindForbiddenUses(GradedNotebook graded, string folder, PackageCache packageCache)
    {
        if (!source.Exercises.Any(e => e.Forbidden.Count > 0)) return [];
        var cells = graded.Steps.Select(step => new ForbiddenApiFinder.ChainCell(graded.Notebook.Cells[step.CellIndex].Number,
            step.Source, Language(graded, step), step.Kind == StepKind.Answer ? step.Exercise : null)).ToList();
        return ForbiddenApiFinder.Find(folder, cells, packageCache).ToList();
    }

    private static string? Language(GradedNotebook graded, GradingStep step) =>
        graded.Notebook.Cells[step.CellIndex].KernelLanguage ?? graded.Notebook.DefaultLanguage;

    /// <summary>One grading run: the steps, the grades they fill in and the worker they run in.</summary>
    private sealed class Run(GradedNotebook graded, List<ExerciseGrade> grades, GradingLimits limits, WorkerSandbox? sandbox,
        string? workerAssembly)
    {
        private readonly Dictionary<string, ExerciseGrade> byId = grades.ToDictionary(g => g.Id, StringComparer.Ordinal);
        private readonly NotebookProcessOptions options = new()
        {
            CellTimeout = limits.CellTimeout, MemoryCapBytes = limits.MemoryCapBytes, Sandbox = sandbox, WorkerAssembly = workerAssembly,
        };
        private readonly HashSet<int> notReplayed = [];
        private IReadOnlyList<GradingStep> Steps => graded.Steps;

        public List<ExerciseGrade> Grades => grades;

        public List<string> Notes { get; } = [];

        /// <summary>Runs every step; returns null, or why the submission could not be graded (no worker would start).</summary>
        public async Task<string?> ExecuteAsync(string folder, CancellationTokenSource deadline, CancellationToken cancellationToken)
        {
            var (worker, problem) = await OpenAsync(folder, deadline.Token).ConfigureAwait(false);
            if (worker is null) return TimeUp(deadline, cancellationToken, 0) ? null : $"the notebook's process did not start: {problem}";
            try
            {
                for (int k = 0; k < Steps.Count; k++)
                {
                    var step = Steps[k];
                    var cell = graded.Notebook.Cells[step.CellIndex];
                    var result = await worker.ExecuteAsync(cell.Number, step.Source, Language(cell),
                        cancellationToken: deadline.Token).ConfigureAwait(false);
                    Record(step, cell, result);
                    if (result.Ending is null) continue;
                    if (TimeUp(deadline, cancellationToken, k)) return null;
                    int end = Ended(k, step, cell, result.Ending);
                    await worker.DisposeAsync().ConfigureAwait(false);
                    worker = null;
                    (worker, problem) = await ReplayAsync(folder, end, deadline.Token).ConfigureAwait(false);
                    if (worker is null)
                    {
                        if (TimeUp(deadline, cancellationToken, end + 1)) return null;
                        ZeroFrom(end + 1, $"the notebook's process could not be restarted ({problem}); the exercise scores 0");
                        return null;
                    }
                    Notes.Add($"the notebook's process was restarted after cell {cell.Number} and replayed with the reference answers " +
                              $"up to cell {Steps.Take(end + 1).Max(s => s.CellIndex) + 1}");
                    k = end;
                }
                return null;
            }
            finally
            {
                if (worker is not null) await worker.DisposeAsync().ConfigureAwait(false);
            }
        }

        private void Record(GradingStep step, NotebookCell cell, WorkerCellResult result)
        {
            if (step.Kind != StepKind.Reference && result.Status != CellStatus.NotRun)
                CellOutcome.Store(cell, result.Outputs, result.ExecutionCount);
            if (step.Exercise is null || byId[step.Exercise.Id] is not { } grade) return;
            string? failure = result.Status == CellStatus.Failed ? CellOutcome.Failure(result.Outputs) ?? result.Failure : null;
            switch (step.Kind)
            {
                case StepKind.Answer when failure is not null && result.Ending is null:
                    grade.Tell($"answer cell {cell.Number}: {failure}");
                    break;
                case StepKind.Check:
                    bool hidden = step.Exercise.CheckCells.Any(c => c.Cell.Index == step.CellIndex
                        && c.Regions.Any(r => r.Kind == RegionKind.HiddenTests));
                    var records = CellOutcome.Records(result.Outputs).ToList();
                    grade.Records.AddRange(records);
                    if (hidden) grade.HiddenRecords.UnionWith(records);
                    if (result.Status == CellStatus.Succeeded) grade.Passed(step.Points);
                    else if (result.Ending is null)
                        grade.Tell($"check cell {cell.Number} ({Points(step.Points)}): {failure}", hidden
                            ? $"check cell {cell.Number} ({Points(step.Points)}) failed; it holds hidden tests, so its details are not shown"
                            : null);
                    break;
            }
        }

        /// <summary>Settles the exercise whose cell (step <paramref name="k"/>) ended the worker; returns the last step to replay.</summary>
        private int Ended(int k, GradingStep step, NotebookCell cell, WorkerEnding ending)
        {
            string cause = $"cell {cell.Number} ended the notebook's process ({ending.Name}: {ending.Cause})";
            if (step.Exercise is not { } exercise)
            {
                // An earlier answer may have caused it (a thread it started, say): the replay runs it again after the
                // reference answers, and leaves it out only if it ends that process too.
                Notes.Add($"{cause}; the notebook was replayed up to it with the reference answers in a fresh process");
                return k;
            }
            // A reference answer that ends the process is the source's fault, not the student's: the checks already counted.
            if (step.Kind == StepKind.Reference) Notes.Add(cause);
            else byId[exercise.Id].Zero($"{cause}; the exercise scores 0");
            int last = k;
            for (int j = k; j < Steps.Count; j++)
                if (Steps[j].Exercise == exercise) last = j;
            return last;
        }

        /// <summary>When the submission's time limit ended the worker: every exercise not yet checked scores 0.</summary>
        private bool TimeUp(CancellationTokenSource deadline, CancellationToken cancellationToken, int from)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!deadline.IsCancellationRequested) return false;
            string reason = $"the submission's time limit of {limits.SubmissionTimeout.TotalSeconds.ToString("G4", CultureInfo.InvariantCulture)} s " +
                            "was reached before this exercise's checks finished; it scores 0";
            ZeroFrom(from, reason);
            Notes.Add($"the submission's time limit of {limits.SubmissionTimeout.TotalSeconds.ToString("G4", CultureInfo.InvariantCulture)} s " +
                      "was reached; the cells after that were not run");
            return true;
        }

        /// <summary>Zeroes every auto-graded exercise with a check step at or after <paramref name="from"/>.</summary>
        private void ZeroFrom(int from, string reason)
        {
            foreach (var exercise in Steps.Skip(from).Where(s => s.Kind == StepKind.Check).Select(s => s.Exercise!).Distinct())
                byId[exercise.Id].Zero(reason);
        }

        /// <summary>
        /// Starts a fresh worker and runs steps 0..<paramref name="end"/> with the reference answers, outputs discarded. A
        /// cell that ends the replay's process too (an instructor's cell or reference answer that ends any process) is left
        /// out of every later replay, and the replay starts again without it, up to <see cref="MostLeftOut"/> cells.
        /// </summary>
        private async Task<(WorkerSession? Worker, string? Problem)> ReplayAsync(string folder, int end, CancellationToken cancellationToken)
        {
            while (true)
            {
                var (worker, problem) = await OpenAsync(folder, cancellationToken).ConfigureAwait(false);
                if (worker is null) return (null, problem);
                var (failed, ending) = await RunReplayAsync(worker, end, cancellationToken).ConfigureAwait(false);
                if (ending is null) return (worker, null);
                await worker.DisposeAsync().ConfigureAwait(false);
                int number = graded.Notebook.Cells[Steps[failed].CellIndex].Number;
                string what = $"cell {number} ended the replay too ({ending.Name}: {ending.Cause})";
                if (cancellationToken.IsCancellationRequested || notReplayed.Count >= MostLeftOut) return (null, what);
                notReplayed.Add(failed);
                Notes.Add($"{what}; it is left out of the replays, so the cells after it run without it");
            }
        }

        private const int MostLeftOut = 3;

        private async Task<(int Failed, WorkerEnding? Ending)> RunReplayAsync(WorkerSession worker, int end, CancellationToken cancellationToken)
        {
            for (int j = 0; j <= end; j++)
            {
                if (Steps[j].ReplaySource is not { } replay || notReplayed.Contains(j)) continue;
                var cell = graded.Notebook.Cells[Steps[j].CellIndex];
                var result = await worker.ExecuteAsync(cell.Number, replay, Language(cell), cancellationToken: cancellationToken).ConfigureAwait(false);
                if (result.Ending is { } ending) return (j, ending);
            }
            return (-1, null);
        }

        private async Task<(WorkerSession? Worker, string? Problem)> OpenAsync(string folder, CancellationToken cancellationToken)
        {
            var worker = WorkerSession.Start(options);
            if (await worker.OpenAsync(folder, cancellationToken).ConfigureAwait(false) is not { } problem) return (worker, null);
            await worker.DisposeAsync().ConfigureAwait(false);
            return (null, problem);
        }

        private string? Language(NotebookCell cell) => cell.KernelLanguage ?? graded.Notebook.DefaultLanguage;

        private static string Points(double points) =>
            $"{points.ToString("0.##", CultureInfo.InvariantCulture)} point{(points == 1 ? "" : "s")}";
    }
}
