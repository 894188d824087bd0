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

    private static readonly Lazy<IReadOnlyList<MetadataReference>> FrameworkReferences = new(LoadFrameworkReferences);

    // The scripting API references the globals' assembly only under a private alias; cells (and the
    // loop checks compiled into them) name engine types such as CellCancellation, so it is referenced by file too.
    private static readonly Lazy<MetadataReference> EngineReference =
        new(() => MetadataReference.CreateFromFile(typeof(NotebookGlobals).Assembly.Location));
    private readonly List<MetadataReference> addedReferences = [];

    /// <summary>
    /// Builds the cell's script options, or says what stops the cell from running: the error's
    /// name ("UnsupportedLanguage", "UnsupportedDirective", "PackageNotCarried", "ReferenceError")
    /// and its message, which names the cell and line.
    /// </summary>
    private (string Name, string Message)? PrepareProblem(CellDirectives directives, int cellNumber, out ScriptOptions options)
    {
        options = ScriptOptions.Default;
        if (!directives.IsCSharp)
            return ("UnsupportedLanguage",
                $"unsupported language: cell {cellNumber} is '{directives.Language}', and this engine runs only C# cells " +
                "(#!csharp); markdown cells are kept as they are.");
        if (directives.Problem is not null)
            return ("UnsupportedDirective", $"cell {cellNumber}, {directives.Problem}");
        foreach (var reference in directives.References)
        {
            var problem = reference.PackageName is not null ? AddPackage(reference) : AddFile(reference);
            if (problem is not null)
                return (problem.Value.Name, $"cell {cellNumber}, line {reference.Line}: {problem.Value.Message}");
        }
        options = CellOptions(cellNumber);
        return null;
    }

    /// <summary>The options a cell compiles with: the framework, the references added so far, the default imports.</summary>
    private ScriptOptions CellOptions(int cellNumber) => ScriptOptions.Default
        .WithReferences(FrameworkReferences.Value.Concat(addedReferences).Append(EngineReference.Value))
        .WithImports(DefaultImports)
        .WithFilePath(Path.Combine(WorkingDirectory, CellFileName(cellNumber)))
        .WithMetadataResolver(ScriptMetadataResolver.Default.WithBaseDirectory(WorkingDirectory))
        .WithEmitDebugInformation(true)
        .WithAllowUnsafe(false);

    /// <summary>The file name cells are compiled under; stack traces show it.</summary>
    internal static string CellFileName(int cellNumber) => $"cell-{cellNumber}.csx";

    private (string Name, string Message)? AddPackage(CellReference reference)
    {
        if (!packages.TryResolve(reference.PackageName!, reference.PackageVersion, out var assemblies, out string problem))
            return ("PackageNotCarried", problem);
        foreach (string assembly in assemblies)
            AddReference(assembly);
        return null;
    }

    private (string Name, string Message)? AddFile(CellReference reference)
    {
        string path = Path.GetFullPath(Path.Combine(WorkingDirectory, reference.FilePath!));
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

    private void AddReference(string path)
    {
        if (addedReferences.OfType<PortableExecutableReference>().Any(r => string.Equals(r.FilePath, path, StringComparison.Ordinal)))
            return;
        addedReferences.Add(MetadataReference.CreateFromFile(path));
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
