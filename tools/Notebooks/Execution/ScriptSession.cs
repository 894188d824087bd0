using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;
using Plotly.NET;

namespace ScoreNotebooks.Notebooks.Execution;

/// <summary>
/// One live C# script state, as a notebook kernel holds it: cells run one after another and
/// each sees the variables, types and usings of the cells before it.
/// </summary>
/// <remarks>
/// Cells are compiled with Roslyn's C# scripting. While a cell runs, the process's working
/// directory is <see cref="WorkingDirectory"/> and the console is captured into the cell's outputs;
/// both are process-wide, so cells of all sessions in a process run one at a time. When the working
/// directory no longer exists (a cell or someone outside deleted it), each cell fails with an error that
/// names it until it exists again.
/// A cell that exceeds its time limit is abandoned (its thread cannot be aborted) and fails with a
/// timeout error; the session keeps the state of the last cell that finished.
/// </remarks>
public sealed partial class ScriptSession
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private readonly CarriedPackages packages;
    private readonly List<RecordedFigure> figures = [];
    private readonly NotebookGlobals globals;
    private ScriptState<object>? state;
    // The first chart of a session carries plotly.js; later ones on the same page use it.
    private bool plotlyJsShown;
    private Action<object?> onDisplay = _ => { };
    private readonly string figureIdPrefix = "figure";
    private readonly TimeSpan streamFlushInterval = TimeSpan.FromMilliseconds(100);
    private readonly TimeSpan stopGrace = TimeSpan.FromSeconds(2);

    /// <summary>Creates an empty session.</summary>
    /// <param name="workingDirectory">The folder relative paths resolve against (the notebook's folder); must exist.</param>
    /// <param name="packages">The packages <c>#r "nuget: …"</c> may name; null for the host's.</param>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    public ScriptSession(string workingDirectory, CarriedPackages? packages = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(workingDirectory);
        DisplaySink.Publish();
        WorkingDirectory = Path.GetFullPath(workingDirectory);
        if (!Directory.Exists(WorkingDirectory))
            throw new DirectoryNotFoundException($"{WorkingDirectory}: the working directory does not exist");
        this.packages = packages ?? CarriedPackages.Host;
        globals = new NotebookGlobals(value => onDisplay(value), CancellationToken.None);
    }

    /// <summary>The folder that is the working directory while cells run.</summary>
    public string WorkingDirectory { get; }

    /// <summary>How many cells have run (successfully or not); the next cell's count is one more.</summary>
    public int ExecutionCount { get; private set; }

    /// <summary>
    /// The first part of the HTML element id of every chart this session shows ("figure" by default):
    /// a letter followed by letters, digits, '-' or '_'. A host whose cell numbers restart while earlier
    /// outputs stay on the page (a kernel after a restart) gives each session its own.
    /// </summary>
    /// <exception cref="ArgumentException">Set to a value that is not such a prefix.</exception>
    public string FigureIdPrefix
    {
        get => figureIdPrefix;
        init => figureIdPrefix = OutputFormatter.CheckIdPrefix(value, nameof(FigureIdPrefix));
    }

    /// <summary>
    /// How often text written to the console is handed to the host while a cell runs, &gt; 0
    /// (100 ms by default); text is also handed over whenever the stream changes, a value is shown or
    /// the cell ends. The <see cref="CellResult"/> joins the pieces of one stream into one output.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to a value that is not positive.</exception>
    public TimeSpan StreamFlushInterval
    {
        get => streamFlushInterval;
        init => streamFlushInterval = value > TimeSpan.Zero
            ? value
            : throw new ArgumentOutOfRangeException(nameof(StreamFlushInterval), value, "the flush interval must be > 0");
    }

    /// <summary>
    /// How long an interrupted or timed-out cell is given to stop, &gt; 0 (2 s by default). Loops in a
    /// cell and blocking waits stop at once; a cell still running after this time is abandoned.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to a value that is not positive.</exception>
    public TimeSpan StopGrace
    {
        get => stopGrace;
        init => stopGrace = value > TimeSpan.Zero
            ? value
            : throw new ArgumentOutOfRangeException(nameof(StopGrace), value, "the grace period must be > 0");
    }

    /// <summary>Every chart displayed so far, in order.</summary>
    public IReadOnlyList<RecordedFigure> Figures => figures;

    /// <summary>Runs one cell.</summary>
    /// <param name="source">The cell's source, directives included.</param>
    /// <param name="cellNumber">The cell's 1-based position in its notebook, used in messages and figure names.</param>
    /// <param name="defaultLanguage">The language the notebook metadata gives the cell, or null for C#.</param>
    /// <param name="onOutput">Receives each output as it happens (a kernel forwards them live); may be null.</param>
    /// <param name="timeout">The time limit, from <see cref="CellTimeLimit.Min"/> to <see cref="CellTimeLimit.Max"/>;
    /// <see cref="Timeout.InfiniteTimeSpan"/> or null for none.</param>
    /// <param name="cancellationToken">Interrupts the cell.</param>
    /// <returns>The cell's status and outputs.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is a limit the engine cannot enforce.</exception>
    public async Task<CellResult> ExecuteAsync(string source, int cellNumber, string? defaultLanguage = null,
        Action<CellOutput>? onOutput = null, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (timeout is { } limit) CellTimeLimit.Check(limit, nameof(timeout));
        var outputs = new List<CellOutput>();
        void Record(CellOutput output)
        {
            // Pieces of one stream written in a row are one output, as Jupyter front ends join them.
            if (output.Kind == CellOutputKind.Stream && outputs.Count > 0 && outputs[^1] is { Kind: CellOutputKind.Stream } last
                && last.StreamName == output.StreamName)
                outputs[^1] = CellOutput.Stream(last.StreamName!, last.Text + output.Text);
            else
                outputs.Add(output);
            onOutput?.Invoke(output);
        }
        var directives = CellDirectives.Parse(source, defaultLanguage);
        if (directives.IsMarkdown)
            return new CellResult(CellStatus.NotRun, null, outputs);
        int count = ++ExecutionCount;
        if (await PrepareAsync(directives, cellNumber, line => Record(CellOutput.Stream("stdout", line + "\n")), cancellationToken)
                .ConfigureAwait(false) is { } problem)
        {
            Record(Failure(problem.Name, problem.Message, cellNumber));
            return new CellResult(CellStatus.Failed, count, outputs);
        }
        var options = CellOptions(cellNumber);
        Script<object> script;
        try
        {
            script = Compile(directives.Code, options, cancellationToken, out var errors);
            if (errors.Count > 0)
            {
                Record(CompileFailure(errors, cellNumber));
                return new CellResult(CellStatus.Failed, count, outputs);
            }
        }
        catch (OperationCanceledException)
        {
            Record(Failure("Interrupted", "the cell was interrupted before it started", cellNumber));
            return new CellResult(CellStatus.Failed, count, outputs);
        }
        bool ok = await RunAsync(script, cellNumber, Record, timeout ?? Timeout.InfiniteTimeSpan, cancellationToken)
            .ConfigureAwait(false);
        return new CellResult(ok ? CellStatus.Succeeded : CellStatus.Failed, count, outputs);
    }

    /// <summary>
    /// Compiles the cell as the next submission, with an interruption check in each loop
    /// (<see cref="InterruptibleLoops"/>). Errors are those of the cell as written, so their columns are its own.
    /// </summary>
    private Script<object> Compile(string code, ScriptOptions options, CancellationToken cancellationToken, out List<Diagnostic> errors)
    {
        if (InterruptibleLoops.Rewrite(CSharpSyntaxTree.ParseText(code, ScriptParseOptions, cancellationToken: cancellationToken)) is { } guarded)
        {
            var checkedScript = Submission(guarded, options);
            errors = Errors(checkedScript, cancellationToken);
            if (errors.Count == 0) return checkedScript;
        }
        var script = Submission(code, options);
        errors = Errors(script, cancellationToken);
        return script;
    }

    /// <summary>The cell's compile errors, from its compilation's diagnostics; the run emits the cell.</summary>
    /// <remarks>
    /// Not <see cref="Script.Compile"/>: besides emitting, it builds and keeps in the new submission an
    /// array of the executors of every submission before it, which the run (continuing the last state)
    /// never uses, so cell N would hold N entries and the chain N²/2.
    /// </remarks>
    private static List<Diagnostic> Errors(Script script, CancellationToken cancellationToken) =>
        script.GetCompilation().GetDiagnostics(cancellationToken).Where(d => d.Severity == DiagnosticSeverity.Error).ToList();

    private Script<object> Submission(string code, ScriptOptions options)
    {
        // A stream (rather than a string) gives the source an encoding, which debug information needs;
        // with it, exceptions report the line within the cell.
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(code));
        return state is null
            ? CSharpScript.Create(stream, options, typeof(NotebookGlobals))
            : state.Script.ContinueWith(stream, options);
    }

    private async Task<bool> RunAsync(Script<object> script, int cellNumber, Action<CellOutput> record,
        TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            await Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            record(Failure("Interrupted", "the cell was interrupted before it started", cellNumber));
            return false;
        }
        // Released however the cell ends: a gate left taken would hang every later cell of every session in the process.
        try
        {
            using var directory = CellDirectory.TryEnter(WorkingDirectory, out var problem);
            if (directory is null)
            {
                record(Failure(problem.Name, problem.Message, cellNumber));
                return false;
            }
            return await RunInFolderAsync(script, cellNumber, record, timeout, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>Runs the cell on its own thread; the caller holds the gate and has entered the working folder.</summary>
    private async Task<bool> RunInFolderAsync(Script<object> script, int cellNumber, Action<CellOutput> record,
        TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var cellCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var collector = new OutputCollector(record, StreamFlushInterval);
        int ordinal = 0;
        // Charts are recorded for the host and given element ids that depend only on their position.
        IReadOnlyDictionary<string, string> Format(object? value)
        {
            if (value is not GenericChart chart) return OutputFormatter.Format(value);
            var bundle = OutputFormatter.Format(value, OutputFormatter.ChartElementId(chart, cellNumber, ++ordinal, FigureIdPrefix),
                includePlotlyJs: !plotlyJsShown);
            plotlyJsShown = true;
            figures.Add(RecordFigure(chart, cellNumber, ordinal, bundle[OutputFormatter.PlotlyMimeType]));
            return bundle;
        }
        onDisplay = value =>
        {
            collector.Emit(CellOutput.Display(CellOutputKind.DisplayData, value, Format(value)));
        };
        globals.CancellationToken = cellCancellation.Token;
        try
        {
            var cell = CellThread.Start(() =>
            {
                CellCancellation.Enter(cellCancellation.Token);
                return state is null
                    ? script.RunAsync(globals, _ => true, cellCancellation.Token)
                    : script.RunFromAsync(state, _ => true, cellCancellation.Token);
            });
            var finished = await Task.WhenAny(cell.Run, Task.Delay(timeout, cancellationToken)).ConfigureAwait(false);
            if (finished != cell.Run)
            {
                bool stopped = await cell.StopAsync(cellCancellation, StopGrace).ConfigureAwait(false);
                string outcome = stopped
                    ? "stopped"
                    : $"abandoned: it did not stop within {StopGrace.TotalSeconds:G4} s (a call that never checks for " +
                      "interruption keeps running in the background); the variables are those of the last cell that finished";
                collector.Emit(cancellationToken.IsCancellationRequested
                    ? Failure("Interrupted", $"the cell was interrupted and {outcome}", cellNumber)
                    : Failure("TimeoutError", $"the cell did not finish within {timeout.TotalSeconds:G4} s " +
                              $"(the per-cell time limit) and was {outcome}", cellNumber));
                return false;
            }
            var next = await cell.Run.ConfigureAwait(false);
            if (next.Exception is not null && cellCancellation.IsCancellationRequested)
            {
                collector.Emit(Failure("Interrupted", "the cell was interrupted and stopped", cellNumber));
                return false;
            }
            if (next.Exception is not null)
            {
                collector.Emit(RuntimeFailure(next.Exception, cellNumber));
                return false;
            }
            Extend(next);
            if (TrailingExpression.HasValue(script))
                collector.Emit(CellOutput.Display(CellOutputKind.ExecuteResult, next.ReturnValue, Format(next.ReturnValue)));
            return true;
        }
        catch (Exception error) when (error is CompilationErrorException or OperationCanceledException)
        {
            collector.Emit(RuntimeFailure(error, cellNumber));
            return false;
        }
        finally
        {
            collector.Dispose();
            onDisplay = _ => { };
        }
    }

    private static RecordedFigure RecordFigure(GenericChart chart, int cellNumber, int ordinal, string figureJson)
    {
        var layout = GenericChart.getLayout(chart);
        int? Read(string key) => layout.TryGetTypedPropertyValue<int>(key) is { } v ? v.Value : null;
        return new RecordedFigure(cellNumber, ordinal, OutputFormatter.ChartTitle(chart), figureJson, Read("width"), Read("height"));
    }
}
