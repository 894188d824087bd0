using BenchmarkDotNet.Running;
using ScoreNotebooks.Benchmarks;

// dotnet run -c Release --project bench/ScoreNotebooks.Benchmarks -- --filter '*'
// dotnet run -c Release --project bench/ScoreNotebooks.Benchmarks -- cell-memory [CELLS]   (default 2000)
if (args is ["cell-memory", .. var rest])
    CellMemoryHarness.Run(rest is [var cells] ? int.Parse(cells, System.Globalization.CultureInfo.InvariantCulture) : 2_000);
else
    BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
