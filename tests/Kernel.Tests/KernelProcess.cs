using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using NetMQ;
using NetMQ.Sockets;
using ScoreNotebooks.Kernel.Install;

namespace ScoreNotebooks.Kernel.Tests;

/// <summary>
/// The kernel of this build started as a front end starts it (<c>dotnet ScoreNotebooks.Kernel.dll -f FILE</c>,
/// in a folder of its own), with sockets of the test's own that can send it any frames at all. Messages are
/// signed here with the connection file's key, independently of the kernel's own signer.
/// </summary>
internal sealed class KernelProcess : IDisposable
{
    private readonly TempFolder folder = new();
    private readonly Process process;
    private readonly StringBuilder log = new();
    private readonly Dictionary<string, int> ports = [];
    private readonly Dictionary<string, DealerSocket> dealers = [];
    private readonly XSubscriberSocket subscriber = new();
    private int sent;

    private KernelProcess(TimeSpan patience, string key)
    {
        Patience = patience;
        Key = key;
        string[] channels = ["shell", "control", "stdin", "iopub", "hb"];
        foreach (var (name, port) in channels.Zip(FreePorts(channels.Length))) ports[name] = port;
        string connection = Path.Combine(folder.Path, "connection.json");
        var file = new JsonObject { ["transport"] = "tcp", ["ip"] = "127.0.0.1", ["key"] = Key, ["signature_scheme"] = "hmac-sha256" };
        foreach (var (name, port) in ports) file[name + "_port"] = port;
        File.WriteAllText(connection, file.ToJsonString());
        var start = new ProcessStartInfo(ScoreNotebooks.Notebooks.Hosting.DotnetHost.Path)
        {
            WorkingDirectory = folder.Path, RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false,
        };
        foreach (string arg in new[] { Path.Combine(AppContext.BaseDirectory, KernelSpec.KernelAssembly), "-f", connection })
            start.ArgumentList.Add(arg);
        process = Process.Start(start)!;
        process.ErrorDataReceived += (_, e) =>
        {
            lock (log) log.AppendLine(e.Data);
        };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        foreach (string name in new[] { "shell", "control", "stdin", "hb" }) dealers[name] = Dealer(name);
        subscriber.Options.Linger = TimeSpan.Zero;
        subscriber.Connect($"tcp://127.0.0.1:{ports["iopub"]}");
    }

    /// <summary>How long a reply may take before the kernel counts as not answering (a bound on hangs, not a timing).</summary>
    public TimeSpan Patience { get; }

    /// <summary>The HMAC key of the connection file.</summary>
    public string Key { get; }

    /// <summary>The folder the kernel runs cells in.</summary>
    public string Folder => folder.Path;

    /// <summary>The kernel's log (its standard error) so far, and its exit code once it has ended.</summary>
    public string Log
    {
        get
        {
            lock (log) return (process.HasExited ? $"[exited with {process.ExitCode}]\n" : "") + log;
        }
    }

    /// <summary>Starts the kernel and waits until it answers kernel_info on control.</summary>
    /// <param name="patience">How long a reply may take before the kernel counts as not answering.</param>
    /// <param name="key">The connection file's key.</param>
    public static KernelProcess Start(TimeSpan patience, string key)
    {
        var kernel = new KernelProcess(patience, key);
        if (kernel.KernelInfo("control") is { } problem)
        {
            kernel.Dispose();
            throw new InvalidOperationException($"the kernel did not start: {problem}\n{kernel.Log}");
        }
        return kernel;
    }

    /// <summary>The TCP port of a channel: shell, control, stdin, iopub or hb.</summary>
    public int Port(string channel) => ports[channel];

    /// <summary>Sends frames as they are from the test's dealer socket on shell, control, stdin or hb.</summary>
    public void Send(string channel, IReadOnlyList<byte[]> frames)
    {
        var message = new NetMQMessage();
        foreach (byte[] frame in frames) message.Append(frame);
        if (!dealers[channel].TrySendMultipartMessage(Patience, message))
            throw new InvalidOperationException($"{channel}: the kernel did not take a message within {Patience.TotalSeconds} s");
        sent++;
    }

    /// <summary>Sends frames upstream as a subscriber of iopub (an XSUB socket, which may send anything there).</summary>
    public void SendIOPub(IReadOnlyList<byte[]> frames)
    {
        var message = new NetMQMessage();
        foreach (byte[] frame in frames) message.Append(frame);
        subscriber.TrySendMultipartMessage(Patience, message);
    }

    /// <summary>Writes bytes on a new plain TCP connection to a channel's port, then closes it.</summary>
    public void SendRaw(string channel, IEnumerable<byte[]> chunks)
    {
        using var client = new TcpClient();
        client.Connect(IPAddress.Loopback, ports[channel]);
        using var stream = client.GetStream();
        foreach (byte[] chunk in chunks) stream.Write(chunk);
    }

    /// <summary>The frames of a signed request from the test's client session.</summary>
    public List<byte[]> Request(string type, JsonObject content)
    {
        var header = new JsonObject
        {
            ["msg_id"] = $"test-{sent}-{Guid.NewGuid():N}", ["msg_type"] = type, ["session"] = "test", ["username"] = "test",
            ["version"] = "5.3", ["date"] = "2026-01-01T00:00:00.000000Z",
        };
        JsonObject[] parts = [header, new JsonObject(), new JsonObject(), content];
        return Sign(Key, parts.Select(p => Encoding.UTF8.GetBytes(p.ToJsonString())).ToArray());
    }

