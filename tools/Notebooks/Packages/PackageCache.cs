using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;

namespace ScoreNotebooks.Notebooks.Packages;

/// <summary>
/// The engine's cache of restored NuGet packages: each consistent set of packages a session asked for,
/// laid out ready to load, and the version each <c>#r "nuget: Name"</c> without a version resolved to.
/// </summary>
/// <remarks>
/// <para>
/// The folder is <c>$SCORENOTEBOOKS_PACKAGES</c> when that is set, else
/// <c>$XDG_CACHE_HOME/ScoreNotebooks/packages</c>, else <c>~/.cache/ScoreNotebooks/packages</c>. It holds
/// <c>sets/&lt;key&gt;/</c> (a <see cref="RestoredSet"/> per set of packages and versions, for this framework
/// and runtime), <c>versions/&lt;id&gt;.json</c> (the remembered resolution of a request without a version),
/// <c>locks/</c> and <c>work/</c> (restores in progress).
/// </para>
/// <para>
/// A set already in the cache is used as it is: no <c>dotnet</c> process and no network. A missing set is
/// restored by <see cref="DotnetRestore"/> into a private work folder, laid out there and renamed into place,
/// so engines that restore the same set at once (runner workers, kernels) never see a partial set; a lock
/// file makes the later one wait for the first and reuse its result.
/// </para>
/// </remarks>
public sealed partial class PackageCache
{
    /// <summary>The environment variable that sets the cache folder.</summary>
    public const string FolderVariable = "SCORENOTEBOOKS_PACKAGES";

    private int restoresRun;

