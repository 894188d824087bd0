namespace ScoreNotebooks.Notebooks.Running;

/// <summary>Settings for running a whole notebook.</summary>
public sealed record NotebookExecutionOptions
{
    /// <summary>The default per-cell time limit: ten minutes, generous for any chapter cell.</summary>
    public static readonly TimeSpan DefaultCellTimeout = TimeSpan.FromMinutes(10);

    /// <summary>The time limit of each cell, &gt; 0.</summary>
    public TimeSpan CellTimeout { get; init; } = DefaultCellTimeout;

    /// <summary>Told before each code cell runs; may be null.</summary>
    public IProgress<CellProgress>? Progress { get; init; }
}
