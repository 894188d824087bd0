namespace ScoreNotebooks.Notebooks.Workers;

/// <summary>The resident memory of a process and all its descendants, read from Linux's /proc.</summary>
internal static class ProcessTree
{
    /// <summary>The sum of the resident set sizes of <paramref name="root"/> and its descendants, in bytes; 0 where /proc
    /// cannot be read (another operating system, or the processes ended).</summary>
    public static long ResidentBytes(int root)
    {
        long total = 0;
        var pending = new Stack<int>([root]);
        var seen = new HashSet<int>();
        while (pending.Count > 0)
        {
            int pid = pending.Pop();
            if (!seen.Add(pid)) continue;
            total += Resident(pid);
            foreach (int child in Children(pid)) pending.Push(child);
        }
        return total;
    }

    private static long Resident(int pid)
    {
        try
        {
            // statm: size resident shared … in pages.
            string[] fields = File.ReadAllText($"/proc/{pid}/statm").Split(' ');
            return fields.Length > 1 && long.TryParse(fields[1], out long pages) ? pages * Environment.SystemPageSize : 0;
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }

    private static IEnumerable<int> Children(int pid)
    {
        var children = new List<int>();
        try
        {
            foreach (string task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
                foreach (string id in File.ReadAllText(Path.Combine(task, "children")).Split(' ', StringSplitOptions.RemoveEmptyEntries))
                    if (int.TryParse(id, out int child)) children.Add(child);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            // The process ended meanwhile.
        }
        return children;
    }
}
