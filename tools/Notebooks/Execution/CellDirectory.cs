namespace ScoreNotebooks.Notebooks.Execution;

/// <summary>
/// Makes a session's working folder the process's working directory while a cell runs, and goes back to
/// the directory before it afterwards. Either folder can vanish (a cell deletes its notebook's folder, or
/// someone deletes it from outside): entering one that is gone fails with a message that names it, and
/// going back never throws.
/// </summary>
internal sealed class CellDirectory : IDisposable
{
    private readonly string? previous;

    private CellDirectory(string? previous) => this.previous = previous;

    /// <summary>Makes <paramref name="folder"/> the working directory.</summary>
    /// <param name="folder">The session's working folder, a full path.</param>
    /// <param name="problem">When it cannot be entered: the error's name and a message that names the folder.</param>
    /// <returns>The scope to dispose when the cell ends, or null when the folder cannot be entered.</returns>
    public static CellDirectory? TryEnter(string folder, out (string Name, string Message) problem)
    {
        string? previous = Current();
        try
        {
            Environment.CurrentDirectory = folder;
            problem = default;
            return new CellDirectory(previous);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            problem = Directory.Exists(folder)
                ? (error.GetType().Name, $"{folder}: the working folder cannot be entered ({error.Message}); the cell did not run")
                : (nameof(DirectoryNotFoundException),
                    $"{folder}: the working folder no longer exists (it was deleted or moved); the cell did not run. " +
                    "Create the folder again, or restart in a folder that exists");
            return null;
        }
    }

    /// <summary>Goes back to the directory that was current before the cell, when it still exists.</summary>
    public void Dispose()
    {
        if (previous is null) return;
        try
        {
            Environment.CurrentDirectory = previous;
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            // The folder is gone (a kernel starts in its notebook's folder, which a cell may delete). There is
            // no better place to go: the next cell enters its own folder, or says that it is gone.
        }
    }

    /// <summary>The current directory, or null when it no longer exists (getcwd fails for a deleted folder).</summary>
    private static string? Current()
    {
        try
        {
            return Environment.CurrentDirectory;
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
