using System.Text.Json;

namespace ScoreNotebooks.Notebooks.Packages;

/// <summary>
/// What <c>dotnet restore</c> wrote to <c>obj/project.assets.json</c>: the resolved packages of one
/// target (framework and runtime identifier) with their assets, the package sources used, and the
/// restore's errors and warnings.
/// </summary>
/// <remarks>
/// The layout is NuGet's lock-file format (NuGet.ProjectModel's LockFile): <c>targets["net10.0/linux-x64"]</c>
/// maps "Id/Version" to the asset paths chosen for that target, with runtime-specific assets already
/// folded into <c>runtime</c> and <c>native</c>; <c>libraries</c> gives each package's folder under one of
/// the <c>packageFolders</c>. NuGet writes the file also when a restore fails, with its <c>logs</c>.
/// </remarks>
internal sealed class AssetsFile
{
    // NuGet's marker for "this package has no asset of this kind for the target".
    private const string Placeholder = "_._";

    private AssetsFile(IReadOnlyList<string> sources, IReadOnlyList<RestoreMessage> messages, IReadOnlyList<PackageAssets> packages)
    {
        Sources = sources;
        Messages = messages;
        Packages = packages;
    }

    /// <summary>The package sources the restore used (URLs or folders), in the settings' order.</summary>
    public IReadOnlyList<string> Sources { get; }

    /// <summary>The restore's errors and warnings.</summary>
    public IReadOnlyList<RestoreMessage> Messages { get; }

    /// <summary>Every package of the target, with its assets as absolute paths.</summary>
    public IReadOnlyList<PackageAssets> Packages { get; }

    /// <summary>Reads the file.</summary>
    /// <param name="path">The path of <c>project.assets.json</c>.</param>
    /// <param name="target">The target's key, e.g. "net10.0/linux-x64".</param>
    /// <returns>The contents; no packages when the target is missing (a failed restore).</returns>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="JsonException">The file is not valid JSON.</exception>
    public static AssetsFile Read(string path, string target)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var root = document.RootElement;
        var sources = root.TryGetProperty("project", out var project) && project.TryGetProperty("restore", out var restore)
            && restore.TryGetProperty("sources", out var listed)
            ? listed.EnumerateObject().Select(s => s.Name).ToList()
            : [];
        var messages = root.TryGetProperty("logs", out var logs)
            ? logs.EnumerateArray().Select(ReadMessage).ToList()
            : [];
        return new AssetsFile(sources, messages, ReadPackages(root, target));
    }

    /// <summary>The resolved version of a package of the target, or null when it is not among them.</summary>
    /// <param name="name">The package id, compared case-insensitively.</param>
    public string? VersionOf(string name) =>
        Packages.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))?.Version;

    private static RestoreMessage ReadMessage(JsonElement log) => new(
        log.TryGetProperty("code", out var code) ? code.GetString() ?? "" : "",
        log.TryGetProperty("level", out var level) ? level.GetString() ?? "" : "",
        log.TryGetProperty("message", out var message) ? message.GetString() ?? "" : "",
        log.TryGetProperty("libraryId", out var library) ? library.GetString() : null);

    private static List<PackageAssets> ReadPackages(JsonElement root, string target)
    {
        if (!root.TryGetProperty("targets", out var targets) || !targets.TryGetProperty(target, out var entries)
            || !root.TryGetProperty("libraries", out var libraries))
            return [];
        var folders = root.TryGetProperty("packageFolders", out var listed)
            ? listed.EnumerateObject().Select(f => f.Name).ToList()
            : [];
        var packages = new List<PackageAssets>();
        foreach (var entry in entries.EnumerateObject())
        {
            int slash = entry.Name.IndexOf('/');
            if (slash <= 0 || entry.Value.GetProperty("type").GetString() != "package"
                || !libraries.TryGetProperty(entry.Name, out var library))
                continue;
            string relative = library.GetProperty("path").GetString() ?? entry.Name.ToLowerInvariant();
            string folder = folders.Select(f => Path.Combine(f, relative)).FirstOrDefault(Directory.Exists)
                ?? throw new IOException($"the restored package {entry.Name} is in none of the package folders ({string.Join(", ", folders)})");
            packages.Add(new PackageAssets(entry.Name[..slash], entry.Name[(slash + 1)..], folder,
                Assets(entry.Value, "compile", folder), Assets(entry.Value, "runtime", folder), Assets(entry.Value, "native", folder),
                Resources(entry.Value, folder)));
        }
        return packages;
    }

    private static List<string> Assets(JsonElement entry, string kind, string folder) =>
        entry.TryGetProperty(kind, out var assets)
            ? assets.EnumerateObject().Where(a => Path.GetFileName(a.Name) != Placeholder)
                .Select(a => Path.Combine(folder, a.Name)).ToList()
            : [];

    private static List<(string Locale, string Path)> Resources(JsonElement entry, string folder) =>
        entry.TryGetProperty("resource", out var assets)
            ? assets.EnumerateObject()
                .Where(a => a.Value.TryGetProperty("locale", out _))
                .Select(a => (a.Value.GetProperty("locale").GetString() ?? "", Path.Combine(folder, a.Name)))
                .Where(r => r.Item1.Length > 0).ToList()
            : [];
}

/// <summary>One error or warning of a restore, as NuGet logs it.</summary>
/// <param name="Code">NuGet's code, e.g. "NU1101" (package not found), "NU1102" (version not found),
/// "NU1301" (source unreachable).</param>
/// <param name="Level">"Error" or "Warning".</param>
/// <param name="Message">NuGet's message.</param>
/// <param name="LibraryId">The package the message is about, when it is about one.</param>
internal sealed record RestoreMessage(string Code, string Level, string Message, string? LibraryId);

/// <summary>One package of a restored target with its assets (absolute paths inside the package folder).</summary>
/// <param name="Name">The package id.</param>
/// <param name="Version">The resolved version.</param>
/// <param name="Folder">The package's folder in the NuGet package folder.</param>
/// <param name="Compile">Assemblies to compile against.</param>
/// <param name="Runtime">Assemblies to load at run time.</param>
/// <param name="Native">Native libraries for the target's runtime identifier.</param>
/// <param name="Resources">Satellite resource assemblies with their culture.</param>
internal sealed record PackageAssets(string Name, string Version, string Folder, IReadOnlyList<string> Compile,
    IReadOnlyList<string> Runtime, IReadOnlyList<string> Native, IReadOnlyList<(string Locale, string Path)> Resources);
