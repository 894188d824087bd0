using System.Text.Json;

namespace ScoreNotebooks.Notebooks.Packages;

/// <summary>
/// One restored, consistent set of packages in the cache: a folder whose <c>lib/</c> holds every runtime
/// assembly, native library and satellite assembly of the set side by side (as <c>dotnet publish</c> lays
/// them out), <c>ref/</c> the compile-only assemblies, and <c>manifest.json</c> what is where.
/// </summary>
/// <remarks>
/// A set is written in a private folder and renamed into place only when complete, and never changed
/// afterwards; a folder without a readable manifest is not a set.
/// </remarks>
internal sealed class RestoredSet
{
    /// <summary>The manifest's file name; written last, so its presence marks a complete set.</summary>
    public const string ManifestName = "manifest.json";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public RestoredSet(string folder, IReadOnlyList<RestoredPackage> packages, IReadOnlyList<RestoredAssembly> assemblies)
    {
        Folder = folder;
        Packages = packages;
        Assemblies = assemblies;
    }

    /// <summary>The set's folder.</summary>
    public string Folder { get; }

    /// <summary>Every package of the set (the requested ones and their dependencies), sorted by id.</summary>
    public IReadOnlyList<RestoredPackage> Packages { get; }

    /// <summary>Every managed assembly of the set, with the files to compile against and to load.</summary>
    public IReadOnlyList<RestoredAssembly> Assemblies { get; }

    /// <summary>The resolved version of a package of the set, or null.</summary>
    /// <param name="name">The package id, compared case-insensitively.</param>
    public string? VersionOf(string name) =>
        Packages.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))?.Version;

    /// <summary>Reads the set in <paramref name="folder"/>, or returns null when there is no complete set there.</summary>
    public static RestoredSet? TryRead(string folder)
    {
        string path = Path.Combine(folder, ManifestName);
        if (!File.Exists(path))
            return null;
        try
        {
            var manifest = JsonSerializer.Deserialize<Manifest>(File.ReadAllText(path), Json);
            if (manifest?.Packages is null || manifest.Assemblies is null)
                return null;
            var assemblies = manifest.Assemblies.Select(a => a with
            {
                Compile = a.Compile is null ? null : Path.Combine(folder, a.Compile),
                Runtime = a.Runtime is null ? null : Path.Combine(folder, a.Runtime),
            }).ToList();
            return new RestoredSet(folder, manifest.Packages, assemblies);
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Writes the manifest (paths relative to <see cref="Folder"/>), which completes the set.</summary>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public void Write()
    {
        var assemblies = Assemblies.Select(a => a with
        {
            Compile = a.Compile is null ? null : Path.GetRelativePath(Folder, a.Compile),
            Runtime = a.Runtime is null ? null : Path.GetRelativePath(Folder, a.Runtime),
        }).ToList();
        File.WriteAllText(Path.Combine(Folder, ManifestName), JsonSerializer.Serialize(new Manifest(Packages, assemblies), Json));
    }

    private sealed record Manifest(IReadOnlyList<RestoredPackage>? Packages, IReadOnlyList<RestoredAssembly>? Assemblies);
}

/// <summary>A package of a restored set.</summary>
/// <param name="Name">The package id.</param>
/// <param name="Version">The resolved version.</param>
internal sealed record RestoredPackage(string Name, string Version);

/// <summary>A managed assembly of a restored set.</summary>
/// <param name="Name">The assembly's simple name, e.g. "Humanizer".</param>
/// <param name="Version">The assembly version, e.g. "2.14.0.0".</param>
/// <param name="Package">The package that ships it.</param>
/// <param name="Compile">The file to compile against, or null when the package gives none for this framework.</param>
/// <param name="Runtime">The file loaded at run time (in <c>lib/</c>), or null for a compile-only assembly.</param>
internal sealed record RestoredAssembly(string Name, string Version, string Package, string? Compile, string? Runtime);
