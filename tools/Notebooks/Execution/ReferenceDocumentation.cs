using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Xml;
using Microsoft.CodeAnalysis;

namespace ScoreNotebooks.Notebooks.Execution;

/// <summary>
/// The XML documentation of referenced assemblies, so that inspecting a symbol in a cell shows its
/// doc comment: the <c>.xml</c> file beside a referenced <c>.dll</c> (the series' own libraries are
/// built with one), and for the framework the files of the installed reference pack
/// (<c>packs/Microsoft.NETCore.App.Ref</c> of the SDK), which the runtime itself does not ship.
/// </summary>
internal sealed class ReferenceDocumentation : DocumentationProvider
{
    // System.Private.CoreLib implements types that the reference pack documents under these assemblies.
    private static readonly string[] CoreLibDocumentation =
        ["System.Runtime", "System.Collections", "System.Threading", "System.Memory", "System.Runtime.InteropServices", "System.Console"];

    private static readonly ConcurrentDictionary<string, ReferenceDocumentation> Cache = new(StringComparer.Ordinal);
    private static readonly Lazy<string?> ReferencePack = new(FindReferencePack);

    private readonly IReadOnlyList<string> files;
    private readonly Lazy<Dictionary<string, string>> members;

    private ReferenceDocumentation(IReadOnlyList<string> files)
    {
        this.files = files;
        members = new Lazy<Dictionary<string, string>>(Load);
    }

    /// <summary>The documentation in the <c>.xml</c> file beside <paramref name="assemblyPath"/>, or none.</summary>
    public static DocumentationProvider Beside(string assemblyPath) =>
        For([Path.ChangeExtension(assemblyPath, ".xml")]);

    /// <summary>The reference-pack documentation of the framework assembly at <paramref name="assemblyPath"/>, or none.</summary>
    public static DocumentationProvider ForFramework(string assemblyPath)
    {
        if (ReferencePack.Value is not { } pack) return DocumentationProvider.Default;
        string name = Path.GetFileNameWithoutExtension(assemblyPath);
        IEnumerable<string> names = name == "System.Private.CoreLib" ? CoreLibDocumentation : [name];
        return For(names.Select(n => Path.Combine(pack, n + ".xml")));
    }

    /// <inheritdoc/>
    protected override string? GetDocumentationForSymbol(string documentationMemberID, CultureInfo preferredCulture,
        CancellationToken cancellationToken = default) =>
        members.Value.GetValueOrDefault(documentationMemberID);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is ReferenceDocumentation other && files.SequenceEqual(other.files);

    /// <inheritdoc/>
    public override int GetHashCode() => files.Aggregate(17, (hash, file) => HashCode.Combine(hash, file));

    private static DocumentationProvider For(IEnumerable<string> candidates)
    {
        var existing = candidates.Where(File.Exists).ToList();
        return existing.Count == 0
            ? DocumentationProvider.Default
            : Cache.GetOrAdd(string.Join('|', existing), _ => new ReferenceDocumentation(existing));
    }

    /// <summary>Member id → the member's XML element, read from every file (the first file that documents a member wins).</summary>
    private Dictionary<string, string> Load()
    {
        var found = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string file in files)
        {
            try
            {
                using var reader = XmlReader.Create(file, new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore, XmlResolver = null });
                reader.MoveToContent();
                while (!reader.EOF)
                {
                    if (reader.NodeType == XmlNodeType.Element && reader.Name == "member" && reader.GetAttribute("name") is { } id)
                        found.TryAdd(id, reader.ReadOuterXml());
                    else
                        reader.Read();
                }
            }
            catch (Exception error) when (error is XmlException or IOException or UnauthorizedAccessException)
            {
                // A missing or damaged documentation file means no doc comments from it, never a failed cell.
            }
        }
        return found;
    }

    /// <summary>The reference pack's folder of XML files for the running framework, or null when the SDK's packs are absent.</summary>
    private static string? FindReferencePack()
    {
        // The runtime lives in <dotnet>/shared/Microsoft.NETCore.App/<version>/.
        string runtime = RuntimeEnvironment.GetRuntimeDirectory();
        var root = new DirectoryInfo(runtime.TrimEnd(Path.DirectorySeparatorChar)).Parent?.Parent?.Parent;
        var packs = root is null ? null : new DirectoryInfo(Path.Combine(root.FullName, "packs", "Microsoft.NETCore.App.Ref"));
        if (packs is null || !packs.Exists) return null;
        var version = Environment.Version;
        string framework = $"net{version.Major}.{version.Minor}";
        return packs.EnumerateDirectories()
            .Select(d => (Directory: d, Version: System.Version.TryParse(d.Name.Split('-')[0], out var v) ? v : null))
            .Where(p => p.Version is not null && p.Version.Major == version.Major && p.Version.Minor == version.Minor)
            .OrderByDescending(p => p.Version)
            .Select(p => Path.Combine(p.Directory.FullName, "ref", framework))
            .FirstOrDefault(Directory.Exists);
    }
}
