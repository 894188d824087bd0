using System.Text;
using Microsoft.CodeAnalysis;
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
/// both are process-wide, so cells of all sessions in a process run one at a time.
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
    private Action<object?> onDisplay = _ => { };

    /// <summary>Creates an empty session.</summary>
    /// <param name="workingDirectory">The folder relative paths resolve against (the notebook's folder); must exist.</param>
    /// <param name="packages">The packages <c>#r "nuget: …"</c> may name; null for the host's.</param>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    public ScriptSession(string workingDirectory, CarriedPackages? packages = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(workingDirectory);
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

    /// <summary>Every chart displayed so far, in order.</summary>
    public IReadOnlyList<RecordedFigure> Figures => figures;

    /// <summary>Runs one cell.</summary>
    /// <param name="source">The cell's source, directives included.</param>
    /// <param name="cellNumber">The cell's 1-based position in its notebook, used in messages and figure names.</param>
    /// <param name="defaultLanguage">The language the notebook metadata gives the cell, or null for C#.</param>
    /// <param name="onOutput">Receives each output as it happens (a kernel forwards them live); may be null.</param>
    /// <param name="timeout">The time limit, &gt; 0; <see cref="Timeout.InfiniteTimeSpan"/> for none.</param>
    /// <param name="cancellationToken">Interrupts the cell.</param>
    /// <returns>The cell's status and outputs.</returns>
    public async Task<CellResult> ExecuteAsync(string source, int cellNumber, string? defaultLanguage = null,
        Action<CellOutput>? onOutput = null, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        var outputs = new List<CellOutput>();
        void Record(CellOutput output)
        {
            outputs.Add(output);
            onOutput?.Invoke(output);
        }
        var directives = CellDirectives.Parse(source, defaultLanguage);
        if (directives.IsMarkdown)
            return new CellResult(CellStatus.NotRun, null, outputs);
        int count = ++ExecutionCount;
        if (PrepareProblem(directives, cellNumber, out var options) is { } problem)
        {
            Record(Failure(problem.Name, problem.Message, cellNumber));
            return new CellResult(CellStatus.Failed, count, outputs);
        }
        // A stream (rather than a string) gives the source an encoding, which debug information needs;
        // with it, exceptions report the line within the cell.
        using var code = new MemoryStream(Encoding.UTF8.GetBytes(directives.Code));
        var script = state is null
            ? CSharpScript.Create(code, options, typeof(NotebookGlobals))
            : state.Script.ContinueWith(code, options);
        var errors = script.Compile(cancellationToken).Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (errors.Count > 0)
        {
            Record(CompileFailure(errors, cellNumber));
            return new CellResult(CellStatus.Failed, count, outputs);
        }
        bool ok = await RunAsync(script, cellNumber, Record, timeout ?? Timeout.InfiniteTimeSpan, cancellationToken)
            .ConfigureAwait(false);
        return new CellResult(ok ? CellStatus.Succeeded : CellStatus.Failed, count, outputs);
    }

    private async Task<bool> RunAsync(Script<object> script, int cellNumber, Action<CellOutput> record,
        TimeSpan timeout, CancellationToken cancellationToken)
    {
        await Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        string previousDirectory = Environment.CurrentDirectory;
        using var cellCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var collector = new OutputCollector(record);
        int ordinal = 0;
        // Charts are recorded for the host and given element ids that depend only on their position.
        IReadOnlyDictionary<string, string> Format(object? value)
        {
            if (value is not GenericChart chart) return OutputFormatter.Format(value);
            figures.Add(new RecordedFigure(cellNumber, ++ordinal, chart));
            return OutputFormatter.Format(value, OutputFormatter.ChartElementId(chart, cellNumber, ordinal));
        }
        onDisplay = value =>
        {
            collector.Emit(CellOutput.Display(CellOutputKind.DisplayData, value, Format(value)));
        };
        globals.CancellationToken = cellCancellation.Token;
        try
        {
            Environment.CurrentDirectory = WorkingDirectory;
            var run = Task.Run(() => state is null
                ? script.RunAsync(globals, _ => true, cellCancellation.Token)
                : script.RunFromAsync(state, _ => true, cellCancellation.Token), CancellationToken.None);
            var finished = await Task.WhenAny(run, Task.Delay(timeout, cancellationToken)).ConfigureAwait(false);
            if (finished != run)
            {
                cellCancellation.Cancel();
                collector.Emit(cancellationToken.IsCancellationRequested
                    ? Failure("Interrupted", "the cell was interrupted", cellNumber)
                    : Failure("TimeoutError", $"the cell did not finish within {timeout.TotalSeconds:G4} s " +
                              "(the per-cell time limit) and was abandoned", cellNumber));
                return false;
            }
            var next = await run.ConfigureAwait(false);
            if (next.Exception is not null)
            {
                collector.Emit(RuntimeFailure(next.Exception, cellNumber));
                return false;
            }
            state = next;
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
            Environment.CurrentDirectory = previousDirectory;
            Gate.Release();
        }
    }
}
