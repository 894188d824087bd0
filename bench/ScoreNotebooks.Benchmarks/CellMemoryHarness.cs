using System.Diagnostics;
using ScoreNotebooks.Notebooks.Execution;

namespace ScoreNotebooks.Benchmarks;

/// <summary>
/// Runs N trivial cells (<see cref="TrivialCells"/>) in one engine session and prints, at eight
/// checkpoints, the managed heap that remains after a full collection, the retained and the allocated
/// bytes per cell since the previous checkpoint, the process's CPU time per cell over the same span
/// (steadier than wall time on a shared machine), the loaded assemblies, the resident set and the time.
/// </summary>
/// <remarks>
/// BenchmarkDotNet measures what an operation allocates, not what it leaves behind; a session keeps
/// every cell's compilation and assembly (later cells may use their variables and types), so the
/// retained bytes per cell are the figure that decides how many cells fit in memory. A retained size per
/// cell that rises with the checkpoint means memory grows faster than the number of cells.
/// </remarks>
internal static class CellMemoryHarness
{
    /// <summary>Runs <paramref name="cells"/> cells (≥ 8) and writes the table to the console.</summary>
    public static void Run(int cells)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(cells, 8);
        var session = new ScriptSession(Path.GetTempPath());
        var clock = Stopwatch.StartNew();
        using var process = Process.GetCurrentProcess();
        var lastCpu = process.TotalProcessorTime;
        long lastHeap = HeapAfterFullCollection(), lastAllocated = GC.GetTotalAllocatedBytes(precise: true);
        int lastCell = 0;
        Console.WriteLine($"{"cells",6} {"heap MB",9} {"retained KB/cell",17} {"allocated KB/cell",18} {"CPU ms/cell",12} {"assemblies",11} {"RSS MB",8} {"s",7}");
        for (int i = 1; i <= cells; i++)
        {
            TrivialCells.Run(session, i);
            if (i % (cells / 8) != 0 && i != cells) continue;
            long heap = HeapAfterFullCollection(), allocated = GC.GetTotalAllocatedBytes(precise: true);
            int span = i - lastCell;
            process.Refresh();
            var cpu = process.TotalProcessorTime;
            Console.WriteLine($"{i,6} {heap / 1e6,9:F1} {(heap - lastHeap) / 1e3 / span,17:F1} {(allocated - lastAllocated) / 1e3 / span,18:F1} " +
                              $"{(cpu - lastCpu).TotalMilliseconds / span,12:F1} " +
                              $"{AppDomain.CurrentDomain.GetAssemblies().Length,11} {Environment.WorkingSet / 1e6,8:F0} {clock.Elapsed.TotalSeconds,7:F1}");
            (lastHeap, lastAllocated, lastCpu, lastCell) = (heap, allocated, cpu, i);
        }
        GC.KeepAlive(session);
    }

    private static long HeapAfterFullCollection()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
