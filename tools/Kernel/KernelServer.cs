using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using ScoreNotebooks.Kernel.Protocol;
using ScoreNotebooks.Notebooks.Execution;

namespace ScoreNotebooks.Kernel;

/// <summary>
/// A Jupyter kernel over one <see cref="ScriptSession"/>: it answers the requests of the messaging
/// protocol (5.3) that arrive on its sockets until a front end asks it to shut down.
/// </summary>
/// <remarks>
/// Shell requests are handled one at a time, in order, on a worker: a cell runs there, and completion
/// and inspection wait for it, as in other kernels. Control requests (interrupt, shutdown, kernel
/// info) are answered at once on the socket thread, so they work while a cell runs. Every request
/// is framed on iopub by a busy and an idle status. No request, however malformed, ends the kernel:
/// a handler that fails is logged and answered with an error reply.
/// </remarks>
internal sealed partial class KernelServer : IDisposable
{
    private readonly KernelLog log;
    private readonly string session = Guid.NewGuid().ToString("N");
    private readonly ScriptSession engine;
    private readonly KernelSockets sockets;
    private readonly Channel<JupyterMessage> shellQueue =
        System.Threading.Channels.Channel.CreateUnbounded<JupyterMessage>(new UnboundedChannelOptions { SingleReader = true });
    private readonly TaskCompletionSource<bool> shutdown = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly object runningGate = new();
    private long shellRequestsQueued;
    private long shellRequestsTaken;
    private CancellationTokenSource? running;
    private int executionCount;

    /// <summary>Binds the sockets of <paramref name="connection"/>; nothing is handled until <see cref="RunAsync"/>.</summary>
    /// <param name="connection">The connection file's ports and key.</param>
    /// <param name="log">The kernel's log.</param>
    /// <param name="workingDirectory">The folder cells run in: the notebook's, where front ends start kernels.</param>
    public KernelServer(ConnectionInfo connection, KernelLog log, string workingDirectory)
    {
        this.log = log;
        engine = new ScriptSession(workingDirectory) { FigureIdPrefix = $"figure-{session[..8]}" };
        sockets = new KernelSockets(connection, new WireFormat(new MessageSigner(connection.Key)), log, OnMessage);
    }

    /// <summary>The kernel's session id, written in the header of every message it sends.</summary>
    public string Session => session;

    /// <summary>Handles requests until a shutdown request, <see cref="Stop"/>, or the death of the front end that started the kernel.</summary>
    /// <returns>True when the front end asked for a restart (it starts the new kernel itself).</returns>
    public async Task<bool> RunAsync()
    {
        sockets.Start();
        Publish("status", new JsonObject { ["execution_state"] = "starting" }, null);
        var worker = Task.Run(ProcessShellAsync);
        _ = Task.Run(WarmUpAsync);
        using var parentWatch = WatchParent();
        bool restart = await shutdown.Task.ConfigureAwait(false);
        shellQueue.Writer.TryComplete();
        Interrupt();
        // A cell that could not be stopped is abandoned with the process; replies are already queued.
        await Task.WhenAny(worker, Task.Delay(TimeSpan.FromSeconds(3))).ConfigureAwait(false);
        return restart;
    }

    /// <summary>Stops the kernel as a shutdown request would (no restart).</summary>
    public void Stop() => shutdown.TrySetResult(false);

    /// <summary>
    /// Interrupts the running cell, if any: its loops and waits stop at once, and a cell stuck in a call
    /// that never checks is abandoned after a grace period. The kernel and its variables stay.
    /// </summary>
    public void Interrupt()
    {
        lock (runningGate)
        {
            if (running is null) return;
            log.Info("interrupting the running cell");
            running.Cancel();
        }
    }

    /// <summary>Sends what is queued and closes the sockets.</summary>
    public void Dispose() => sockets.Dispose();

    /// <summary>Sorts an incoming message; runs on the socket thread, so it never waits for a cell.</summary>
    private void OnMessage(JupyterChannel channel, JupyterMessage message)
    {
        switch (channel)
        {
            case JupyterChannel.Shell:
                Interlocked.Increment(ref shellRequestsQueued);
                if (!shellQueue.Writer.TryWrite(message))
                {
                    Interlocked.Decrement(ref shellRequestsQueued);
                    log.Warn($"shell channel: {message.Type} arrived while the kernel shuts down; it was dropped");
                }
                break;
            case JupyterChannel.Control:
                Busy(JupyterChannel.Control, message, () => HandleControl(message));
                break;
            case JupyterChannel.Stdin:
                ReceiveInput(message);
                break;
        }
    }

    private void HandleControl(JupyterMessage request)
    {
        if (RefusedAsUnreadable(JupyterChannel.Control, request)) return;
        switch (request.Type)
        {
            case "interrupt_request":
                Interrupt();
                Reply(JupyterChannel.Control, request, "interrupt_reply", new JsonObject { ["status"] = "ok" });
                break;
            case "shutdown_request":
                Shutdown(JupyterChannel.Control, request);
                break;
            case "kernel_info_request":
                Reply(JupyterChannel.Control, request, "kernel_info_reply", KernelInfo());
                break;
            default:
                Unsupported(JupyterChannel.Control, request);
                break;
        }
    }

