using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Xml;

namespace ScoreNotebooks.Notebooks.Editing;

/// <summary>
/// The XML documentation of an assembly a cell references, looked up by documentation id
/// ("M:System.Math.Sqrt(System.Double)"): the <c>.xml</c> file beside a <c>.dll</c> (the series' own
/// libraries are built with one), and for the framework the files of the installed reference pack
/// (<c>packs/Microsoft.NETCore.App.Ref</c> of the SDK), which the runtime itself does not ship.
/// </summary>
/// <remarks>
/// The lookup is kept apart from the compiler's references (no documentation provider is attached to
/// them), so inspection never changes how cells compile. Files are read once per process, on first use.
/// </remarks>
internal sealed class AssemblyDocumentation
{
    // System.Private.CoreLib implements types that the reference pack documents under these assemblies.
    private static readonly string[] CoreLibDocumentation =
        ["System.Runtime", "System.Collections", "System.Threading", "System.Memory", "System.Runtime.InteropServices", "System.Console"];

    private static readonly ConcurrentDictionary<string, AssemblyDocumentation> Cache = new(StringComparer.Ordinal);
    private static readonly Lazy<string?> ReferencePack = new(FindReferencePack);
    private static readonly string RuntimeDirectory = Path.GetFullPath(RuntimeEnvironment.GetRuntimeDirectory());

    private readonly IReadOnlyList<string> files;
    private readonly Lazy<Dictionary<string, string>> members;

    private AssemblyDocumentation(IReadOnlyList<string> files)
    {
        this.files = files;
        members = new Lazy<Dictionary<string, string>>(Load);
    }

    /// <summary>The documentation of the assembly loaded from <paramref name="assemblyPath"/> (none when no file documents it).</summary>
    public static AssemblyDocumentation For(string assemblyPath)
    {
        string full = Path.GetFullPath(assemblyPath);
        return Cache.GetOrAdd(full, path => new AssemblyDocumentation(Files(path).Where(File.Exists).ToList()));
    }

    /// <summary>The member's XML element (<c>&lt;member name="…"&gt;…&lt;/member&gt;</c>), or null when it is not documented.</summary>
    public string? Find(string documentationId) => files.Count == 0 ? null : members.Value.GetValueOrDefault(documentationId);

    private static IEnumerable<string> Files(string assemblyPath)
    {
        if (!assemblyPath.StartsWith(RuntimeDirectory, StringComparison.Ordinal))
            return [Path.ChangeExtension(assemblyPath, ".xml")];
        if (ReferencePack.Value is not { } pack) return [];
        string name = Path.GetFileNameWithoutExtension(assemblyPath);
        return (name == "System.Private.CoreLib" ? CoreLibDocumentation : [name]).Select(n => Path.Combine(pack, n + ".xml"));
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
                // A damaged documentation file means no doc comments from it, never a failed inspection.
            }
        }
        return found;
    }

    /// <summary>The reference pack's folder of XML files for the running framework, or null when the SDK's packs are absent.</summary>
    private static string? FindReferencePack()
    {
        // The runtime lives in <dotnet>/shared/Microsoft.NETCore.App/<version>/.
        var root = new DirectoryInfo(RuntimeDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent?.Parent?.Parent;
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
