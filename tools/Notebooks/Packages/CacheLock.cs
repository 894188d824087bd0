namespace ScoreNotebooks.Notebooks.Packages;

/// <summary>
/// An exclusive lock between engines (runner workers, kernels, sessions of one process) that restore
/// the same packages into the same cache at the same time.
/// </summary>
/// <remarks>
/// The lock is a file opened with <see cref="FileShare.None"/>, which .NET takes as an advisory
/// <c>flock</c> on Unix and a sharing lock on Windows; the system releases it when its holder exits, so
/// a crashed engine never leaves the cache locked. The lock only saves duplicate work: consistency comes
/// from writing each set in a private folder and renaming it into place.
/// </remarks>
internal static class CacheLock
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(30);

    /// <summary>Waits for the lock on <paramref name="path"/> and takes it; dispose the result to release it.</summary>
    /// <param name="path">The lock file (created if missing).</param>
    /// <param name="onWait">Called once if another holder makes this call wait.</param>
    /// <param name="cancellationToken">Stops the wait.</param>
    /// <returns>The open lock file.</returns>
    /// <exception cref="OperationCanceledException">The wait was cancelled.</exception>
    /// <exception cref="IOException">The lock was still held after 30 minutes, or the file cannot be created.</exception>
    public static async Task<IDisposable> AcquireAsync(string path, Action onWait, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var deadline = DateTime.UtcNow + Patience;
        bool waited = false;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                if (!waited)
                    onWait();
                waited = true;
                await Task.Delay(Poll, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
