namespace ScoreNotebooks.Kernel.Install;

/// <summary>
/// Where Jupyter looks for kernelspecs (<c>kernels/NAME/kernel.json</c> under each of its data
/// folders), computed as jupyter_core computes them.
/// </summary>
internal static class JupyterPaths
{
    /// <summary>
    /// The current user's Jupyter data folder: <c>$JUPYTER_DATA_DIR</c> when set; otherwise
    /// <c>$XDG_DATA_HOME/jupyter</c> or <c>~/.local/share/jupyter</c> on Linux, <c>~/Library/Jupyter</c>
    /// on macOS, <c>%APPDATA%\jupyter</c> on Windows.
    /// </summary>
    /// <param name="environment">Reads an environment variable (the process's by default).</param>
    /// <returns>The folder (it may not exist yet).</returns>
    public static string UserDataDirectory(Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        if (environment("JUPYTER_DATA_DIR") is { Length: > 0 } explicitDirectory) return Path.GetFullPath(explicitDirectory);
        string home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        if (OperatingSystem.IsWindows())
            return Path.Combine(environment("APPDATA") is { Length: > 0 } appData ? appData : Path.Combine(home, "AppData", "Roaming"), "jupyter");
        if (OperatingSystem.IsMacOS()) return Path.Combine(home, "Library", "Jupyter");
        string data = environment("XDG_DATA_HOME") is { Length: > 0 } xdg ? xdg : Path.Combine(home, ".local", "share");
        return Path.Combine(data, "jupyter");
    }

    /// <summary>The data folder of an installation prefix: <c>PREFIX/share/jupyter</c>.</summary>
    /// <param name="prefix">e.g. a virtual environment or <c>/usr/local</c>.</param>
    /// <returns>The folder.</returns>
    public static string PrefixDataDirectory(string prefix) => Path.Combine(Path.GetFullPath(prefix), "share", "jupyter");

    /// <summary>The folder of kernelspec <paramref name="name"/> under a data folder.</summary>
    public static string KernelDirectory(string dataDirectory, string name) => Path.Combine(dataDirectory, "kernels", name);
}
