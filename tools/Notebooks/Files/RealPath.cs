namespace ScoreNotebooks.Notebooks.Files;

/// <summary>Where a path really leads, symbolic links followed, so two names of one file can be told apart from two files.</summary>
public static class RealPath
{
    private const int MaxLinks = 40;

    /// <summary>
    /// The absolute path of <paramref name="path"/> with every symbolic link along it resolved, as far as
    /// the path exists (the rest is appended as given).
    /// </summary>
    /// <param name="path">A path, relative to the current folder or absolute.</param>
    /// <returns>The resolved absolute path.</returns>
    /// <exception cref="IOException">The links form a loop or a chain longer than 40.</exception>
    public static string Of(string path)
    {
        string full = Path.GetFullPath(path);
        string root = Path.GetPathRoot(full)!;
        string current = root;
        var parts = new Queue<string>(full[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries));
        int links = 0;
        while (parts.TryDequeue(out string? part))
        {
            string next = Path.Combine(current, part);
            FileSystemInfo info = Directory.Exists(next) ? new DirectoryInfo(next) : new FileInfo(next);
            if (info.Exists && info.LinkTarget is { } target)
            {
                if (++links > MaxLinks) throw new IOException($"{path}: too many symbolic links");
                // Resolve the target from the link's folder, then walk the rest of the path again from there.
                string resolved = Path.GetFullPath(target, current);
                var rest = Path.GetFullPath(resolved)[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries)
                    .Concat(parts).ToList();
                parts = new Queue<string>(rest);
                current = root;
                continue;
            }
            current = next;
        }
        return current;
    }

    /// <summary>True when the two paths lead to the same place (compared as the file system does on this platform).</summary>
    public static bool Same(string a, string b) =>
        string.Equals(Of(a), Of(b), OperatingSystem.IsLinux() ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase);
}
