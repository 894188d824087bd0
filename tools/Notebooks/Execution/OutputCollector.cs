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
/// <para>The console writers are replaced once, by writers that route each write to the collector
/// of the cell whose code made it (an <see cref="AsyncLocal{T}"/> that flows into the cell's tasks
/// and threads) and everything else to the original console. A cell abandoned after a timeout may
/// go on writing; once its collector is disposed those writes are dropped, so they neither reach
/// the terminal nor land in a later cell's outputs.</para>
/// </remarks>
internal sealed class OutputCollector : IDisposable
{
    private readonly object gate = new();
    private readonly Action<CellOutput> sink;
    private readonly StringBuilder buffer = new();
    private static readonly AsyncLocal<OutputCollector?> Current = new();
    private static readonly object InstallGate = new();
    // The collectors of cells still running, for a process that is ending (FlushAll).
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<OutputCollector, byte> Live = new();
    private readonly Timer timer;
    private string? bufferedStream;
    private bool closed;

    /// <summary>Starts capturing the console output of the code that runs in the caller's
    /// execution context from now on (the cell's script is started after this).</summary>
    /// <param name="sink">Receives the outputs.</param>
    /// <param name="flushInterval">How often buffered text is handed to the sink while the cell runs.</param>
    public OutputCollector(Action<CellOutput> sink, TimeSpan flushInterval)
    {
        this.sink = sink;
        timer = new Timer(_ => FlushIfFree(), null, flushInterval, flushInterval);
        lock (InstallGate)
        {
            if (Console.Out is not RoutingWriter) Console.SetOut(new RoutingWriter("stdout", Console.Out));
            if (Console.Error is not RoutingWriter) Console.SetError(new RoutingWriter("stderr", Console.Error));
        }
        Current.Value = this;
        Live[this] = 0;
    }

    /// <summary>
    /// Emits the buffered text of every running cell, waiting at most <paramref name="wait"/> for each; for a
    /// process that is ending (a cell called Environment.Exit) and would otherwise lose what the cell printed last.
    /// </summary>
    public static void FlushAll(TimeSpan wait)
    {
        foreach (var collector in Live.Keys)
        {
            if (!Monitor.TryEnter(collector.gate, wait)) continue;
            try { collector.FlushLocked(); }
            finally { Monitor.Exit(collector.gate); }
        }
    }

    /// <summary>
    /// Emits <paramref name="output"/> as an output of the running cell whose code calls this (its thread or a
    /// task it started); false when the caller is not a cell's code, or its cell has ended.
    /// </summary>
    public static bool EmitToCurrent(CellOutput output)
    {
        if (Current.Value is not { } collector) return false;
        lock (collector.gate)
        {
            if (collector.closed) return false;
            collector.FlushLocked();
            collector.sink(output);
            return true;
        }
    }

    /// <summary>Emits buffered text, then <paramref name="output"/>.</summary>
    public void Emit(CellOutput output)
    {
        lock (gate)
        {
            if (closed) return;
            FlushLocked();
            sink(output);
        }
    }

    /// <summary>Emits buffered text.</summary>
    public void Flush()
    {
        lock (gate) FlushLocked();
    }

    /// <summary>
    /// The timer's flush: skipped when another thread holds the collector (it is emitting, and the next tick
    /// flushes), so that a slow sink never blocks thread-pool threads; blocked ticks would pile up one per
    /// interval and starve the pool the sink itself may need.
    /// </summary>
    private void FlushIfFree()
    {
        if (!Monitor.TryEnter(gate)) return;
        try { FlushLocked(); }
        finally { Monitor.Exit(gate); }
    }

    /// <summary>Flushes, then drops whatever the cell's code still writes.</summary>
    public void Dispose()
    {
        Live.TryRemove(this, out _);
        timer.Dispose();
        lock (gate)
        {
            FlushLocked();
            closed = true;
        }
        if (Current.Value == this) Current.Value = null;
    }

    private void Append(string stream, string text)
    {
        if (text.Length == 0) return;
        lock (gate)
        {
            if (closed) return;
            if (bufferedStream != stream) FlushLocked();
            bufferedStream = stream;
            buffer.Append(text);
        }
    }

    private void FlushLocked()
    {
        if (buffer.Length > 0 && bufferedStream is not null)
            sink(CellOutput.Stream(bufferedStream, buffer.ToString()));
        buffer.Clear();
        bufferedStream = null;
    }

    /// <summary>Sends a write to the collector of the cell that made it, or else to the console
    /// writer it replaced.</summary>
    private sealed class RoutingWriter(string stream, TextWriter original) : TextWriter
    {
        public override Encoding Encoding => original.Encoding;

        public override void Write(char value) => Write(value.ToString());

        public override void Write(string? value)
        {
            if (Current.Value is { } collector) collector.Append(stream, value ?? "");
            else original.Write(value);
        }

        public override void Write(char[] buffer, int index, int count) => Write(new string(buffer, index, count));

        public override void WriteLine(string? value) => Write((value ?? "") + "\n");

        public override void WriteLine() => Write("\n");

        public override void Flush()
        {
            if (Current.Value is { } collector) collector.Flush();
            else original.Flush();
        }
    }
}
