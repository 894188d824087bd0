using ScoreNotebooks.NotebookRunner;

// Console.Out is captured while notebook cells run, so the runner keeps the writers it started with.
var runner = new Runner(Console.Out, Console.Error);
return await runner.RunAsync(args, Environment.CurrentDirectory);
