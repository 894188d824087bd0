using System.IO.Compression;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using ScoreNotebooks.Notebooks.Execution;
using ScoreNotebooks.Notebooks.Packages;

namespace ScoreNotebooks.Notebooks.Tests.Packages;

/// <summary>
/// A package source in a temporary folder, filled with packages compiled by the test, and a notebook
/// folder whose NuGet.config makes that source the only one. NuGet's global package folder and the
/// engine's cache are temporary folders too, so nothing outside the test's folder is written.
/// </summary>
internal sealed class LocalFeed : IDisposable
{
    private readonly TempFolder root = new();

    public LocalFeed()
    {
        Directory.CreateDirectory(FeedFolder);
        Directory.CreateDirectory(NotebookFolder);
        WriteConfig(FeedFolder);
    }

    public string FeedFolder => Path.Combine(root.Path, "feed");

    public string NotebookFolder => Path.Combine(root.Path, "notebook");

    public string CacheFolder => Path.Combine(root.Path, "cache");

    /// <summary>A source that refuses connections: nothing listens on port 9 of the loopback address.</summary>
    public const string UnreachableSource = "https://127.0.0.1:9/v3/index.json";

    public ScriptSession Session(PackageCache? cache = null) => new(NotebookFolder) { PackageCache = cache ?? new PackageCache(CacheFolder) };

    /// <summary>
    /// Adds a package whose one assembly (named <paramref name="assembly"/>, with the package's version as its
    /// assembly version unless given) has <c>public static class Info { public static string Version }</c>
    /// in the namespace of the assembly's name.
    /// </summary>
    public LocalFeed Add(string id, string version, string? assembly = null, string? assemblyVersion = null)
    {
        assembly ??= id;
        string numeric = assemblyVersion ?? version.Split('-')[0] + ".0";
        string code = $$"""
            [assembly: System.Reflection.AssemblyVersion("{{numeric}}")]
            namespace {{assembly}} { public static class Info { public static string Version => "{{version}}"; } }
            """;
        using var stream = new MemoryStream();
        var result = CSharpCompilation.Create(assembly, [CSharpSyntaxTree.ParseText(code)],
                [MetadataReference.CreateFromFile(typeof(object).Assembly.Location)],
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary))
            .Emit(stream);
        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        using var package = ZipFile.Open(Path.Combine(FeedFolder, $"{id}.{version}.nupkg"), ZipArchiveMode.Create);
        using (var nuspec = new StreamWriter(package.CreateEntry($"{id}.nuspec").Open()))
            nuspec.Write($"""
                <?xml version="1.0" encoding="utf-8"?>
                <package xmlns="http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd">
                  <metadata><id>{id}</id><version>{version}</version><authors>tests</authors><description>test package</description></metadata>
                </package>
                """);
        using (var dll = package.CreateEntry($"lib/net8.0/{assembly}.dll").Open())
            dll.Write(stream.ToArray());
        return this;
    }

    /// <summary>Points the notebook folder's NuGet.config at a source that cannot be reached.</summary>
    public void MakeSourcesUnreachable() => WriteConfig(UnreachableSource);

    private void WriteConfig(string source) => File.WriteAllText(Path.Combine(NotebookFolder, "NuGet.config"), $"""
        <?xml version="1.0" encoding="utf-8"?>
        <configuration>
          <config><add key="globalPackagesFolder" value="{Path.Combine(root.Path, "global-packages")}" /></config>
          <packageSources><clear /><add key="test-feed" value="{source}" /></packageSources>
        </configuration>
        """);

    public void Dispose() => root.Dispose();
}
