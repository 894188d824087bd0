using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/ScoreNotebooks.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
