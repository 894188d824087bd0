using System.Reflection;

namespace ScoreNotebooks.Notebooks.Packages;

/// <summary>
/// Lays a restored target out as a <see cref="RestoredSet"/>: places every asset of the NuGet package
/// folder into one folder of the engine's cache, corrects TorchSharp's native shim there where the
/// system needs it, and writes the manifest.
/// </summary>
/// <remarks>
/// Runtime assemblies and native libraries share one folder (<c>lib/</c>) because that is how they find
/// each other: the script loader looks for an assembly's dependencies beside it, the runtime probes a
/// managed assembly's own folder for its <c>[DllImport]</c> libraries, and native libraries such as
/// LibTorch find theirs through <c>RUNPATH $ORIGIN</c>. The set's own entries (links or copies,
/// <see cref="FileLinks"/>) rather than paths into the package folder keep the set usable when the package
/// folder is cleared, and keep any correction out of it.
/// </remarks>
internal static class SetLayout
{
    /// <summary>Writes the set for <paramref name="packages"/> into <paramref name="folder"/>.</summary>
    /// <param name="packages">The restored target's packages.</param>
    /// <param name="folder">An empty or missing folder.</param>
    /// <param name="log">Receives a line per notable step (shim corrections).</param>
    /// <returns>The complete set.</returns>
    /// <exception cref="IOException">A file could not be copied or written.</exception>
    public static RestoredSet Build(IReadOnlyList<PackageAssets> packages, string folder, List<string> log)
    {
        string lib = Directory.CreateDirectory(Path.Combine(folder, "lib")).FullName;
        string reference = Path.Combine(folder, "ref");
        var runtime = new Dictionary<string, RestoredAssembly>(StringComparer.OrdinalIgnoreCase);
        foreach (var package in packages)
        {
            foreach (string file in package.Runtime)
                PlaceRuntime(file, lib, package.Name, runtime);
            foreach (string file in package.Native)
                PlaceOnce(file, Path.Combine(lib, Path.GetFileName(file)));
            foreach (var (locale, file) in package.Resources)
                PlaceOnce(file, Path.Combine(lib, locale, Path.GetFileName(file)));
        }
        var assemblies = new Dictionary<string, RestoredAssembly>(runtime, StringComparer.OrdinalIgnoreCase);
        foreach (var package in packages)
        {
            foreach (string file in package.Compile)
                PlaceCompile(file, package, reference, assemblies);
        }
        RestoredShims.CorrectIn(lib, log);
        var set = new RestoredSet(folder,
            packages.Select(p => new RestoredPackage(p.Name, p.Version)).OrderBy(p => p.Name, StringComparer.OrdinalIgnoreCase).ToList(),
            assemblies.Values.OrderBy(a => a.Name, StringComparer.OrdinalIgnoreCase).ToList());
        set.Write();
        return set;
    }

    /// <summary>
    /// Copies a runtime assembly into <c>lib/</c>. Where two packages ship the same assembly, the higher
    /// version is kept, as the SDK's conflict resolution does.
    /// </summary>
    private static void PlaceRuntime(string file, string lib, string package, Dictionary<string, RestoredAssembly> runtime)
    {
        string target = Path.Combine(lib, Path.GetFileName(file));
        if (Identity(file) is not { } name)
        {
            PlaceOnce(file, target);
            return;
        }
        if (runtime.TryGetValue(name.Name!, out var present) && System.Version.Parse(present.Version) >= name.Version!)
            return;
        // Deleted first: the file there may be a link into the package folder, which must not be overwritten.
        File.Delete(target);
        FileLinks.LinkOrCopy(file, target);
        runtime[name.Name!] = new RestoredAssembly(name.Name!, name.Version!.ToString(), package, Compile: null, Runtime: target);
    }

    /// <summary>
    /// Records the file to compile against: the runtime copy when the package compiles against that same file,
    /// else a copy in <c>ref/</c> (a reference assembly, or a compile-time surface that differs from the runtime one).
    /// </summary>
    private static void PlaceCompile(string file, PackageAssets package, string reference, Dictionary<string, RestoredAssembly> assemblies)
    {
        if (Identity(file) is not { } name)
            return;
        assemblies.TryGetValue(name.Name!, out var entry);
        if (entry?.Compile is not null)
            return;
        bool sameFile = entry?.Runtime is not null && package.Runtime.Contains(file, StringComparer.Ordinal)
            && string.Equals(entry.Package, package.Name, StringComparison.OrdinalIgnoreCase);
        string compile = sameFile ? entry!.Runtime! : Path.Combine(reference, Path.GetFileName(file));
        if (!sameFile)
            PlaceOnce(file, compile);
        assemblies[name.Name!] = entry is null
            ? new RestoredAssembly(name.Name!, name.Version!.ToString(), package.Name, compile, Runtime: null)
            : entry with { Compile = compile };
    }

    private static AssemblyName? Identity(string file)
    {
        if (!file.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
            return null;
        try
        {
            var name = AssemblyName.GetAssemblyName(file);
            return name.Name is null || name.Version is null ? null : name;
        }
        catch (BadImageFormatException)
        {
            return null; // a native library under lib/ or runtimes/
        }
    }

    private static void PlaceOnce(string source, string target)
    {
        if (File.Exists(target))
            return;
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        FileLinks.LinkOrCopy(source, target);
    }
}
