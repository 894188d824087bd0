using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using ScoreNotebooks.Notebooks.Format;
using ScoreNotebooks.Notebooks.Running;
using ScoreNotebooks.Notebooks.Workers;

namespace ScoreNotebooks.Benchmarks;

/// <summary>
/// What running a notebook in a worker process costs: a three-cell notebook run in this process
/// (as the runner did before notebooks had workers, with the compiler already warm), in a worker started
/// for it, and in a worker started ahead, as the runner starts the next notebook's worker while the current
/// notebook runs.
/// </summary>
/// <remarks>
/// Each operation is seconds long, so every iteration is one run (Monitoring strategy). The worker's peak
/// resident memory, the other cost of a worker, is printed after each iteration.
/// </remarks>
[SimpleJob(RunStrategy.Monitoring, warmupCount: 1, iterationCount: 8)]
public class NotebookWorkerBenchmarks
{
    private const string Notebook = """
        {"cells": [
          {"cell_type": "code", "execution_count": null, "metadata": {}, "outputs": [], "source": ["var xs = Enumerable.Range(0, 1000).Select(i => i * 0.5).ToList();"]},
          {"cell_type": "code", "execution_count": null, "metadata": {}, "outputs": [], "source": ["Console.WriteLine(xs.Sum());"]},
          {"cell_type": "code", "execution_count": null, "metadata": {}, "outputs": [], "source": ["xs.Count"]}
        ], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
        """;

    private NotebookProcess? prestarted;

    [IterationSetup(Target = nameof(InAWorkerStartedAhead))]
    public void StartAhead()
    {
        prestarted = NotebookProcess.Start();
        // As while the notebook before it runs: the worker connects and loads the compiler meanwhile.
        Thread.Sleep(TimeSpan.FromSeconds(6));
    }

    [Benchmark(Baseline = true, Description = "in this process (compiler warm)")]
    public Task<NotebookRunResult> InThisProcess() =>
        NotebookExecutor.ExecuteAsync(NotebookDocument.Parse(Notebook), Path.GetTempPath());

    [Benchmark(Description = "in a worker started for it")]
    public async Task<NotebookRunResult> InANewWorker()
    {
        await using var process = NotebookProcess.Start();
        var result = await process.RunAsync(NotebookDocument.Parse(Notebook), Path.GetTempPath());
        Report(process);
        return result;
    }

    [Benchmark(Description = "in a worker started ahead")]
    public async Task<NotebookRunResult> InAWorkerStartedAhead()
    {
        await using var process = prestarted!;
        var result = await process.RunAsync(NotebookDocument.Parse(Notebook), Path.GetTempPath());
        Report(process);
        return result;
    }

    private static void Report(NotebookProcess process) =>
        Console.WriteLine($"// worker peak resident memory: {process.PeakResidentBytes / (1 << 20)} MiB");
}
