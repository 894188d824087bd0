using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using ScoreNotebooks.Notebooks.Execution;

namespace ScoreNotebooks.Benchmarks;

/// <summary>
/// One trivial cell (<see cref="TrivialCells"/>) executed by the notebook engine after 100 and after
/// 2,000 earlier cells: its time and the managed memory it allocates. Equal figures for both mean that
/// a cell costs the same however long the notebook has run.
/// </summary>
/// <remarks>
/// Each invocation runs a new cell that continues the session, so the session grows during the
/// measurement (by warm-up + iterations × invocations = 260 cells); hence a fixed, small number of
/// invocations. MemoryDiagnoser's Allocated column counts every managed byte a cell allocates
/// (compilation, emit, run); what a cell leaves retained is measured by <see cref="CellMemoryHarness"/>.
/// </remarks>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 3, iterationCount: 10, invocationCount: 20)]
public class CellExecutionBenchmarks
{
    private ScriptSession session = null!;
    private int next;

    /// <summary>How many cells ran in the session before the measured ones.</summary>
    [Params(100, 2_000)]
    public int EarlierCells { get; set; }

    /// <summary>Runs the earlier cells.</summary>
    [GlobalSetup]
    public void Setup()
    {
        session = new ScriptSession(Path.GetTempPath());
        for (next = 1; next <= EarlierCells; next++)
            TrivialCells.Run(session, next);
    }

    /// <summary>Compiles and runs the next trivial cell.</summary>
    [Benchmark(Description = "engine: one trivial cell")]
    public CellResult TrivialCell() => TrivialCells.Run(session, next++);
}
