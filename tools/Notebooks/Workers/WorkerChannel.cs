using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ScoreNotebooks.Notebooks.Workers;

/// <summary>
/// The connection between the runner and a notebook worker process: one JSON object per line, in
/// both directions, over a stream (a Unix domain socket the runner creates).
/// </summary>
/// <remarks>
/// Sending is safe from several threads (a cell's output arrives on a timer thread while the main
/// loop reports cells). A dedicated socket, not the worker's standard output, carries the messages,
/// so text a cell or a native library writes to the process's own output cannot be taken for one.
/// </remarks>
internal sealed class WorkerChannel : IDisposable
{
    private static readonly byte[] NewLine = "\n"u8.ToArray();
    private readonly Stream stream;
    private readonly StreamReader reader;
    private readonly SemaphoreSlim sending = new(1, 1);

    /// <summary>Wraps <paramref name="stream"/>, which the channel owns from now on.</summary>
    public WorkerChannel(Stream stream)
    {
        this.stream = stream;
        reader = new StreamReader(stream, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: false);
    }

    /// <summary>Sends one message.</summary>
    /// <exception cref="IOException">The other side has gone.</exception>
    public void Send(JsonObject message)
    {
        byte[] line = Encoding.UTF8.GetBytes(message.ToJsonString());
        sending.Wait();
        try
        {
            stream.Write(line);
            stream.Write(NewLine);
            stream.Flush();
        }
        finally
        {
            sending.Release();
        }
    }

    /// <summary>
    /// Sends one message if the channel is free within <paramref name="wait"/> and the other side is
    /// still there; for the last words of a process that is ending, which must never block or throw.
    /// </summary>
    /// <returns>True when the message went out.</returns>
    public bool TrySend(JsonObject message, TimeSpan wait)
    {
        if (!sending.Wait(wait)) return false;
        try
        {
            stream.Write(Encoding.UTF8.GetBytes(message.ToJsonString()));
            stream.Write(NewLine);
            stream.Flush();
            return true;
        }
        catch (Exception error) when (error is IOException or ObjectDisposedException)
        {
            return false;
        }
        finally
        {
            sending.Release();
        }
    }

    /// <summary>Receives the next message, or null when the other side closed the connection.</summary>
    /// <exception cref="InvalidDataException">A line is not a JSON object with a string "type".</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<JsonObject?> ReceiveAsync(CancellationToken cancellationToken = default)
    {
        string? line;
        try
        {
            line = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException)
        {
            return null;
        }
        return Parse(line);
    }

    /// <summary>
    /// Receives the next message on the calling thread, or null when the other side closed the connection.
    /// </summary>
    /// <remarks>
    /// A socket only ever used synchronously stays in blocking mode, so its sends never wait for the thread
    /// pool; the worker reads this way because its cells may occupy every pool thread.
    /// </remarks>
    /// <exception cref="InvalidDataException">A line is not a JSON object with a string "type".</exception>
    public JsonObject? Receive()
    {
        string? line;
        try
        {
            line = reader.ReadLine();
        }
        catch (IOException)
        {
            return null;
        }
        return Parse(line);
    }

    private static JsonObject? Parse(string? line)
    {
        if (line is null) return null;
        try
        {
            if (JsonNode.Parse(line) is JsonObject message && message["type"] is JsonValue type && type.TryGetValue(out string? _))
                return message;
        }
        catch (Exception error) when (error is JsonException or ArgumentException)
        {
            throw new InvalidDataException($"the worker channel received a line that is not JSON ({error.Message})", error);
        }
        throw new InvalidDataException("the worker channel received a message without a string \"type\"");
    }

    /// <summary>Closes the connection.</summary>
    public void Dispose()
    {
        reader.Dispose();
        stream.Dispose();
        sending.Dispose();
    }
}