    /// <summary>The delimiter, signature and parts of a message signed with <paramref name="key"/>.</summary>
    public static List<byte[]> Sign(string key, byte[][] parts)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(key));
        foreach (byte[] part in parts) hmac.AppendData(part);
        return ["<IDS|MSG>"u8.ToArray(), Encoding.ASCII.GetBytes(Convert.ToHexStringLower(hmac.GetHashAndReset())), .. parts];
    }

    /// <summary>Asks for kernel_info on shell or control; null when the kernel answered with status ok, else what went wrong.</summary>
    /// <remarks>On shell the answer comes after every request queued before it, so it also says the shell worker is alive.</remarks>
    public string? KernelInfo(string channel)
    {
        var request = Request("kernel_info_request", []);
        string id = (string)JsonNode.Parse(request[2])!["msg_id"]!;
        Send(channel, request);
        var deadline = Stopwatch.StartNew();
        var frames = new List<byte[]>();
        while (deadline.Elapsed < Patience)
        {
            if (process.HasExited) return $"the kernel ended with exit code {process.ExitCode}";
            if (!dealers[channel].TryReceiveMultipartBytes(TimeSpan.FromMilliseconds(100), ref frames)) continue;
            if (Read(channel, frames) is not { } reply) return "a reply without the message frames came back";
            if (reply.ParentId != id) continue;
            return reply.Status == "ok" ? null : $"kernel_info_reply had status {reply.Status}";
        }
        return $"no kernel_info_reply on {channel} within {Patience.TotalSeconds} s";
    }

    /// <summary>Pings the heartbeat; null when the same bytes came back, else what went wrong.</summary>
    public string? Heartbeat()
    {
        byte[] ping = Encoding.ASCII.GetBytes($"ping-{Guid.NewGuid():N}");
        // A dealer speaks to the heartbeat as jupyter_client's REQ socket does: an empty frame, then the ping.
        Send("hb", [[], ping]);
        var deadline = Stopwatch.StartNew();
        var frames = new List<byte[]>();
        while (deadline.Elapsed < Patience)
        {
            if (process.HasExited) return $"the kernel ended with exit code {process.ExitCode}";
            if (dealers["hb"].TryReceiveMultipartBytes(TimeSpan.FromMilliseconds(100), ref frames)
                && frames.Count == 2 && frames[1].AsSpan().SequenceEqual(ping))
                return null;
        }
        return $"the heartbeat did not echo within {Patience.TotalSeconds} s";
    }

    /// <summary>Every reply read so far on shell, control and stdin: "channel msg_type status" and, for errors, the ename.</summary>
    public List<string> Replies { get; } = [];

    /// <summary>Reads whatever replies are waiting on the test's sockets (into <see cref="Replies"/>), so that no queue fills.</summary>
    public void DrainReplies()
    {
        var frames = new List<byte[]>();
        foreach (var (channel, dealer) in dealers)
            while (dealer.TryReceiveMultipartBytes(TimeSpan.Zero, ref frames))
                if (channel != "hb") Read(channel, frames);
    }

    /// <summary>Reads replies until <paramref name="reply"/> is among <see cref="Replies"/> or the kernel's patience runs out
    /// (a request that runs code may still be compiling when the kernel has answered the requests behind it).</summary>
    /// <returns>Whether it came.</returns>
    public bool WaitForReply(string reply)
    {
        var deadline = Stopwatch.StartNew();
        var frames = new List<byte[]>();
        while (!Replies.Contains(reply) && deadline.Elapsed < Patience && !process.HasExited)
        {
            foreach (var (channel, dealer) in dealers)
                if (dealer.TryReceiveMultipartBytes(TimeSpan.FromMilliseconds(50), ref frames) && channel != "hb")
                    Read(channel, frames);
        }
        return Replies.Contains(reply);
    }

    private (string? ParentId, string? Status)? Read(string channel, List<byte[]> frames)
    {
        int delimiter = frames.FindIndex(f => f.AsSpan().SequenceEqual("<IDS|MSG>"u8));
        if (delimiter < 0 || frames.Count < delimiter + 6) return null;
        var (header, parent, content) = (JsonNode.Parse(frames[delimiter + 2]), JsonNode.Parse(frames[delimiter + 3]), JsonNode.Parse(frames[delimiter + 5]));
        string? status = (string?)content?["status"];
        Replies.Add($"{channel} {(string?)header?["msg_type"]} {status}{(status == "error" ? " " + (string?)content?["ename"] : "")}");
        return ((string?)parent?["msg_id"], status);
    }

    /// <summary>Asks the kernel to shut down, and ends it if it has not ended by itself soon after.</summary>
    public void Dispose()
    {
        try
        {
            if (!process.HasExited)
            {
                Send("control", Request("shutdown_request", new JsonObject { ["restart"] = false }));
                if (!process.WaitForExit(Patience)) process.Kill(entireProcessTree: true);
            }
            process.WaitForExit();
        }
        finally
        {
            foreach (var dealer in dealers.Values) dealer.Dispose();
            subscriber.Dispose();
            process.Dispose();
            folder.Dispose();
        }
    }

    private DealerSocket Dealer(string channel)
    {
        var socket = new DealerSocket();
        socket.Options.Linger = TimeSpan.Zero;
        socket.Connect($"tcp://127.0.0.1:{ports[channel]}");
        return socket;
    }

    private static List<int> FreePorts(int count)
    {
        // Free when asked for (all held at once, so they differ); the kernel binds them a moment later, as with
        // the ports jupyter_client chooses.
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        foreach (var listener in listeners) listener.Start();
        var ports = listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToList();
        foreach (var listener in listeners) listener.Stop();
        return ports;
    }
}
