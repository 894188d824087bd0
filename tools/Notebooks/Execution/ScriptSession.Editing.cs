using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using ScoreNotebooks.Notebooks.Editing;

namespace ScoreNotebooks.Notebooks.Execution;

public sealed partial class ScriptSession
{
    /// <summary>
    /// The completions at <paramref name="position"/> in <paramref name="code"/>, as if the code were the
    /// next cell: the variables, types, usings and references of the cells that have finished are known.
    /// </summary>
    /// <param name="code">The cell being edited (directive lines are ignored).</param>
    /// <param name="position">The cursor, a UTF-16 index, 0 ≤ position ≤ code.Length.</param>
    /// <param name="cancellationToken">Stops the analysis.</param>
    /// <returns>The completions and the range of text they replace.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="code"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="position"/> is outside the code.</exception>
    /// <remarks>Call it between cells, not while <see cref="ExecuteAsync"/> runs.</remarks>
    public CompletionList Complete(string code, int position, CancellationToken cancellationToken = default) =>
        CodeCompletion.Complete(Model(code, position, cancellationToken), position, cancellationToken);

    /// <summary>
    /// Describes the symbol at <paramref name="position"/> in <paramref name="code"/>: the name under or
    /// just before the cursor, or the method whose parentheses hold it. The signature is written with
    /// the cell's usings; the doc comment comes from the referenced assembly's XML documentation.
    /// </summary>
    /// <param name="code">The cell being edited (directive lines are ignored).</param>
    /// <param name="position">The cursor, a UTF-16 index, 0 ≤ position ≤ code.Length.</param>
    /// <param name="cancellationToken">Stops the analysis.</param>
    /// <returns>The description, or null when the cursor is on nothing that names a symbol.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="code"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="position"/> is outside the code.</exception>
    /// <remarks>Call it between cells, not while <see cref="ExecuteAsync"/> runs.</remarks>
    public SymbolDescription? Inspect(string code, int position, CancellationToken cancellationToken = default) =>
        SymbolInspection.Describe(Model(code, position, cancellationToken), position, cancellationToken);

    /// <summary>The semantic model of <paramref name="code"/> compiled as the next submission, directive lines blanked in place.</summary>
    private SemanticModel Model(string code, int position, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(code);
        ArgumentOutOfRangeException.ThrowIfNegative(position);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(position, code.Length);
        string masked = CellDirectives.MaskDirectives(code);
        var options = CellOptions(ExecutionCount + 1);
        var script = state is null
            ? CSharpScript.Create(masked, options, typeof(NotebookGlobals))
            : state.Script.ContinueWith(masked, options);
        var compilation = script.GetCompilation();
        var tree = compilation.SyntaxTrees.Last();
        cancellationToken.ThrowIfCancellationRequested();
        return compilation.GetSemanticModel(tree);
    }
}
