using ScoreNotebooks.Kernel;

// Cells redirect the console while they run, so the command keeps the writers it started with.
var command = new KernelCommand(Console.Out, Console.Error);
return await command.RunAsync(args, Environment.CurrentDirectory);
