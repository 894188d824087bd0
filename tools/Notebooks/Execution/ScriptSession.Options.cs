using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Scripting;

namespace ScoreNotebooks.Notebooks.Execution;

public sealed partial class ScriptSession
{
    /// <summary>The namespaces every cell starts with: those .NET Interactive's C# kernel imports.</summary>
    public static IReadOnlyList<string> DefaultImports { get; } =
        ["System", "System.Text", "System.Collections", "System.Collections.Generic", "System.Threading.Tasks", "System.Linq"];

    /// <summary>How cells are parsed: as C# script submissions in the latest language version, as the scripting API parses them.</summary>
    internal static readonly CSharpParseOptions ScriptParseOptions = new(LanguageVersion.Latest, kind: SourceCodeKind.Script);

    /// <summary>The framework assemblies cells compile against (<see cref="LoadFrameworkReferences"/>), shared by every session.</summary>
    internal static readonly Lazy<IReadOnlyList<MetadataReference>> FrameworkReferences = new(LoadFrameworkReferences);

    // The scripting API references the globals' assembly only under a private alias; cells (and the
    // loop checks compiled into them) name engine types such as CellCancellation, so it is referenced by file too.
    internal static readonly Lazy<MetadataReference> EngineReference =
        new(() => MetadataReference.CreateFromFile(typeof(NotebookGlobals).Assembly.Location));
    private readonly List<MetadataReference> addedReferences = [];
    // Simple name → version and file of every assembly the session references, for the checks of later packages.
    private readonly Dictionary<string, (Version Version, string Path)> referencedAssemblies = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Adds the cell's references, or says what stops the cell from running: the error's name
    /// ("UnsupportedLanguage", "UnsupportedDirective", "PackageNotCarried", "PackageRestoreFailed",
    /// "PackageConflict", "ReferenceError") and its message, which names the cell and line.
    /// </summary>
    /// <param name="directives">The cell's directives.</param>
    /// <param name="cellNumber">The cell's number, for messages.</param>
    /// <param name="progress">Receives lines for the cell's output while packages are restored.</param>
    /// <param name="cancellationToken">Stops a restore.</param>
    private async Task<(string Name, string Message)?> PrepareAsync(CellDirectives directives, int cellNumber,
        Action<string> progress, CancellationToken cancellationToken)
    {
        if (!directives.IsCSharp)
            return ("UnsupportedLanguage",
                $"unsupported language: cell {cellNumber} is '{directives.Language}', and this engine runs only C# cells " +
                "(#!csharp); markdown cells are kept as they are.");
        if (directives.Problem is not null)
            return ("UnsupportedDirective", $"cell {cellNumber}, {directives.Problem}");
        var restore = new List<CellReference>();
        foreach (var reference in directives.References)
        {
            var problem = reference.PackageName is null ? AddFile(reference)
                : packages.Carries(reference.PackageName) ? AddCarried(reference)
                : QueueRestore(reference, restore);
            if (problem is not null)
                return (problem.Value.Name, $"cell {cellNumber}, line {reference.Line}: {problem.Value.Message}");
        }
        if (restore.Count > 0 && await AddRestoredAsync(restore, progress, cancellationToken).ConfigureAwait(false) is { } failure)
            return (failure.Name, $"cell {cellNumber}, line {failure.Line}: {failure.Message}");
        return null;
    }

    /// <summary>
    /// The options a cell compiles with: those of the framework, the engine and the references added so far
    /// that the submission chain does not hold yet (later submissions see the earlier ones' references), the
    /// default imports.
    /// </summary>
    private ScriptOptions CellOptions(int cellNumber) => ScriptOptions.Default
        .WithReferences(NotInChain(FrameworkReferences.Value.Concat(addedReferences).Append(EngineReference.Value)))
        .WithImports(DefaultImports)
        .WithFilePath(Path.Combine(WorkingDirectory, CellFileName(cellNumber)))
        .WithMetadataResolver(ScriptMetadataResolver.Default.WithBaseDirectory(WorkingDirectory))
        .WithEmitDebugInformation(true)
        .WithAllowUnsafe(false);

    /// <summary>The file name cells are compiled under; stack traces show it.</summary>
    internal static string CellFileName(int cellNumber) => $"cell-{cellNumber}.csx";

    private (string Name, string Message)? AddFile(CellReference reference)
    {
        // A NUL character is the one thing no file path may hold here; Path.GetFullPath throws on it.
        if (reference.FilePath!.Contains('\0'))
            return ("ReferenceError", $"#r \"{reference.FilePath.Replace("\0", "\\0")}\": a file path cannot contain a NUL character.");
        string path = Path.GetFullPath(Path.Combine(WorkingDirectory, reference.FilePath));
        if (!File.Exists(path))
            return ("ReferenceError", $"#r \"{reference.FilePath}\": no such file ({path}).");
        try
        {
            AssemblyName.GetAssemblyName(path);
        }
        catch (BadImageFormatException)
        {
            return ("ReferenceError", $"#r \"{reference.FilePath}\": {path} is not a .NET assembly.");
        }
        AddReference(path);
        return null;
    }

    /// <summary>
    /// Adds a reference, once per file, and remembers its assembly's identity for the consistency checks of
    /// later packages. Cells compile against <paramref name="compilePath"/>; the scripting loader, which
    /// registers a reference under its file path, loads <paramref name="runtimePath"/> when it is given.
    /// </summary>
    private void AddReference(string compilePath, string? runtimePath = null)
    {
        string path = runtimePath ?? compilePath;
        if (addedReferences.OfType<PortableExecutableReference>().Any(r => string.Equals(r.FilePath, path, StringComparison.Ordinal)))
            return;
        addedReferences.Add(runtimePath is null
            ? MetadataReference.CreateFromFile(compilePath)
            : AssemblyMetadata.CreateFromFile(compilePath).GetReference(filePath: runtimePath));
        if (AssemblyName.GetAssemblyName(compilePath) is { Name: { } name, Version: { } version })
            referencedAssemblies.TryAdd(name, (version, path));
    }

    /// <summary>The framework assemblies cells may use, as references shared by every session.</summary>
    /// <remarks>
    /// System.Private.CoreLib is not among them: the scripting API references it itself, from the loaded
    /// assembly. A second reference to it would let compilations that run at the same time in one process
    /// bind its types (System.Random, say) to two different symbols.
    /// </remarks>
    private static IReadOnlyList<MetadataReference> LoadFrameworkReferences()
    {
        string runtime = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        bool IsReferenceable(string name) =>
            (name.StartsWith("System.", StringComparison.Ordinal) && name != "System.Private.CoreLib.dll")
            || name is "netstandard.dll" or "mscorlib.dll" or "Microsoft.CSharp.dll"
            || name.StartsWith("Microsoft.Win32.", StringComparison.Ordinal);
        return Directory.EnumerateFiles(runtime, "*.dll")
            .Where(path => IsReferenceable(Path.GetFileName(path)) && IsManaged(path))
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToList();
    }

    private static bool IsManaged(string path)
    {
        try
        {
            AssemblyName.GetAssemblyName(path);
            return true;
        }
        catch (BadImageFormatException)
        {
            return false;
        }
    }
}
