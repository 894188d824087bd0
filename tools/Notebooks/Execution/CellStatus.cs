namespace ScoreNotebooks.Notebooks.Execution;

/// <summary>How a cell's execution ended.</summary>
public enum CellStatus
{
    /// <summary>The cell compiled and ran to the end.</summary>
    Succeeded,

    /// <summary>A compile error, exception, timeout, interruption, unsupported language or bad directive.</summary>
    Failed,

    /// <summary>The cell is prose (<c>#!markdown</c>) and was kept, not run.</summary>
    NotRun,
}