    private async Task ProcessShellAsync()
    {
        var reader = shellQueue.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (reader.TryRead(out var request))
            {
                Interlocked.Increment(ref shellRequestsTaken);
                // This worker is the only reader of the queue: an exception that ended it would leave every later
                // shell request unanswered. BusyAsync catches the handler's; this catches what its error path throws.
                try
                {
                    int queuedBehindFailure = 0;
                    await BusyAsync(JupyterChannel.Shell, request, async () => queuedBehindFailure = await HandleShellAsync(request).ConfigureAwait(false))
                        .ConfigureAwait(false);
                    if (queuedBehindFailure > 0) await AbortQueuedExecutionsAsync(queuedBehindFailure).ConfigureAwait(false);
                }
                catch (Exception error)
                {
                    log.Error($"shell channel: {request.Type} failed: {error}");
                }
            }
        }
    }

    /// <summary>Shell requests received and not yet taken from the queue (the single-reader queue keeps no count).</summary>
    private int QueuedShellRequests => (int)(Interlocked.Read(ref shellRequestsQueued) - Interlocked.Read(ref shellRequestsTaken));

    /// <summary>Handles one shell request; for a failed cell whose request asks to stop the queue, the number
    /// of requests that were queued behind it, else 0.</summary>
    private async Task<int> HandleShellAsync(JupyterMessage request)
    {
        if (RefusedAsUnreadable(JupyterChannel.Shell, request)) return 0;
        switch (request.Type)
        {
            case "execute_request":
                return await ExecuteAsync(request).ConfigureAwait(false);
            case "complete_request":
                Complete(request);
                break;
            case "inspect_request":
                Inspect(request);
                break;
            case "is_complete_request":
                IsComplete(request);
                break;
            case "kernel_info_request":
                Reply(JupyterChannel.Shell, request, "kernel_info_reply", KernelInfo());
                break;
            case "history_request":
                // The kernel keeps no history between sessions; front ends keep their own.
                Reply(JupyterChannel.Shell, request, "history_reply", new JsonObject { ["status"] = "ok", ["history"] = new JsonArray() });
                break;
            case "comm_info_request":
                Reply(JupyterChannel.Shell, request, "comm_info_reply", new JsonObject { ["status"] = "ok", ["comms"] = new JsonObject() });
                break;
            case "comm_open":
                // No comm targets exist here; the protocol asks the kernel to close the comm at once.
                Publish("comm_close", new JsonObject { ["comm_id"] = request.Content["comm_id"]?.DeepClone(), ["data"] = new JsonObject() }, request);
                break;
            case "comm_msg" or "comm_close":
                break;
            case "shutdown_request":
                Shutdown(JupyterChannel.Shell, request);
                break;
            default:
                Unsupported(JupyterChannel.Shell, request);
                break;
        }
        return 0;
    }

    /// <summary>After a failed cell, the cells already queued behind it are not run, as after "Run All" in any kernel.</summary>
    /// <param name="count">How many requests were queued behind the failed cell when it failed; requests that
    /// arrive later, after the front end has had the failure, run normally.</param>
    private async Task AbortQueuedExecutionsAsync(int count)
    {
        for (int i = 0; i < count && shellQueue.Reader.TryRead(out var queued); i++)
        {
            Interlocked.Increment(ref shellRequestsTaken);
            if (queued.Type != "execute_request")
            {
                await BusyAsync(JupyterChannel.Shell, queued, () => HandleShellAsync(queued)).ConfigureAwait(false);
                continue;
            }
            Busy(JupyterChannel.Shell, queued, () => Reply(JupyterChannel.Shell, queued, "execute_reply", ErrorContent("ExecutionAborted",
                "not run: a cell before it failed or was interrupted, and the request asked to stop on errors",
                executionCount)));
        }
    }

    private void Shutdown(JupyterChannel channel, JupyterMessage request)
    {
        bool restart = request.Content["restart"] is JsonValue v && v.TryGetValue(out bool r) && r;
        log.Info(restart ? "restart requested: shutting down" : "shutdown requested");
        var content = new JsonObject { ["status"] = "ok", ["restart"] = restart };
        Reply(channel, request, "shutdown_reply", content);
        Publish("shutdown_reply", (JsonObject)content.DeepClone(), request);
        shutdown.TrySetResult(restart);
    }

    /// <summary>Loads the compiler in a throwaway session while the front end is still idle (<see cref="CompilerWarmUp"/>).</summary>
    private async Task WarmUpAsync()
    {
        if (await CompilerWarmUp.RunAsync(engine.WorkingDirectory).ConfigureAwait(false) is { } problem)
            log.Warn($"warming up the compiler failed (cells still run, the first one more slowly): {problem}");
    }

    private void Unsupported(JupyterChannel channel, JupyterMessage request)
    {
        log.Warn($"{channel.ToString().ToLowerInvariant()} channel: unsupported message type '{request.Type}' was ignored");
    }

    /// <summary>Ends the kernel when the process that started it (JPY_PARENT_PID, set by jupyter_client) is gone.</summary>
    private Timer? WatchParent()
    {
        if (OperatingSystem.IsWindows()
            || !int.TryParse(Environment.GetEnvironmentVariable("JPY_PARENT_PID"), out int parent) || parent <= 1)
            return null;
        return new Timer(_ =>
        {
            if (Alive(parent)) return;
            log.Info($"the front end process {parent} has ended; shutting down");
            Stop();
        }, null, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2));
    }

    private static bool Alive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
