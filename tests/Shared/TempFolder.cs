namespace ScoreNotebooks.TestSupport;

/// <summary>A temporary folder, deleted when the test ends.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "sn-tests-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { /* a process that is still exiting (a kernel, chromium) may hold a file; the OS cleans temp */ }
    }
}
