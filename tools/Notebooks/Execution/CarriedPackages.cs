using System.Text.Json;

namespace ScoreNotebooks.Notebooks.Execution;

/// <summary>
/// The NuGet packages the engine carries, so that <c>#r "nuget: Name, Version"</c> resolves
/// to the engine's own loaded copies without a restore: the packages the engine project itself
/// references (MathNet.Numerics, Plotly.NET, Plotly.NET.CSharp), read with their versions from the
/// host application's dependency manifest (<c>*.deps.json</c>), together with the assemblies of their
/// dependencies.
/// </summary>
/// <remarks>
/// A notebook and the engine must share these copies (the engine formats Plotly.NET charts itself), so a
/// carried package is never restored: a directive for a different version than the one carried is an
/// error that names the package and the version available, so a notebook never runs silently against
/// another version than the one it pins. Packages that are not carried are restored from the user's
/// package sources (<see cref="Packages.PackageCache"/>).
/// </remarks>
public sealed class CarriedPackages
{
    /// <summary>The manifest name of the engine project, whose package references are carried.</summary>
    public const string EngineProject = "ScoreNotebooks.Notebooks";

    private readonly Dictionary<string, Package> packages;
    private readonly HashSet<string> carried;

    private CarriedPackages(Dictionary<string, Package> packages, HashSet<string> carried)
    {
        this.packages = packages;
        this.carried = carried;
    }

    /// <summary>The packages of the running application, read once from its dependency manifests.</summary>
    public static CarriedPackages Host { get; } = FromManifests(ManifestPaths(), AppContext.BaseDirectory);

    /// <summary>The carried packages as (name, version), sorted by name.</summary>
    public IReadOnlyList<(string Name, string Version)> Available =>
        packages.Values.Where(p => carried.Contains(p.Name))
            .OrderBy(p => p.Name, StringComparer.OrdinalIgnoreCase).Select(p => (p.Name, p.Version)).ToList();

    /// <summary>Reads packages from dependency manifests.</summary>
    /// <param name="manifestPaths">Paths of <c>.deps.json</c> files; missing files are skipped.</param>
    /// <param name="assemblyDirectory">The folder the application's assemblies were copied to.</param>
    /// <param name="carrier">The project whose direct package references are carried (the engine's,
    /// <see cref="EngineProject"/>, by default). When no manifest lists it, every package is carried.</param>
    /// <returns>The packages found.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="manifestPaths"/> is null.</exception>
    /// <exception cref="JsonException">A manifest is not valid JSON.</exception>
    public static CarriedPackages FromManifests(IEnumerable<string> manifestPaths, string assemblyDirectory,
        string carrier = EngineProject)
    {
        ArgumentNullException.ThrowIfNull(manifestPaths);
        var found = new Dictionary<string, Package>(StringComparer.OrdinalIgnoreCase);
        var carried = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (string path in manifestPaths.Where(File.Exists))
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            ReadManifest(document.RootElement, assemblyDirectory, carrier, found, carried);
        }
        if (carried.Count == 0) carried.UnionWith(found.Keys);
        // The compiler the engine runs cells with is not a library for the cells themselves.
        carried.RemoveWhere(name => name.StartsWith("Microsoft.CodeAnalysis", StringComparison.OrdinalIgnoreCase));
        return new CarriedPackages(found, carried);
    }

    /// <summary>True when the engine carries the package <paramref name="name"/> (at some version).</summary>
    /// <param name="name">The package id, compared case-insensitively.</param>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is null.</exception>
    public bool Carries(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return carried.Contains(name) && packages.ContainsKey(name);
    }

    /// <summary>
    /// The assembly files a reference to <paramref name="name"/> needs: the package's own and those
    /// of every package it depends on.
    /// </summary>
    /// <param name="name">The package id, compared case-insensitively.</param>
    /// <param name="version">The version asked for ("5.0.0"; "5.0" means the same), or null for the carried one.</param>
    /// <param name="assemblies">The assembly paths on success.</param>
    /// <param name="problem">Why the package cannot be provided, naming it and what is available, on failure.</param>
    /// <returns>True when the package is carried at that version.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is null.</exception>
    public bool TryResolve(string name, string? version, out IReadOnlyList<string> assemblies, out string problem)
    {
        ArgumentNullException.ThrowIfNull(name);
        assemblies = [];
        problem = "";
        if (!carried.Contains(name) || !packages.TryGetValue(name, out var package))
        {
            problem = $"NuGet package '{name}'{(version is null ? "" : $" version {version}")} is not carried by the engine, " +
                      $"which carries only {Listing()}.";
            return false;
        }
        if (version is not null && NormalVersion(version) != NormalVersion(package.Version))
        {
            problem = $"NuGet package '{name}' version {version} is not available: the engine carries " +
                      $"{package.Name} {package.Version} and shares its own loaded copy with notebooks, so no other version " +
                      $"can be loaded beside it (carried: {Listing()}). " +
                      $"Change the directive to #r \"nuget: {package.Name}, {package.Version}\".";
            return false;
        }
        var files = new List<string>();
        Collect(package, files, new HashSet<string>(StringComparer.OrdinalIgnoreCase));
        assemblies = files;
        return true;
    }

    /// <summary>NuGet's normal form of a version: at least three numeric parts, no build metadata, lower case.</summary>
    internal static string NormalVersion(string version)
    {
        string v = version.Trim();
        if (v.IndexOf('+') is int plus and >= 0) v = v[..plus];
        int dash = v.IndexOf('-');
        string release = dash >= 0 ? v[..dash] : v;
        var parts = release.Split('.').Select(p => int.TryParse(p, out int n) ? n.ToString() : p).ToList();
        while (parts.Count < 3) parts.Add("0");
        if (parts.Count == 4 && parts[3] == "0") parts.RemoveAt(3);
        return (string.Join('.', parts) + (dash >= 0 ? v[dash..] : "")).ToLowerInvariant();
    }

    private string Listing()
    {
        var shown = Available.Select(p => $"{p.Name} {p.Version}").ToList();
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

    private static void ReadManifest(JsonElement root, string assemblyDirectory, string carrier,
        Dictionary<string, Package> found, HashSet<string> carried)
    {
        if (!root.TryGetProperty("libraries", out var libraries) || !root.TryGetProperty("targets", out var targets))
            return;
        foreach (var target in targets.EnumerateObject())
        {
            foreach (var entry in target.Value.EnumerateObject())
            {
                int slash = entry.Name.IndexOf('/');
                if (slash <= 0 || !libraries.TryGetProperty(entry.Name, out var library)) continue;
                string name = entry.Name[..slash];
                var dependencies = entry.Value.TryGetProperty("dependencies", out var deps)
                    ? deps.EnumerateObject().Select(d => d.Name).ToList()
                    : [];
                string type = library.GetProperty("type").GetString() ?? "";
                if (type == "project" && string.Equals(name, carrier, StringComparison.OrdinalIgnoreCase))
                    carried.UnionWith(dependencies);
                if (type != "package") continue;
                var assemblies = entry.Value.TryGetProperty("runtime", out var runtime)
                    ? runtime.EnumerateObject().Select(r => Path.Combine(assemblyDirectory, Path.GetFileName(r.Name))).ToList()
                    : [];
                found.TryAdd(name, new Package(name, entry.Name[(slash + 1)..], assemblies, dependencies));
            }
        }
    }

    private sealed record Package(string Name, string Version, IReadOnlyList<string> Assemblies, IReadOnlyList<string> Dependencies);
}
