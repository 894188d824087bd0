using System.Reflection;
using System.Runtime.Loader;

namespace ScoreNotebooks.Notebooks.Packages;

/// <summary>
/// The assemblies the host process resolves by itself: those loaded in the default load context and
/// those on its trusted-platform list (the framework and the application's own dependencies).
/// </summary>
/// <remarks>
/// A cell's assemblies are loaded by the scripting API's loader, which lets the default context answer
/// first; an assembly the host has is therefore always the host's copy at run time, whatever file a cell
/// compiled against. Restored packages must compile against that same copy, and can only do so when it
/// is at least the version they were built for.
/// </remarks>
internal sealed class HostAssemblies
{
    private readonly Dictionary<string, string> platform;
    private readonly Dictionary<string, Version?> versions = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock gate = new();

    private HostAssemblies(Dictionary<string, string> platform) => this.platform = platform;

    /// <summary>The running process's assemblies.</summary>
    public static HostAssemblies Current { get; } = new(PlatformAssemblies());

    /// <summary>The host's copy of an assembly: its version and file, or null when the host has none.</summary>
    /// <param name="name">The assembly's simple name, compared case-insensitively.</param>
    public (Version Version, string Path)? Find(string name)
    {
        var loaded = AssemblyLoadContext.Default.Assemblies.FirstOrDefault(a =>
            !a.IsDynamic && !string.IsNullOrEmpty(a.Location) && string.Equals(a.GetName().Name, name, StringComparison.OrdinalIgnoreCase));
        if (loaded?.GetName().Version is { } loadedVersion)
            return (loadedVersion, loaded.Location);
        if (!platform.TryGetValue(name, out string? path))
            return null;
        lock (gate)
        {
            if (!versions.TryGetValue(name, out var version))
                versions[name] = version = VersionOf(path);
            return version is null ? null : (version, path);
        }
    }

    private static Version? VersionOf(string path)
    {
        try
        {
            return AssemblyName.GetAssemblyName(path).Version;
        }
        catch (Exception e) when (e is BadImageFormatException or IOException)
        {
            return null;
        }
    }

    private static Dictionary<string, string> PlatformAssemblies()
    {
        var found = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        string listed = AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string ?? "";
        foreach (string path in listed.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            found.TryAdd(Path.GetFileNameWithoutExtension(path), path);
        return found;
    }
}
