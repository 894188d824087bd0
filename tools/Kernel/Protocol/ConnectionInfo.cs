using System.Text.Json;
using System.Text.Json.Nodes;

namespace ScoreNotebooks.Kernel.Protocol;

/// <summary>
/// The connection file a Jupyter front end writes for the kernel it starts: where the five channels
/// listen and the key that signs every message.
/// </summary>
/// <param name="Transport">"tcp" (the only transport this kernel's ZeroMQ library offers on every system).</param>
/// <param name="IP">The address to bind, e.g. "127.0.0.1".</param>
/// <param name="ShellPort">Requests and replies (execute, complete, inspect, …).</param>
/// <param name="IOPubPort">Broadcast of outputs and status.</param>
/// <param name="StdinPort">Input requested by a running cell.</param>
/// <param name="ControlPort">Interrupt and shutdown, answered while a cell runs.</param>
/// <param name="HeartbeatPort">Echo socket the front end pings to see that the kernel is alive.</param>
/// <param name="Key">The HMAC key; empty means messages are not signed.</param>
/// <param name="SignatureScheme">"hmac-sha256".</param>
internal sealed record ConnectionInfo(
    string Transport, string IP, int ShellPort, int IOPubPort, int StdinPort, int ControlPort, int HeartbeatPort,
    string Key, string SignatureScheme)
{
    /// <summary>The only signature scheme this kernel accepts, as the connection file spells it.</summary>
    public const string HmacSha256 = "hmac-sha256";

    /// <summary>The ZeroMQ endpoint of a port: "tcp://127.0.0.1:5555".</summary>
    public string Endpoint(int port) => $"{Transport}://{IP}:{port}";

    /// <summary>Reads and checks a connection file.</summary>
    /// <param name="path">The file the front end passed with <c>-f</c>.</param>
    /// <returns>The connection.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="FormatException">The file is not JSON, lacks a field, or asks for a transport or scheme this kernel lacks.</exception>
    public static ConnectionInfo Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such connection file", path);
        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Parses connection-file JSON.</summary>
    /// <param name="json">The file's text.</param>
    /// <param name="label">The file name, for messages.</param>
    /// <returns>The connection.</returns>
    /// <exception cref="FormatException">The text is not JSON, lacks a field, or asks for a transport or scheme this kernel lacks.</exception>
    public static ConnectionInfo Parse(string json, string label)
    {
        JsonObject root;
        try
        {
            root = JsonNode.Parse(json) as JsonObject ?? throw new FormatException($"{label}: the connection file is not a JSON object");
        }
        catch (JsonException error)
        {
            throw new FormatException($"{label}: the connection file is not valid JSON ({error.Message})", error);
        }
        string transport = Text(root, "transport", label, "tcp");
        if (transport != "tcp")
            throw new FormatException($"{label}: transport '{transport}' is not supported; this kernel listens on \"tcp\" only");
        string scheme = Text(root, "signature_scheme", label, HmacSha256);
        string key = Text(root, "key", label, "");
        if (key.Length > 0 && scheme != HmacSha256)
            throw new FormatException($"{label}: signature scheme '{scheme}' is not supported; use \"{HmacSha256}\"");
        return new ConnectionInfo(transport, Text(root, "ip", label, "127.0.0.1"),
            Port(root, "shell_port", label), Port(root, "iopub_port", label), Port(root, "stdin_port", label),
            Port(root, "control_port", label), Port(root, "hb_port", label), key, scheme);
    }

    private static string Text(JsonObject root, string name, string label, string fallback) => root[name] switch
    {
        null => fallback,
        JsonValue v when v.TryGetValue(out string? s) => s,
        _ => throw new FormatException($"{label}: \"{name}\" must be a string"),
    };

    private static int Port(JsonObject root, string name, string label) =>
        root[name] is JsonValue v && v.TryGetValue(out int port) && port is > 0 and <= 65535
            ? port
            : throw new FormatException($"{label}: \"{name}\" must be a port number from 1 to 65535");
}
