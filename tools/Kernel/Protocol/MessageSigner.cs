using System.Security.Cryptography;
using System.Text;

namespace ScoreNotebooks.Kernel.Protocol;

/// <summary>
/// Signs and checks messages as the Jupyter protocol asks: the signature is the lower-case hex
/// HMAC-SHA256, under the connection file's key, of the header, parent header, metadata and content
/// frames in that order. An empty key means messages are neither signed nor checked.
/// </summary>
/// <remarks>
/// A valid signature seen before is refused too, as jupyter_client's own sessions do, so a captured
/// message cannot be replayed. The most recent <see cref="HistorySize"/> signatures are remembered.
/// </remarks>
internal sealed class MessageSigner
{
    /// <summary>How many signatures are remembered to refuse replays (jupyter_client keeps as many).</summary>
    public const int HistorySize = 1 << 16;

    private readonly byte[] key;
    private readonly HashSet<string> seen = new(StringComparer.Ordinal);
    private readonly Queue<string> order = new();
    private readonly object gate = new();

    /// <summary>Creates a signer for <paramref name="key"/>.</summary>
    /// <param name="key">The connection file's key ("" for unsigned messages).</param>
    public MessageSigner(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        this.key = Encoding.UTF8.GetBytes(key);
    }

    /// <summary>True when messages carry signatures.</summary>
    public bool Signs => key.Length > 0;

    /// <summary>The signature of the four frames, or "" when there is no key.</summary>
    public string Sign(IReadOnlyList<byte[]> parts)
    {
        if (!Signs) return "";
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
        foreach (byte[] part in parts) hmac.AppendData(part);
        return Convert.ToHexStringLower(hmac.GetHashAndReset());
    }

    /// <summary>Checks a received signature; records it so that the same message is refused next time.</summary>
    /// <param name="signature">The signature frame as received.</param>
    /// <param name="parts">The header, parent header, metadata and content frames.</param>
    /// <param name="problem">Why the message is refused.</param>
    /// <returns>True when the message may be handled.</returns>
    public bool Verify(string signature, IReadOnlyList<byte[]> parts, out string problem)
    {
        problem = "";
        if (!Signs) return true;
        byte[] expected = Encoding.ASCII.GetBytes(Sign(parts));
        byte[] actual = Encoding.ASCII.GetBytes(signature);
        if (!CryptographicOperations.FixedTimeEquals(expected, actual))
        {
            problem = signature.Length == 0 ? "the message is not signed" : "the signature does not match the message (wrong key or altered message)";
            return false;
        }
        lock (gate)
        {
            if (!seen.Add(signature))
            {
                problem = "the message was received before (a replayed signature)";
                return false;
            }
            order.Enqueue(signature);
            if (order.Count > HistorySize) seen.Remove(order.Dequeue());
        }
        return true;
    }
}
