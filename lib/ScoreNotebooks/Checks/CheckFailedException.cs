namespace ScoreNotebooks.Checks;

/// <summary>
/// Thrown by <see cref="Check"/> when a measured quantity disagrees with its exact value, so that
/// a notebook stops at the cell whose claim does not hold and the runner reports it.
/// </summary>
public sealed class CheckFailedException : Exception
{
    /// <summary>Creates the exception with the one-line verdict as its message.</summary>
    /// <param name="message">The verdict, naming the quantity, both values and the tolerance.</param>
    public CheckFailedException(string message) : base(message)
    {
    }
}
