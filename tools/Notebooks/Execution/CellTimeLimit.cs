using System.Globalization;

namespace ScoreNotebooks.Notebooks.Execution;

/// <summary>The per-cell time limits the engine can enforce: from <see cref="Min"/> to <see cref="Max"/>,
/// or <see cref="Timeout.InfiniteTimeSpan"/> for none.</summary>
/// <remarks>
/// The limit is a timer (<see cref="Task.Delay(TimeSpan, CancellationToken)"/>) that counts whole
/// milliseconds up to 2³² − 2 ms (about 49.7 days): a shorter limit rounds to no time at all, and
/// the timer refuses a longer one. The range here lies inside both, with round bounds a person can
/// type: 1 ms to 1,000,000 s (about 11.6 days).
/// </remarks>
public static class CellTimeLimit
{
    /// <summary>The shortest time limit: 1 ms (0.001 s).</summary>
    public static readonly TimeSpan Min = TimeSpan.FromMilliseconds(1);

    /// <summary>The longest finite time limit: 1,000,000 s (about 11.6 days).</summary>
    public static readonly TimeSpan Max = TimeSpan.FromSeconds(1_000_000);

    /// <summary>The range in words, for messages: "from 0.001 s to 1000000 s".</summary>
    public static string Range { get; } = string.Create(CultureInfo.InvariantCulture,
        $"from {Min.TotalSeconds} s to {Max.TotalSeconds} s");

    /// <summary>Whether the engine can enforce <paramref name="limit"/>.</summary>
    /// <param name="limit">A time limit.</param>
    /// <returns>True when <see cref="Min"/> ≤ <paramref name="limit"/> ≤ <see cref="Max"/>, or the limit
    /// is <see cref="Timeout.InfiniteTimeSpan"/>.</returns>
    public static bool IsValid(TimeSpan limit) =>
        limit == Timeout.InfiniteTimeSpan || (limit >= Min && limit <= Max);

    /// <summary>Returns <paramref name="limit"/> when the engine can enforce it.</summary>
    /// <param name="limit">A time limit.</param>
    /// <param name="paramName">The parameter or property named in the exception.</param>
    /// <returns><paramref name="limit"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="limit"/> is not <see cref="IsValid"/>.</exception>
    internal static TimeSpan Check(TimeSpan limit, string paramName) =>
        IsValid(limit)
            ? limit
            : throw new ArgumentOutOfRangeException(paramName, limit, string.Create(CultureInfo.InvariantCulture,
                $"a cell's time limit must be {Range}, or Timeout.InfiniteTimeSpan for none; got {limit.TotalSeconds:G6} s"));
}
