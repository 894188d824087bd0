using System.Globalization;

namespace ScoreNotebooks.Notebooks.Workers;

/// <summary>Why a worker process ended before its notebook finished, told as an error output says it.</summary>
/// <remarks>Made by the worker's supervisor; the cell that was running gets an error output with this name and cause.</remarks>
/// <param name="Name">The error name: "ProcessExited", "MemoryCapExceeded", "TimeoutError" or "Interrupted".</param>
/// <param name="Cause">What happened, e.g. "Environment.Exit(3) was called".</param>
public sealed record WorkerEnding(string Name, string Cause)
{
    private static readonly Dictionary<int, string> SignalNames = new()
    {
        [1] = "SIGHUP", [2] = "SIGINT", [3] = "SIGQUIT", [4] = "SIGILL", [6] = "SIGABRT", [7] = "SIGBUS",
        [8] = "SIGFPE", [9] = "SIGKILL", [11] = "SIGSEGV", [13] = "SIGPIPE", [15] = "SIGTERM",
    };

    /// <summary>The worker's resident memory passed the cap, so the runner stopped it.</summary>
    internal static WorkerEnding MemoryCap(long capBytes, long residentBytes) => new("MemoryCapExceeded",
        $"the notebook's process used {Megabytes(residentBytes)} MiB, more than its memory cap of {Megabytes(capBytes)} MiB, and was stopped");

    /// <summary>A cell ran past its time limit and the worker stopped answering, so the runner stopped it.</summary>
    internal static WorkerEnding Timeout(TimeSpan limit) => new("TimeoutError",
        $"the cell did not finish within {limit.TotalSeconds.ToString("G4", CultureInfo.InvariantCulture)} s " +
        "(the per-cell time limit) and its process was stopped");

    /// <summary>The run was interrupted (Ctrl-C), so the runner stopped the worker.</summary>
    internal static WorkerEnding Interrupted() => new("Interrupted", "the run was interrupted and the notebook's process was stopped");

    /// <summary>The process ended on its own: told from what it said last, its exit code and its error output.</summary>
    /// <param name="lastWords">What the worker said as it ended (an Environment.Exit call, an unhandled exception), or null.</param>
    /// <param name="exitCode">The exit code; on Unix 128 + N for a process killed by signal N.</param>
    /// <param name="errorOutput">The end of what it wrote to its standard error.</param>
    internal static WorkerEnding Exited(string? lastWords, int exitCode, string errorOutput)
    {
        if (lastWords is not null) return new("ProcessExited", lastWords);
        if (errorOutput.Contains("Stack overflow.", StringComparison.Ordinal))
            return new("ProcessExited", $"the stack overflowed (unbounded recursion?) and the runtime ended the process ({Code(exitCode)})");
        if (LineAfter(errorOutput, "Process terminated.") is { } failFast)
            return new("ProcessExited", $"Environment.FailFast was called: {failFast}");
        if (LineAfter(errorOutput, "Unhandled exception.") is { } unhandled)
            return new("ProcessExited", $"an exception on a thread the cell started was not handled: {unhandled}");
        if (!OperatingSystem.IsWindows() && exitCode is > 128 and < 160)
            return new("ProcessExited", $"the process was killed by {Code(exitCode)}" +
                                        (exitCode - 128 is 11 or 7 or 4 ? " (a crash in native code)" : ""));
        return new("ProcessExited", $"the process exited with code {exitCode}");
    }

    private static string Code(int exitCode) =>
        !OperatingSystem.IsWindows() && exitCode is > 128 and < 160
            ? $"signal {exitCode - 128}" + (SignalNames.TryGetValue(exitCode - 128, out string? name) ? $", {name}" : "")
            : $"exit code {exitCode}";

    /// <summary>The text after <paramref name="marker"/> on its line, or the next non-empty line when it ends the line.</summary>
    private static string? LineAfter(string text, string marker)
    {
        int at = text.IndexOf(marker, StringComparison.Ordinal);
        if (at < 0) return null;
        return text[(at + marker.Length)..].Split('\n').Select(line => line.Trim()).FirstOrDefault(line => line.Length > 0) ?? "";
    }

    private static long Megabytes(long bytes) => bytes >> 20;
}
