using System.Runtime.InteropServices;
using ScoreNotebooks.NotebookRunner;

// Ctrl-C and SIGTERM stop the running notebook's process and end the run cleanly (no partial files);
// a second Ctrl-C ends the runner at once.
using var interrupt = new CancellationTokenSource();
void Stop(PosixSignalContext context)
{
    if (interrupt.IsCancellationRequested) return;
    context.Cancel = true;
    interrupt.Cancel();
}
using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
// Console.Out is captured while notebook cells run, so the runner keeps the writers it started with.
var runner = new Runner(Console.Out, Console.Error);
return await runner.RunAsync(args, Environment.CurrentDirectory, interrupt.Token);
