using System.Runtime.InteropServices;

namespace ScoreNotebooks.Notebooks.Hosting;

/// <summary>The <c>dotnet</c> host (muxer) that runs this process, for starting other .NET programs.</summary>
public static class DotnetHost
{
    /// <summary>
    /// The absolute path of the dotnet host that runs this process, or "dotnet" when it cannot be
    /// found (the PATH then decides). Front ends and worker processes may start with a PATH that does
    /// not hold dotnet (VS Code started from a desktop menu, for example), so an absolute path is preferred.
    /// </summary>
    public static string Path { get; } = Find();

    private static string Find()
    {
        string executable = OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet";
        if (Environment.ProcessPath is { } process && System.IO.Path.GetFileName(process) == executable) return process;
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host)) return host;
        // The runtime lives in <dotnet root>/shared/Microsoft.NETCore.App/<version>/.
        var root = new DirectoryInfo(RuntimeEnvironment.GetRuntimeDirectory().TrimEnd(System.IO.Path.DirectorySeparatorChar)).Parent?.Parent?.Parent;
        string? candidate = root is null ? null : System.IO.Path.Combine(root.FullName, executable);
        return candidate is not null && File.Exists(candidate) ? candidate : executable;
    }
}
