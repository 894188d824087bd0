using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace ScoreNotebooks.Notebooks.Files;

/// <summary>
/// Writes files so that no reader ever sees half of one, and leaves nothing behind: the text goes
/// to a temporary file beside the destination, which is then renamed over it.
/// </summary>
/// <remarks>
/// Temporary files are named <c>.NAME.PID.GUID.tmp</c>, perhaps with an extension after it (PID: the writing process). Those still being
/// written are known (<see cref="DeletePending"/> removes them, for Ctrl-C), and those of a process that
/// no longer runs are stale: <see cref="RemoveStale"/> deletes them, and nothing else.
/// </remarks>
public static partial class AtomicFile
{
    private static readonly ConcurrentDictionary<string, byte> Pending = new(StringComparer.Ordinal);

    /// <summary>Writes <paramref name="text"/> (UTF-8, no byte-order mark) to <paramref name="path"/>, atomically.</summary>
    /// <param name="path">The destination; an existing file is replaced, a symbolic link is replaced by the file.</param>
    /// <param name="text">The content.</param>
    /// <exception cref="IOException">The file cannot be written.</exception>
    /// <exception cref="UnauthorizedAccessException">The folder is not writable.</exception>
    public static void WriteAllText(string path, string text)
    {
        string temp = CreateTemporaryPath(path);
        try
        {
            File.WriteAllText(temp, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            Release(temp);
        }
    }

    /// <summary>
    /// A path for a temporary file beside <paramref name="path"/> in the scheme this class owns, remembered
    /// as pending until <see cref="Release"/>; the caller creates and uses the file.
    /// </summary>
    /// <param name="path">The file the temporary one stands in for.</param>
    /// <param name="extension">An extension to end the name with (".html", for a program that goes by it), or null.</param>
    /// <returns>The temporary path (not yet created).</returns>
    public static string CreateTemporaryPath(string path, string? extension = null)
    {
        string full = Path.GetFullPath(path);
        string temp = Path.Combine(Path.GetDirectoryName(full)!,
            $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp{extension}");
        Pending[temp] = 0;
        return temp;
    }

    /// <summary>Deletes the temporary file at <paramref name="temp"/> if it is still there, and forgets it.</summary>
    /// <param name="temp">A path from <see cref="CreateTemporaryPath"/>.</param>
    public static void Release(string temp)
    {
        TryDelete(temp);
        Pending.TryRemove(temp, out _);
    }

    /// <summary>Deletes every temporary file this process is still writing (when it is being interrupted).</summary>
    public static void DeletePending()
    {
        foreach (string temp in Pending.Keys) Release(temp);
    }

    /// <summary>
    /// Deletes the temporary files in <paramref name="folder"/> that a process which no longer runs left
    /// behind (interrupted, killed). Files of another naming, and those of running processes, are kept.
    /// </summary>
    /// <param name="folder">A folder; nothing happens when it does not exist.</param>
    /// <returns>How many files were deleted.</returns>
    public static int RemoveStale(string folder)
    {
        if (!Directory.Exists(folder)) return 0;
        int removed = 0;
        foreach (string file in Directory.EnumerateFiles(folder, ".*.tmp*"))
        {
            var match = TemporaryName().Match(Path.GetFileName(file));
            if (!match.Success || !int.TryParse(match.Groups[1].ValueSpan, out int pid) || IsRunning(pid)) continue;
            if (TryDelete(file)) removed++;
        }
        return removed;
    }

    private static bool IsRunning(int pid)
    {
        if (pid == Environment.ProcessId) return true;
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (Exception error) when (error is ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }

    private static bool TryDelete(string file)
    {
        try
        {
            if (!File.Exists(file)) return false;
            File.Delete(file);
            return true;
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"^\..+\.(\d+)\.[0-9a-f]{32}\.tmp(\.[a-z]+)?$")]
    private static partial Regex TemporaryName();
}