    /// <summary>Creates a cache in <paramref name="folder"/> (created when first written).</summary>
    /// <param name="folder">The cache folder.</param>
    /// <exception cref="ArgumentException"><paramref name="folder"/> is null or empty.</exception>
    public PackageCache(string folder)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        Folder = Path.GetFullPath(folder);
    }

    /// <summary>The cache folder.</summary>
    public string Folder { get; }

    /// <summary>How many restores (<c>dotnet restore</c> processes) this instance has started.</summary>
    public int RestoresRun => Volatile.Read(ref restoresRun);

    /// <summary>The cache in <see cref="DefaultFolder"/>.</summary>
    /// <returns>A new instance.</returns>
    public static PackageCache FromEnvironment() => new(DefaultFolder());

    /// <summary>
    /// <c>$SCORENOTEBOOKS_PACKAGES</c>, else <c>$XDG_CACHE_HOME/ScoreNotebooks/packages</c>, else
    /// <c>~/.cache/ScoreNotebooks/packages</c>.
    /// </summary>
    /// <returns>An absolute path.</returns>
    public static string DefaultFolder()
    {
        if (Environment.GetEnvironmentVariable(FolderVariable) is { Length: > 0 } chosen)
            return Path.GetFullPath(chosen);
        string cache = Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return Path.GetFullPath(Path.Combine(cache, "ScoreNotebooks", "packages"));
    }

    /// <summary>The restored set of <paramref name="requests"/>, from the cache or restored now.</summary>
    /// <param name="requests">The packages, each id once.</param>
    /// <param name="configDirectory">The folder whose NuGet settings apply to a restore (the notebook's).</param>
    /// <param name="progress">Receives lines for the cell's output: what is restored, how long it took,
    /// which version a request without one took.</param>
    /// <param name="cancellationToken">Stops a wait or a restore.</param>
    /// <returns>The set.</returns>
    /// <exception cref="PackageRestoreException">The packages could not be restored.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    internal async Task<RestoredSet> ResolveAsync(IReadOnlyList<PackageRequest> requests, string configDirectory,
        Action<string> progress, CancellationToken cancellationToken)
    {
        var pinned = Pin(requests, progress);
        if (IsComplete(pinned) && RestoredSet.TryRead(SetFolder(pinned)) is { } cached)
            return cached;
        try
        {
            string lockPath = Path.Combine(Folder, "locks", Key(requests) + ".lock");
            using (await CacheLock.AcquireAsync(lockPath, () => progress("waiting for another engine restoring the same packages …"),
                       cancellationToken).ConfigureAwait(false))
            {
                // The engine that held the lock may have restored this very set.
                pinned = Pin(requests, _ => { });
                if (IsComplete(pinned) && RestoredSet.TryRead(SetFolder(pinned)) is { } restored)
                    return restored;
                return await RestoreAsync(pinned, configDirectory, progress, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Text.Json.JsonException)
        {
            throw new PackageRestoreException(PackageRestoreException.RestoreFailed,
                $"{RestoreFailure.What(requests)} could not be restored into the cache {Folder}: " +
                $"{e.Message}. Make the folder writable, or set {FolderVariable} to another folder.", e);
        }
    }

    /// <summary>The restored set of <paramref name="requests"/> when the cache already holds it, else null; never restores.</summary>
    /// <param name="requests">The packages, each id once.</param>
    internal RestoredSet? TryCached(IReadOnlyList<PackageRequest> requests)
    {
        var pinned = Pin(requests, _ => { });
        return IsComplete(pinned) ? RestoredSet.TryRead(SetFolder(pinned)) : null;
    }

    private async Task<RestoredSet> RestoreAsync(IReadOnlyList<PackageRequest> requests, string configDirectory,
        Action<string> progress, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref restoresRun);
        string work = Path.Combine(Folder, "work", $"{Environment.ProcessId}-{Guid.NewGuid():N}");
        var clock = Stopwatch.StartNew();
        progress($"Restoring {string.Join(", ", requests.Select(Describe))} …");
        try
        {
            var assets = await DotnetRestore.RunAsync(requests, work, configDirectory, progress, cancellationToken).ConfigureAwait(false);
            // NuGet's warnings (a dependency version not served and a later one taken, a package built for
            // .NET Framework) explain failures that may come later, so the cell shows them.
            foreach (var warning in assets.Messages.Where(m => m.Level == "Warning"))
                progress($"warning {warning.Code}: {warning.Message}");
            var resolved = requests.Select(r => r.Version is not null ? r : r.At(assets.VersionOf(r.Name)
                ?? throw new PackageRestoreException(PackageRestoreException.RestoreFailed,
                    $"NuGet package '{r.Name}': the restore succeeded but did not resolve it."))).ToList();
            var set = Place(assets, work, SetFolder(resolved), progress);
            foreach (var (request, version) in requests.Zip(resolved).Where(p => p.First.Version is null).Select(p => (p.First, p.Second.Version!)))
            {
                Remember(request.Name, version, progress);
                progress($"{request.Name}: no version given, took {version}, the highest stable version the package sources serve");
            }
            progress($"Restored in {clock.Elapsed.TotalSeconds:F0} s");
            return set;
        }
        finally
        {
            TryDelete(work);
        }
    }

    /// <summary>Lays the restored target out in the work folder and renames it into place.</summary>
    private static RestoredSet Place(AssetsFile assets, string work, string target, Action<string> progress)
    {
        if (RestoredSet.TryRead(target) is { } existing)
            return existing;
        var log = new List<string>();
        string staged = Path.Combine(work, "set");
        SetLayout.Build(assets.Packages, staged, log);
        log.ForEach(progress);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        try
        {
            Directory.Move(staged, target);
        }
        catch (IOException) when (Directory.Exists(target))
        {
            // Another engine renamed the same set into place first; a folder without a manifest is a leftover.
            if (RestoredSet.TryRead(target) is { } raced)
                return raced;
            Directory.Delete(target, recursive: true);
            Directory.Move(staged, target);
        }
        return RestoredSet.TryRead(target) ?? throw new IOException($"{target} has no readable {RestoredSet.ManifestName}");
    }

    private static bool IsComplete(IReadOnlyList<PackageRequest> requests) => requests.All(r => r.Version is not null);

    private string SetFolder(IReadOnlyList<PackageRequest> pinned) => Path.Combine(Folder, "sets", Key(pinned));

    /// <summary>
    /// The key of a set of requests: a hash of the framework, the runtime and the sorted ids and versions
    /// ("*" for none), so that the same packages asked for in any order share one set.
    /// </summary>
    internal static string Key(IReadOnlyList<PackageRequest> requests)
    {
        var text = new StringBuilder($"{DotnetRestore.Framework}|{DotnetRestore.RuntimeIdentifier}");
        foreach (var request in requests.OrderBy(r => r.Name, StringComparer.OrdinalIgnoreCase))
            text.Append($"|{request.Name.ToLowerInvariant()}@{request.Version ?? "*"}");
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..20].ToLowerInvariant();
    }

    private static string Describe(PackageRequest request) =>
        request.Version is null ? $"{request.Name} (highest stable version)" : $"{request.Name} {request.Version}";

    private static void TryDelete(string folder)
    {
        try
        {
            if (Directory.Exists(folder))
                Directory.Delete(folder, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A work folder left behind wastes space but is never read: sets are only read from sets/.
        }
    }
}
