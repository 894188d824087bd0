using NetMQ;
using NetMQ.Sockets;
using ScoreNotebooks.Kernel.Protocol;

namespace ScoreNotebooks.Kernel;

/// <summary>
/// The five ZeroMQ sockets of a kernel, bound to the ports of the connection file. One poller thread
/// owns the shell, control, stdin and iopub sockets (ZeroMQ sockets are not thread-safe): it receives
/// and decodes requests, and sends what other threads queue with <see cref="Send"/>. The heartbeat
/// echoes on a thread of its own, so it answers whatever the kernel is doing.
/// </summary>
/// <remarks>
/// An exception that escaped either thread would end the process (and the poller thread's death alone would
/// leave the kernel deaf), so whatever a message or a send throws is logged, and the threads go on.
/// </remarks>
internal sealed class KernelSockets : IDisposable
{
    private static readonly TimeSpan SendTimeout = TimeSpan.FromSeconds(5);

    private readonly RouterSocket shell = new();
    private readonly RouterSocket control = new();
    private readonly RouterSocket stdin = new();
    private readonly PublisherSocket iopub = new();
    // A router, as in ipykernel, rather than a reply socket: it echoes to whoever pinged and keeps no
    // request–reply state, which two messages without a request's empty first frame left a reply socket
    // deaf for good (KernelSocketsTests).
    private readonly RouterSocket heartbeat = new();
    // Work for the poller thread: sending a message, or marking that everything before it was sent.
    private readonly NetMQQueue<Action> outgoing = new();
    private readonly NetMQPoller poller;
    private readonly Thread heartbeatThread;
    private readonly WireFormat wire;
    private readonly KernelLog log;
    private volatile bool stopping;

    /// <summary>Binds every socket; nothing is received until <see cref="Start"/>.</summary>
    /// <param name="connection">The ports and address.</param>
    /// <param name="wire">Encodes, decodes, signs and checks messages.</param>
    /// <param name="log">Where refused messages and send failures are reported.</param>
    /// <param name="onRequest">Receives every valid message from the shell, control and stdin sockets, on the poller thread.</param>
    public KernelSockets(ConnectionInfo connection, WireFormat wire, KernelLog log, Action<JupyterChannel, JupyterMessage> onRequest)
    {
        this.wire = wire;
        this.log = log;
        foreach (var socket in new NetMQSocket[] { shell, control, stdin, iopub, heartbeat })
            socket.Options.Linger = TimeSpan.FromSeconds(1);
        shell.Bind(connection.Endpoint(connection.ShellPort));
        control.Bind(connection.Endpoint(connection.ControlPort));
        stdin.Bind(connection.Endpoint(connection.StdinPort));
        iopub.Bind(connection.Endpoint(connection.IOPubPort));
        heartbeat.Bind(connection.Endpoint(connection.HeartbeatPort));
        shell.ReceiveReady += (_, e) => Receive(e.Socket, JupyterChannel.Shell, onRequest);
        control.ReceiveReady += (_, e) => Receive(e.Socket, JupyterChannel.Control, onRequest);
        stdin.ReceiveReady += (_, e) => Receive(e.Socket, JupyterChannel.Stdin, onRequest);
        outgoing.ReceiveReady += (_, e) =>
        {
            while (e.Queue.TryDequeue(out var work, TimeSpan.Zero))
            {
                try
                {
                    work();
                }
                catch (Exception error)
                {
                    log.Error($"sending failed: {error}");
                }
            }
        };
        poller = [shell, control, stdin, outgoing];
        heartbeatThread = new Thread(Echo) { IsBackground = true, Name = "jupyter heartbeat" };
    }

    /// <summary>Starts the poller and heartbeat threads.</summary>
    public void Start()
    {
        poller.RunAsync("jupyter channels", isBackgroundThread: true);
        heartbeatThread.Start();
    }

    /// <summary>Queues <paramref name="message"/> to go out on <paramref name="channel"/>; safe from any thread.</summary>
    public void Send(JupyterChannel channel, JupyterMessage message)
    {
        if (!stopping) outgoing.Enqueue(() => Transmit(channel, message));
    }

    /// <summary>Sends what is queued, then stops the threads and closes the sockets.</summary>
    public void Dispose()
    {
        if (stopping) return;
        // The queue is drained in order, so replies queued before this point still go out.
        using var drained = new ManualResetEventSlim();
        outgoing.Enqueue(drained.Set);
        drained.Wait(SendTimeout);
        stopping = true;
        poller.Stop();
        heartbeatThread.Join(TimeSpan.FromSeconds(2));
        poller.Dispose();
        foreach (var socket in new NetMQSocket[] { shell, control, stdin, iopub, heartbeat }) socket.Dispose();
        outgoing.Dispose();
    }

    private void Receive(NetMQSocket socket, JupyterChannel channel, Action<JupyterChannel, JupyterMessage> onRequest)
    {
        string name = channel.ToString().ToLowerInvariant();
        for (var frames = new List<byte[]>(); socket.TryReceiveMultipartBytes(ref frames); frames = [])
        {
            JupyterMessage? message = null;
            try
            {
                if (!wire.TryDecode(frames, out message, out string problem))
                {
                    log.Warn($"{name} channel: {problem}; the message was dropped");
                    continue;
                }
                onRequest(channel, message!);
            }
            catch (Exception error)
            {
                log.Error(message is null
                    ? $"{name} channel: decoding a message failed; it was dropped: {error}"
                    : $"{name} channel: handling {message.Type} failed: {error}");
            }
        }
    }

    private void Transmit(JupyterChannel channel, JupyterMessage message)
    {
        NetMQSocket socket = channel switch
        {
            JupyterChannel.Shell => shell,
            JupyterChannel.Control => control,
            JupyterChannel.Stdin => stdin,
            _ => iopub,
        };
        // A broadcast has no routing identities; its first frame is a topic that subscribers may filter on.
        if (channel == JupyterChannel.IOPub)
            message = message.WithIdentities([System.Text.Encoding.UTF8.GetBytes($"kernel.{(string?)message.Header["session"]}.{message.Type}")]);
        var frames = wire.Encode(message);
        if (!socket.TrySendMultipartBytes(SendTimeout, frames))
            log.Warn($"{channel.ToString().ToLowerInvariant()} channel: {message.Type} could not be sent within {SendTimeout.TotalSeconds} s");
    }

    private void Echo()
    {
        var frames = new List<byte[]>();
        while (!stopping)
        {
            try
            {
                if (heartbeat.TryReceiveMultipartBytes(TimeSpan.FromMilliseconds(200), ref frames))
                {
                    heartbeat.TrySendMultipartBytes(SendTimeout, frames);
                    frames = [];
                }
            }
            catch (Exception error)
            {
                if (stopping) return;
                log.Warn($"heartbeat: {error.Message}");
                // Whatever failed may fail again at once; the pause keeps the log readable.
                Thread.Sleep(200);
            }
        }
    }
}
