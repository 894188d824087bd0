namespace ScoreNotebooks.Torch;

/// <summary>
/// TorchSharp's native libraries could not be loaded. The message lists what was tried, in
/// order, and what to do about it.
/// </summary>
public sealed class TorchLoadException : Exception
{
    /// <summary>Creates the exception with its full message.</summary>
    /// <param name="message">What failed, what was tried and what to do.</param>
    /// <param name="inner">The error that stopped the load, if any.</param>
    public TorchLoadException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}
