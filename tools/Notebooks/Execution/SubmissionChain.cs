using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;
using ScoreNotebooks.Notebooks.Packages;

namespace ScoreNotebooks.Notebooks.Execution;

/// <summary>
/// A notebook's code cells compiled, never run, as the chain of script submissions a <see cref="ScriptSession"/> would
/// run them as: the same framework and engine references, default imports and globals, and each cell's <c>#r</c>
/// references resolved as the session resolves them. A tool reads the semantic model of a cell from it (which symbol
/// each name binds to) without executing anything.
/// </summary>
/// <remarks>
/// A file reference resolves against <see cref="WorkingDirectory"/>; a package the engine carries resolves to its
/// assemblies. A package it does not carry resolves through <see cref="PackageCache"/> when one is given and it holds the
/// set a session would load (the packages so far, together, as <see cref="RestorePackages"/> or a session restored them);
/// the chain itself never restores. Otherwise the package is left out, so names from it bind to nothing.
/// A cell with compile errors is bound as far as Roslyn can (its model is returned), but later cells continue from the
/// cell before it, as they do in a session, where its definitions never exist.
/// </remarks>
internal sealed class SubmissionChain
{
    private readonly CarriedPackages packages;
    private readonly HashSet<string> files = new(StringComparer.Ordinal);
    // Each reference is given to the chain once, by the first submission that needs it (see ScriptSession.Chain.cs).
    private readonly HashSet<MetadataReference> given = new(ReferenceEqualityComparer.Instance);
    private Script? last;
    // Whether missing sets are restored (only by RestorePackages), and what stops a restore.
    private bool restores;
    private CancellationToken restoring;
    // The references the last cell gave to the chain; and those of a cell that did not compile, which the next cell gives
    // to the chain instead.
    private List<MetadataReference> lastReferences = [];
    private List<MetadataReference> heldOver = [];
    // The packages not carried that the chain has resolved so far, at the versions they resolved to.
    private readonly List<PackageRequest> restored = [];

    /// <summary>Creates an empty chain whose file references resolve against <paramref name="workingDirectory"/>.</summary>
    /// <param name="workingDirectory">The notebook's folder.</param>
    /// <param name="packages">The packages <c>#r "nuget: …"</c> may name; null for the host's.</param>
    public SubmissionChain(string workingDirectory, CarriedPackages? packages = null)
    {
        WorkingDirectory = Path.GetFullPath(workingDirectory);
        this.packages = packages ?? CarriedPackages.Host;
    }

    /// <summary>The folder file references resolve against.</summary>
    public string WorkingDirectory { get; }

    /// <summary>Where packages the engine does not carry are found, or null to leave them out.</summary>
    public PackageCache? PackageCache { get; init; }

    /// <summary>Adds a cell as the next submission and returns its compilation's semantic model of the cell.</summary>
    /// <param name="source">The cell's source, directives included (they are blanked in place, so lines keep their numbers).</param>
    /// <param name="cellNumber">The cell's 1-based number, which names its file (<c>cell-N.csx</c>).</param>
    /// <param name="language">The language the notebook's metadata gives the cell, or null for C#.</param>
    /// <returns>The model, or null for a cell that is not C# (it does not join the chain).</returns>
    public SemanticModel? Add(string source, int cellNumber, string? language = null)
    {
        var directives = CellDirectives.Parse(source, language);
        if (!directives.IsCSharp) return null;
        var added = new List<MetadataReference>();
        foreach (CellReference reference in directives.References.Where(r => !NotCarried(r)))
            Resolve(reference, added);
        ResolvePackages(directives, added);
        var (script, references) = Continue(last, directives.Code, added, cellNumber);
        Compilation compilation;
        try
        {
            compilation = script.GetCompilation();
        }
        catch (InvalidOperationException) when (last is not null)
        {
            // Roslyn continues no submission from one with compile errors, and a session does not either: the cell before
            // this one never ran, so this one continues from the cell before that (which Roslyn checked when the failed
            // one was added), and is given the failed cell's references, as a session gives them to the next cell.
            given.ExceptWith(references);
            given.ExceptWith(lastReferences);
            heldOver = lastReferences;
            (script, references) = Continue(last.Previous, directives.Code, added, cellNumber);
            compilation = script.GetCompilation();
        }
        last = script;
        lastReferences = references;
        heldOver = [];
        return compilation.GetSemanticModel(compilation.SyntaxTrees.Last());
    }

