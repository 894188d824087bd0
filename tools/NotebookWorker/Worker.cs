using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using ScoreNotebooks.Notebooks.Execution;
using ScoreNotebooks.Notebooks.Workers;

namespace ScoreNotebooks.NotebookWorker;

/// <summary>
/// The worker's whole life: connect to the runner, load the compiler while waiting, open a script
/// session, run the cells it is sent one at a time, report each, and end when the runner hangs up.
/// The runner may start a new session for its next notebook: the last one is dropped and its memory
/// freed first, so the new notebook starts from nothing but the loaded compiler and libraries.
/// </summary>
internal static class Worker
{
    private static readonly TimeSpan LastWordsWait = TimeSpan.FromSeconds(1);
    // Kept for the life of the process: a collected registration stops ignoring the signal.
    private static PosixSignalRegistration? interruptIgnored;

    /// <remarks>
    /// Everything on the socket is synchronous, on the main thread and the threads that send outputs: a socket
    /// used asynchronously even once turns non-blocking, and its synchronous sends then wait for a thread-pool
    /// thread, which a cell that occupies the pool would never give them.
    /// </remarks>
    public static int Run(string socketPath)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            socket.Connect(new UnixDomainSocketEndPoint(socketPath));
        }
        catch (SocketException error)
        {
            Console.Error.WriteLine($"the worker could not connect to {socketPath}: {error.Message}");
            return 1;
        }
        using var channel = new WorkerChannel(new NetworkStream(socket, ownsSocket: true));
        bool finished = false;
        WatchForAnEarlyEnd(channel, () => finished);
        channel.Send(new JsonObject { ["type"] = WorkerMessages.Ready });
        // The compiler warms up while the runner has nothing for this worker yet; real work ends it after its current cell.
        using var workArrived = new CancellationTokenSource();
        var warmUp = Task.Run(() => CompilerWarmUp.RunAsync(cancellationToken: workArrived.Token));
        ScriptSession? session = null;
        while (channel.Receive() is { } message)
        {
            workArrived.Cancel();
            warmUp.GetAwaiter().GetResult();
            switch (WorkerMessages.Text(message, "type"))
            {
                case WorkerMessages.Start:
                    if (session is not null)
                    {
                        session = null;
                        FreeMemory();
                    }
                    string? problem;
                    (session, problem) = Open(WorkerMessages.Text(message, "directory"));
                    channel.Send(WorkerMessages.SessionStarted(problem));
                    break;
                case WorkerMessages.Execute when session is not null:
                    Execute(channel, session, message);
                    break;
            }
        }
        // The runner hung up: nothing more will run. Exit even if a cell left a foreground thread running.
        finished = true;
        Environment.Exit(0);
        return 0;
    }

    private static (ScriptSession? Session, string? Problem) Open(string? directory)
    {
        try
        {
            return (new ScriptSession(directory ?? Environment.CurrentDirectory), null);
        }
        catch (Exception error) when (error is DirectoryNotFoundException or ArgumentException)
        {
            return (null, error.Message);
        }
    }

    /// <summary>Collects what the last notebook left, runs finalizers (native tensors among them) and returns the
    /// freed pages to the system, so the memory cap measures the next notebook.</summary>
    private static void FreeMemory()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
    }

    private static void Execute(WorkerChannel channel, ScriptSession session, JsonObject message)
    {
        int cell = WorkerMessages.Int(message, "cell") ?? 0;
        double? seconds = WorkerMessages.Number(message, "timeoutSeconds");
        int figuresBefore = session.Figures.Count;
        var result = session.ExecuteAsync(WorkerMessages.Text(message, "source") ?? "", cell, WorkerMessages.Text(message, "language"),
            output => channel.Send(WorkerMessages.CellOutput(cell, output.ToNbformat(null))),
            seconds is double s ? TimeSpan.FromSeconds(s) : Timeout.InfiniteTimeSpan).GetAwaiter().GetResult();
        channel.Send(WorkerMessages.CellCompleted(cell, result, session.Figures.Skip(figuresBefore)));
    }

    /// <summary>
    /// Says why the process ends when a cell ends it (Environment.Exit, or an exception on a thread a cell
    /// started), and leaves Ctrl-C to the runner, which stops this process itself.
    /// </summary>
    private static void WatchForAnEarlyEnd(WorkerChannel channel, Func<bool> finished)
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            if (finished()) return;
            OutputCollector.FlushAll(LastWordsWait);
            channel.TrySend(WorkerMessages.ProcessEnding($"Environment.Exit({Environment.ExitCode}) was called"), LastWordsWait);
        };
        AppDomain.CurrentDomain.UnhandledException += (_, e) =>
        {
            OutputCollector.FlushAll(LastWordsWait);
            string what = e.ExceptionObject is Exception error ? $"{error.GetType().FullName}: {error.Message}" : $"{e.ExceptionObject}";
            channel.TrySend(WorkerMessages.ProcessEnding($"an exception on a thread the cell started was not handled: {what}"), LastWordsWait);
        };
        interruptIgnored = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => context.Cancel = true);
    }
}
