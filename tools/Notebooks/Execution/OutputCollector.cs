using System.Text;

namespace ScoreNotebooks.Notebooks.Execution;

/// <summary>
/// Captures <see cref="Console.Out"/> and <see cref="Console.Error"/> while a cell runs and hands
/// the text to a sink as <c>stream</c> outputs, in order with the cell's displays.
/// </summary>
/// <remarks>
/// Text is buffered and flushed as one stream output whenever the stream changes, a value is
/// displayed, the cell calls <c>Console.Out.Flush()</c>, the cell ends, or the flush interval has
/// passed, so a host sees the text of a long cell while it runs.
/// </remarks>
internal sealed class OutputCollector : IDisposable
{
    private readonly object gate = new();
    private readonly Action<CellOutput> sink;
    private readonly StringBuilder buffer = new();
    private readonly TextWriter previousOut;
    private readonly TextWriter previousError;
    private readonly Timer timer;
    private string? bufferedStream;
    private bool disposed;

    public OutputCollector(Action<CellOutput> sink, TimeSpan flushInterval)
    {
        this.sink = sink;
        previousOut = Console.Out;
        previousError = Console.Error;
        Console.SetOut(new StreamWriterAdapter(this, "stdout"));
        Console.SetError(new StreamWriterAdapter(this, "stderr"));
        timer = new Timer(_ => Flush(), null, flushInterval, flushInterval);
    }

    /// <summary>Emits buffered text, then <paramref name="output"/>.</summary>
    public void Emit(CellOutput output)
    {
        lock (gate)
        {
            if (disposed) return;
            FlushLocked();
            sink(output);
        }
    }

    /// <summary>Emits buffered text.</summary>
    public void Flush()
    {
        lock (gate) FlushLocked();
    }

    /// <summary>Flushes and restores the console writers.</summary>
    public void Dispose()
    {
        timer.Dispose();
        lock (gate)
        {
            FlushLocked();
            disposed = true;
        }
        Console.SetOut(previousOut);
        Console.SetError(previousError);
    }

    private void Append(string stream, string text)
    {
        if (text.Length == 0) return;
        lock (gate)
        {
            if (disposed) return; // a cell that was abandoned and still writes
            if (bufferedStream != stream) FlushLocked();
            bufferedStream = stream;
            buffer.Append(text);
        }
    }

    private void FlushLocked()
    {
        if (disposed) return;
        if (buffer.Length > 0 && bufferedStream is not null)
            sink(CellOutput.Stream(bufferedStream, buffer.ToString()));
        buffer.Clear();
        bufferedStream = null;
    }

    private sealed class StreamWriterAdapter(OutputCollector owner, string stream) : TextWriter
    {
        public override Encoding Encoding => Encoding.UTF8;

        public override void Write(char value) => owner.Append(stream, value.ToString());

        public override void Write(string? value) => owner.Append(stream, value ?? "");

        public override void Write(char[] buffer, int index, int count) => owner.Append(stream, new string(buffer, index, count));

        public override void WriteLine(string? value) => owner.Append(stream, (value ?? "") + "\n");

        public override void WriteLine() => owner.Append(stream, "\n");

        public override void Flush() => owner.Flush();
    }
}
