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
    private static readonly Lazy<MetadataReference> EngineReference = new(() => Reference(typeof(NotebookGlobals).Assembly.Location));
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
        addedReferences.Add(Reference(path));
    }

    private static IReadOnlyList<MetadataReference> LoadFrameworkReferences()
    {
        string runtime = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        bool IsReferenceable(string name) =>
            name.StartsWith("System.", StringComparison.Ordinal) || name is "netstandard.dll" or "mscorlib.dll" or "Microsoft.CSharp.dll"
            || name.StartsWith("Microsoft.Win32.", StringComparison.Ordinal);
        return Directory.EnumerateFiles(runtime, "*.dll")
            .Where(path => IsReferenceable(Path.GetFileName(path)) && IsManaged(path))
            .Select(path => Reference(path, ReferenceDocumentation.ForFramework(path)))
            .ToList();
    }

    /// <summary>A reference to an assembly, with its XML documentation (for inspection) when there is one.</summary>
    private static MetadataReference Reference(string path, DocumentationProvider? documentation = null) =>
        MetadataReference.CreateFromFile(path, documentation: documentation ?? ReferenceDocumentation.Beside(path));

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
