using System.Reflection;

namespace ScoreNotebooks.Torch.Runtime;

/// <summary>
/// Finds TorchSharp's native files on Linux: the shim <c>libLibTorchSharp.so</c> and the folder
/// that holds LibTorch (<c>libtorch_cpu.so</c> and its companions).
/// </summary>
/// <remarks>
/// The places searched, in order: the native folders of the application's dependency manifest
/// (the runtime's NATIVE_DLL_SEARCH_DIRECTORIES); <c>runtimes/linux-x64/native</c> beside
/// TorchSharp.dll and beside this library (a build output, also when a notebook references it by
/// path); the NuGet package layout around TorchSharp.dll; and the NuGet package folder
/// (NUGET_PACKAGES, else ~/.nuget/packages).
/// </remarks>
internal static class NativeFiles
{
    public const string ShimFileName = "libLibTorchSharp.so";
    public const string TorchFileName = "libtorch_cpu.so";
    private const string NativeFolder = "runtimes/linux-x64/native";

    /// <summary>Every folder searched, in order, without duplicates; folders that do not exist are kept so messages can list them.</summary>
    public static IReadOnlyList<string> SearchFolders(Assembly torchSharp)
    {
        var folders = new List<string>();
        if (AppContext.GetData("NATIVE_DLL_SEARCH_DIRECTORIES") is string manifest)
            folders.AddRange(manifest.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries));
        foreach (string? assemblyFolder in new[] { Folder(torchSharp), Folder(typeof(NativeFiles).Assembly) })
        {
            if (assemblyFolder is null)
                continue;
            folders.Add(Path.Combine(assemblyFolder, NativeFolder));
            folders.Add(assemblyFolder);
        }
        if (Folder(torchSharp) is string packageLib)
            folders.Add(Path.GetFullPath(Path.Combine(packageLib, "..", "..", NativeFolder))); // torchsharp/<v>/lib/net8.0 → torchsharp/<v>/runtimes
        string packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        string version = torchSharp.GetName().Version is { } v ? $"{v.Major}.{v.Minor}.{v.Build}" : "";
        folders.Add(Path.Combine(packages, "torchsharp", version, NativeFolder));
        string libTorch = Path.Combine(packages, "libtorch-cpu-linux-x64");
        if (Directory.Exists(libTorch))
        {
            folders.AddRange(Directory.GetDirectories(libTorch)
                .OrderByDescending(d => d, StringComparer.Ordinal)
                .Select(d => Path.Combine(d, NativeFolder)));
        }
        return folders.Select(f => Path.GetFullPath(f.TrimEnd(Path.DirectorySeparatorChar))).Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>The first searched folder that holds the file, or null.</summary>
    public static string? Find(IEnumerable<string> folders, string fileName) =>
        folders.Select(f => Path.Combine(f, fileName)).FirstOrDefault(File.Exists);

    private static string? Folder(Assembly assembly) =>
        string.IsNullOrEmpty(assembly.Location) ? null : Path.GetDirectoryName(assembly.Location);
}
