using ScoreNotebooks.Notebooks.Packages;

namespace ScoreNotebooks.Notebooks.Execution;

public sealed partial class ScriptSession
{
    // The packages restored for this session so far, at the versions they resolved to. Every restore is of
    // all of them together, so the session's packages always form one consistent set.
    private readonly List<PackageRequest> restoredPackages = [];

    /// <summary>
    /// Where packages that the engine does not carry are restored to and loaded from: by default the
    /// cache that <see cref="PackageCache.FromEnvironment"/> gives (<c>$SCORENOTEBOOKS_PACKAGES</c>, else
    /// the user's cache folder). A host or a test can give its own.
    /// </summary>
    public PackageCache PackageCache { get; init; } = PackageCache.FromEnvironment();

    private (string Name, string Message)? AddCarried(CellReference reference)
    {
        if (!packages.TryResolve(reference.PackageName!, reference.PackageVersion, out var assemblies, out string problem))
            return ("PackageNotCarried", problem);
        foreach (string assembly in assemblies)
            AddReference(assembly);
        return null;
    }

    /// <summary>
    /// Queues a package that is not carried for the cell's restore, unless the session already has it at the
    /// version asked for (or no version is asked for). A second version of a package in one session is an
    /// error: its assemblies would clash with those of the first, which are loaded.
    /// </summary>
    private (string Name, string Message)? QueueRestore(CellReference reference, List<CellReference> queue)
    {
        var request = new PackageRequest(reference.PackageName!, reference.PackageVersion);
        var earlier = restoredPackages.Concat(queue.Select(r => new PackageRequest(r.PackageName!, r.PackageVersion)))
            .FirstOrDefault(r => string.Equals(r.Name, request.Name, StringComparison.OrdinalIgnoreCase));
        if (earlier is null)
        {
            queue.Add(reference);
            return null;
        }
        if (earlier.Version is null && request.Version is not null)
        {
            // "#r nuget: A" then "#r nuget: A, 1.2.3" in one cell: the version named is the one restored.
            queue.RemoveAll(r => string.Equals(r.PackageName, request.Name, StringComparison.OrdinalIgnoreCase));
            queue.Add(reference);
            return null;
        }
        if (request.Version is null || request.Version == earlier.Version)
            return null;
        return (PackageRestoreException.Conflict,
            $"NuGet package '{request.Name}' version {request.Version} is asked for, but this session already uses " +
            $"{earlier.Name} {earlier.Version}. A session loads one version of a package: restart it (a new run, or " +
            "restart the kernel) with the version you want in the first #r line for that package.");
    }

    /// <summary>Restores the session's packages with the queued ones and references the new assemblies.</summary>
    private async Task<(string Name, int Line, string Message)?> AddRestoredAsync(List<CellReference> queue,
        Action<string> progress, CancellationToken cancellationToken)
    {
        var requests = restoredPackages.Concat(queue.Select(r => new PackageRequest(r.PackageName!, r.PackageVersion))).ToList();
        RestoredSet set;
        try
        {
            set = await PackageCache.ResolveAsync(requests, WorkingDirectory, progress, cancellationToken).ConfigureAwait(false);
        }
        catch (PackageRestoreException e)
        {
            var named = queue.FirstOrDefault(r => e.Message.Contains($"'{r.PackageName}'", StringComparison.OrdinalIgnoreCase)) ?? queue[0];
            return (e.ErrorName, named.Line, e.Message);
        }
        catch (OperationCanceledException)
        {
            return ("Interrupted", queue[0].Line, "the cell was interrupted while its packages were restored");
        }
        if (References(set, out string? conflict) is not { } references)
            return (PackageRestoreException.Conflict, queue[0].Line, conflict!);
        foreach (var (compile, runtime) in references)
            AddReference(compile, runtime);
        restoredPackages.Clear();
        restoredPackages.AddRange(requests.Select(r => r.At(set.VersionOf(r.Name) ?? r.Version!)));
        return null;
    }

    /// <summary>
    /// The files to reference for a restored set. An assembly the session already references is not
    /// referenced again; one the host has is the host's copy, which the loader uses at run time anyway;
    /// either must be at least the version the set needs, else <paramref name="conflict"/> says which
    /// assembly, package and versions clash. Any other assembly is the set's own.
    /// </summary>
    private List<(string Compile, string? Runtime)>? References(RestoredSet set, out string? conflict)
    {
        conflict = null;
        var references = new List<(string Compile, string? Runtime)>();
        string framework = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        foreach (var assembly in set.Assemblies)
        {
            var needed = Version.Parse(assembly.Version);
            bool inSession = referencedAssemblies.TryGetValue(assembly.Name, out var referenced);
            var present = inSession ? referenced : HostAssemblies.Current.Find(assembly.Name);
            if (present is null)
            {
                // A runtime-only assembly (no compile asset) is loaded from lib/ when something needs it.
                if (assembly.Compile is not null)
                    references.Add((assembly.Compile, assembly.Runtime));
                continue;
            }
            if (present.Value.Version < needed)
            {
                conflict = $"NuGet package '{assembly.Package}' needs {assembly.Name} {needed}, but this engine already has " +
                           $"{assembly.Name} {present.Value.Version} loaded ({present.Value.Path}), and a process holds one copy of an " +
                           $"assembly. Ask for a version of the package that works with {assembly.Name} {present.Value.Version}.";
                return null;
            }
            // The framework's own assemblies are referenced already; other host copies are referenced by their file.
            if (!inSession && assembly.Compile is not null
                && !string.Equals(Path.GetDirectoryName(present.Value.Path), framework, StringComparison.Ordinal))
                references.Add((present.Value.Path, null));
        }
        return references;
    }
}
