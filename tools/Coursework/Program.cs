using System.Runtime.InteropServices;
using ScoreNotebooks.Coursework;

// Ctrl-C and SIGTERM stop the running notebooks' processes; the command then says what it left and exits with 130.
using var interrupt = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    interrupt.Cancel();
};
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    interrupt.Cancel();
});
return new CourseworkTool(Console.Out, Console.Error).Run(args, Environment.CurrentDirectory, interrupt.Token);