    // The cell as the submission after `previous` (the first when null), with the references no earlier submission gave.
    private (Script<object> Script, List<MetadataReference> References) Continue(Script? previous, string code,
        List<MetadataReference> added, int cellNumber)
    {
        var references = ScriptSession.FrameworkReferences.Value.Concat(heldOver).Concat(added).Append(ScriptSession.EngineReference.Value)
            .Where(given.Add).ToList();
        var options = ScriptOptions.Default
            .WithReferences(references)
            .WithImports(ScriptSession.DefaultImports)
            .WithFilePath(Path.Combine(WorkingDirectory, ScriptSession.CellFileName(cellNumber)))
            .WithAllowUnsafe(false);
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(code));
        var script = previous is null ? CSharpScript.Create(stream, options, typeof(NotebookGlobals)) : previous.ContinueWith(stream, options);
        return (script, references);
    }

    private void Resolve(CellReference reference, List<MetadataReference> added)
    {
        IEnumerable<string> paths;
        if (reference.PackageName is { } name)
            paths = packages.TryResolve(name, reference.PackageVersion, out var assemblies, out _) ? assemblies : [];
        else if (reference.FilePath!.Contains('\0'))
            paths = [];
        else
            paths = [Path.GetFullPath(Path.Combine(WorkingDirectory, reference.FilePath))];
        foreach (string path in paths.Where(p => File.Exists(p) && IsAssembly(p) && files.Add(p)))
            added.Add(MetadataReference.CreateFromFile(path));
    }

    /// <summary>
    /// Restores, cell by cell, the packages the engine does not carry that <paramref name="cells"/> name, into the cache,
    /// as a session running them would (the same sets, so its restores find them there): a sandboxed session, which
    /// cannot write the cache, then runs with them. Nothing is compiled. A set that cannot be restored is skipped.
    /// </summary>
    /// <param name="workingDirectory">The notebook's folder, whose NuGet settings apply.</param>
    /// <param name="cells">Each cell's source and the language its metadata gives (null for C#), in the order they run.</param>
    /// <param name="packageCache">The cache the session uses.</param>
    /// <param name="cancellationToken">Stops the restores (a submission's time limit).</param>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public static void RestorePackages(string workingDirectory, IEnumerable<(string Source, string? Language)> cells,
        PackageCache packageCache, CancellationToken cancellationToken = default)
    {
        var chain = new SubmissionChain(workingDirectory) { PackageCache = packageCache, restoring = cancellationToken, restores = true };
        foreach (var (source, language) in cells)
        {
            var directives = CellDirectives.Parse(source, language);
            if (directives.IsCSharp) chain.ResolvePackages(directives, []);
        }
    }

    private bool NotCarried(CellReference reference) => reference.PackageName is { } name && !packages.Carries(name);

    private void ResolvePackages(CellDirectives directives, List<MetadataReference> added)
    {
        var queue = new List<PackageRequest>();
        foreach (CellReference reference in directives.References.Where(NotCarried))
            if (!restored.Concat(queue).Any(r => string.Equals(r.Name, reference.PackageName, StringComparison.OrdinalIgnoreCase)))
                queue.Add(new PackageRequest(reference.PackageName!, reference.PackageVersion));
        if (queue.Count > 0) Restore(queue, added);
    }

    /// <summary>
    /// Resolves the packages restored so far together with <paramref name="queue"/>, as one set, the way a session's
    /// restore does (from the cache; restored into it only by <see cref="RestorePackages"/>), and references the set's
    /// assemblies the chain does not have: the host's copy of an assembly the host has (which is what runs), else the
    /// set's own.
    /// </summary>
    private void Restore(List<PackageRequest> queue, List<MetadataReference> added)
    {
        if (PackageCache is null) return;
        var requests = restored.Concat(queue).ToList();
        RestoredSet? set;
        try
        {
            set = restores
                ? PackageCache.ResolveAsync(requests, WorkingDirectory, _ => { }, restoring).GetAwaiter().GetResult()
                : PackageCache.TryCached(requests);
        }
        catch (PackageRestoreException)
        {
            // The cell that names the package fails when it runs; its names bind to nothing here.
            return;
        }
        if (set is null) return;
        restored.Clear();
        restored.AddRange(requests.Select(r => r.At(set.VersionOf(r.Name) ?? r.Version!)));
        string framework = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        foreach (var assembly in set.Assemblies.Where(a => a.Compile is not null))
        {
            string path = HostAssemblies.Current.Find(assembly.Name) is { } host ? host.Path : assembly.Compile!;
            if (string.Equals(Path.GetDirectoryName(path), framework, StringComparison.Ordinal)) continue;
            if (File.Exists(path) && files.Add(path)) added.Add(MetadataReference.CreateFromFile(path));
        }
    }

    private static bool IsAssembly(string path)
    {
        try
        {
            System.Reflection.AssemblyName.GetAssemblyName(path);
            return true;
        }
        catch (Exception error) when (error is BadImageFormatException or IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
