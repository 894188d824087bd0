using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;

namespace ScoreNotebooks.Notebooks.Execution;

/// <summary>
/// A notebook's code cells compiled, never run, as the chain of script submissions a <see cref="ScriptSession"/> would
/// run them as: the same framework and engine references, default imports and globals, and each cell's <c>#r</c>
/// references resolved as the session resolves them. A tool reads the semantic model of a cell from it (which symbol
/// each name binds to) without executing anything.
/// </summary>
/// <remarks>
/// A file reference resolves against <see cref="WorkingDirectory"/>; a package the engine carries resolves to its
/// assemblies; a package it does not carry is left out (no restore happens here), so names from such a package bind
/// to nothing. A cell with compile errors still extends the chain, as far as Roslyn can bind it.
/// </remarks>
internal sealed class SubmissionChain
{
    private readonly CarriedPackages packages;
    private readonly HashSet<string> files = new(StringComparer.Ordinal);
    // Each reference is given to the chain once, by the first submission that needs it (see ScriptSession.Chain.cs).
    private readonly HashSet<MetadataReference> given = new(ReferenceEqualityComparer.Instance);
    private Script? last;

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
        foreach (CellReference reference in directives.References) Resolve(reference, added);
        var references = ScriptSession.FrameworkReferences.Value.Concat(added).Append(ScriptSession.EngineReference.Value)
            .Where(given.Add).ToList();
        var options = ScriptOptions.Default
            .WithReferences(references)
            .WithImports(ScriptSession.DefaultImports)
            .WithFilePath(Path.Combine(WorkingDirectory, ScriptSession.CellFileName(cellNumber)))
            .WithAllowUnsafe(false);
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(directives.Code));
        last = last is null ? CSharpScript.Create(stream, options, typeof(NotebookGlobals)) : last.ContinueWith(stream, options);
        Compilation compilation = last.GetCompilation();
        return compilation.GetSemanticModel(compilation.SyntaxTrees.Last());
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
