using System.Text.Json;

namespace ScoreNotebooks.Notebooks.Execution;

/// <summary>
/// The NuGet packages the engine carries, so that <c>#r "nuget: Name, Version"</c> resolves
/// without a restore: every package in the host application's dependency manifest
/// (<c>*.deps.json</c>), with its version and the assemblies of it and of its dependencies.
/// </summary>
/// <remarks>
/// The engine never downloads packages. A directive for a package that is not carried, or for a
/// different version than the one carried, is an error that names the package, so a notebook
/// never runs silently against another version than the one it pins.
/// </remarks>
public sealed class CarriedPackages
{
    private readonly Dictionary<string, Package> packages;

    private CarriedPackages(Dictionary<string, Package> packages) => this.packages = packages;

    /// <summary>The packages of the running application, read once from its dependency manifests.</summary>
    public static CarriedPackages Host { get; } = FromManifests(ManifestPaths(), AppContext.BaseDirectory);

    /// <summary>The carried packages as (name, version), sorted by name.</summary>
    public IReadOnlyList<(string Name, string Version)> Available =>
        packages.Values.OrderBy(p => p.Name, StringComparer.OrdinalIgnoreCase).Select(p => (p.Name, p.Version)).ToList();

    /// <summary>Reads packages from dependency manifests.</summary>
    /// <param name="manifestPaths">Paths of <c>.deps.json</c> files; missing files are skipped.</param>
    /// <param name="assemblyDirectory">The folder the application's assemblies were copied to.</param>
    /// <returns>The packages found.</returns>
    public static CarriedPackages FromManifests(IEnumerable<string> manifestPaths, string assemblyDirectory)
    {
        var found = new Dictionary<string, Package>(StringComparer.OrdinalIgnoreCase);
        foreach (string path in manifestPaths.Where(File.Exists))
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            ReadManifest(document.RootElement, assemblyDirectory, found);
        }
        return new CarriedPackages(found);
    }

    /// <summary>
    /// The assembly files a reference to <paramref name="name"/> needs: the package's own and those
    /// of every package it depends on.
    /// </summary>
    /// <param name="name">The package id, compared case-insensitively.</param>
    /// <param name="version">The version asked for, or null for the carried one.</param>
    /// <param name="assemblies">The assembly paths on success.</param>
    /// <param name="problem">Why the package cannot be provided, naming it, on failure.</param>
    /// <returns>True when the package is carried at that version.</returns>
    public bool TryResolve(string name, string? version, out IReadOnlyList<string> assemblies, out string problem)
    {
        assemblies = [];
        problem = "";
        if (!packages.TryGetValue(name, out var package))
        {
            problem = $"NuGet package '{name}' is not available: the engine does not download packages, " +
                      $"it provides only {Listing()}.";
            return false;
        }
        if (version is not null && !string.Equals(version, package.Version, StringComparison.OrdinalIgnoreCase))
        {
            problem = $"NuGet package '{name}' version {version} is not available: the engine provides " +
                      $"{package.Name} {package.Version}. Change the directive to #r \"nuget: {package.Name}, {package.Version}\".";
            return false;
        }
        var files = new List<string>();
        Collect(package, files, new HashSet<string>(StringComparer.OrdinalIgnoreCase));
        assemblies = files;
        return true;
    }

    private string Listing()
    {
        // The packages a notebook would reasonably ask for; the compiler and test packages are noise here.
        var shown = Available.Where(p => !p.Name.StartsWith("Microsoft.", StringComparison.Ordinal)
                                         && !p.Name.StartsWith("System.", StringComparison.Ordinal)
                                         && !p.Name.StartsWith("xunit", StringComparison.OrdinalIgnoreCase))
                             .Select(p => $"{p.Name} {p.Version}").ToList();
        return shown.Count == 0 ? "no packages" : string.Join(", ", shown);
    }

    private void Collect(Package package, List<string> files, HashSet<string> seen)
    {
        if (!seen.Add(package.Name)) return;
        files.AddRange(package.Assemblies.Where(File.Exists));
        foreach (string dependency in package.Dependencies)
        {
            if (packages.TryGetValue(dependency, out var next)) Collect(next, files, seen);
        }
    }

    private static IEnumerable<string> ManifestPaths()
    {
        string? listed = AppContext.GetData("APP_CONTEXT_DEPS_FILES") as string;
        if (!string.IsNullOrEmpty(listed))
            return listed.Split(';', StringSplitOptions.RemoveEmptyEntries);
        return Directory.Exists(AppContext.BaseDirectory)
            ? Directory.EnumerateFiles(AppContext.BaseDirectory, "*.deps.json")
            : [];
    }

    private static void ReadManifest(JsonElement root, string assemblyDirectory, Dictionary<string, Package> found)
    {
        if (!root.TryGetProperty("libraries", out var libraries) || !root.TryGetProperty("targets", out var targets))
            return;
        foreach (var target in targets.EnumerateObject())
        {
            foreach (var entry in target.Value.EnumerateObject())
            {
                int slash = entry.Name.IndexOf('/');
                if (slash <= 0 || !libraries.TryGetProperty(entry.Name, out var library)
                    || library.GetProperty("type").GetString() != "package")
                    continue;
                string name = entry.Name[..slash];
                var dependencies = entry.Value.TryGetProperty("dependencies", out var deps)
                    ? deps.EnumerateObject().Select(d => d.Name).ToList()
                    : [];
                var assemblies = entry.Value.TryGetProperty("runtime", out var runtime)
                    ? runtime.EnumerateObject().Select(r => Path.Combine(assemblyDirectory, Path.GetFileName(r.Name))).ToList()
                    : [];
                found.TryAdd(name, new Package(name, entry.Name[(slash + 1)..], assemblies, dependencies));
            }
        }
    }

    private sealed record Package(string Name, string Version, IReadOnlyList<string> Assemblies, IReadOnlyList<string> Dependencies);
}
