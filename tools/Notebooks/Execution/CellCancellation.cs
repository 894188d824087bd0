namespace ScoreNotebooks.Notebooks.Execution;

/// <summary>
/// The interruption check that the engine compiles into the head of every loop of a cell, so that
/// interrupting a cell (or its time limit running out) stops it even in a tight loop such as
/// <c>while (true) { }</c>.
/// </summary>
/// <remarks>
/// The token belongs to the cell whose execution flow is asking (it is carried by an
/// <see cref="AsyncLocal{T}"/>), so a loop in a method that an earlier cell declared stops when the
/// cell that called it is interrupted. Outside a cell the check does nothing. A cell may call
/// <see cref="ThrowIfRequested"/> itself, for example inside a long computation that has no loop of
/// its own; library code it calls is not instrumented.
/// </remarks>
public static class CellCancellation
{
    private static readonly AsyncLocal<CancellationToken> Current = new();

    /// <summary>Signalled when the running cell is interrupted or exceeds its time limit; none outside a cell.</summary>
    public static CancellationToken Token => Current.Value;

    /// <summary>Throws when the running cell has been interrupted or has exceeded its time limit.</summary>
    /// <exception cref="OperationCanceledException">The cell was interrupted or timed out.</exception>
    public static void ThrowIfRequested() => Current.Value.ThrowIfCancellationRequested();

    /// <summary>Makes <paramref name="token"/> the token of the execution flow that runs a cell.</summary>
    internal static void Enter(CancellationToken token) => Current.Value = token;
}
