using ScoreNotebooks.Notebooks.Execution;

namespace ScoreNotebooks.Benchmarks;

/// <summary>
/// The trivial cell of the engine's memory measurements, the same as bench/cell-memory/make_notebook.py
/// writes: cell i declares <c>x{i}</c> and prints it, so each cell adds a variable to the script state.
/// </summary>
internal static class TrivialCells
{
    /// <summary>The source of cell <paramref name="i"/> (1-based).</summary>
    public static string Source(int i) => $"var x{i} = {i};\nConsole.WriteLine(x{i});";

    /// <summary>Runs cell <paramref name="i"/> in <paramref name="session"/> and throws if it did not succeed.</summary>
    public static CellResult Run(ScriptSession session, int i)
    {
        var result = session.ExecuteAsync(Source(i), i).GetAwaiter().GetResult();
        if (result.Status != CellStatus.Succeeded)
            throw new InvalidOperationException($"trivial cell {i} did not succeed: {result.Error?.ErrorValue}");
        return result;
    }
}
