using System.Globalization;

namespace ScoreNotebooks.Kernel;

/// <summary>
/// The kernel's own log, written to the standard error stream the process started with (a front end
/// shows it in its log: the terminal that runs <c>jupyter lab</c>, VS Code's Jupyter output panel).
/// Cells' console output never goes here; it goes to the front end as outputs.
/// </summary>
/// <param name="writer">The stream written to, kept from the start because cells redirect the console.</param>
internal sealed class KernelLog(TextWriter writer)
{
    private readonly object gate = new();

    /// <summary>Writes a line about the kernel's life (start, interrupt, shutdown).</summary>
    public void Info(string message) => Write("INFO", message);

    /// <summary>Writes a line about a refused or unexpected message.</summary>
    public void Warn(string message) => Write("WARNING", message);

    /// <summary>Writes a line about a failure the kernel survived.</summary>
    public void Error(string message) => Write("ERROR", message);

    private void Write(string level, string message)
    {
        string time = DateTime.Now.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture);
        lock (gate)
        {
            writer.WriteLine($"[{level} {time} ScoreNotebooks kernel] {message}");
            writer.Flush();
        }
    }
}
