using ScoreNotebooks.Notebooks.Execution;

namespace ScoreNotebooks.Notebooks.Running;

/// <summary>Settings for running a whole notebook.</summary>
public sealed record NotebookExecutionOptions
{
    private readonly TimeSpan cellTimeout = DefaultCellTimeout;

    /// <summary>The default per-cell time limit: ten minutes, generous for any chapter cell.</summary>
    public static readonly TimeSpan DefaultCellTimeout = TimeSpan.FromMinutes(10);

    /// <summary>
    /// The time limit of each cell, from <see cref="CellTimeLimit.Min"/> (1 ms) to
    /// <see cref="CellTimeLimit.Max"/> (1,000,000 s), or <see cref="Timeout.InfiniteTimeSpan"/> for none.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to a limit the engine cannot enforce
    /// (<see cref="CellTimeLimit.IsValid"/> is false).</exception>
    public TimeSpan CellTimeout
    {
        get => cellTimeout;
        init => cellTimeout = CellTimeLimit.Check(value, nameof(CellTimeout));
    }

    /// <summary>Told before each code cell runs; may be null.</summary>
    public IProgress<CellProgress>? Progress { get; init; }
}
