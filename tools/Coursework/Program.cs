using ScoreNotebooks.Coursework;

return new CourseworkTool(Console.Out, Console.Error).Run(args, Environment.CurrentDirectory);
