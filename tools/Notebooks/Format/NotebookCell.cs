using System.Text.Json.Nodes;

namespace ScoreNotebooks.Notebooks.Format;

/// <summary>
/// A view over one cell's JSON object. Running a notebook changes only a code cell's
/// <c>outputs</c> and <c>execution_count</c>; everything else is left as it was read.
/// </summary>
public sealed class NotebookCell
{
    internal NotebookCell(JsonObject json, int index)
    {
        Json = json;
        Index = index;
    }

    /// <summary>The cell's JSON object inside the notebook tree.</summary>
    public JsonObject Json { get; }

    /// <summary>Zero-based position of the cell in the notebook (0 ≤ Index &lt; cell count).</summary>
    public int Index { get; }

    /// <summary>One-based position (Index + 1), the number messages and figure names use.</summary>
    public int Number => Index + 1;

    /// <summary>"code", "markdown" or "raw".</summary>
    public string CellType => Json["cell_type"]!.GetValue<string>();

    /// <summary>True for a code cell.</summary>
    public bool IsCode => CellType == "code";

    /// <summary>The nbformat 4.5 cell id, or null when the notebook predates ids.</summary>
    public string? Id => Json["id"] is JsonValue v && v.TryGetValue(out string? s) ? s : null;

    /// <summary>The source text (a list of lines is joined, as nbformat does).</summary>
    public string Source => NotebookText.Join(Json["source"]);

    /// <summary>The cell's metadata object (every cell the reader accepts has one).</summary>
    public JsonObject Metadata => Json["metadata"]!.AsObject();

    /// <summary>
    /// The kernel language the cell's metadata names, lower-cased, or null: Polyglot Notebooks'
    /// <c>polyglot_notebook.kernelName</c>, then .NET Interactive's <c>dotnet_interactive.language</c>.
    /// </summary>
    public string? KernelLanguage =>
        NotebookDocument.MetadataString(Json["metadata"], "polyglot_notebook", "kernelName")
        ?? NotebookDocument.MetadataString(Json["metadata"], "dotnet_interactive", "language");

    /// <summary>The outputs currently stored (empty when absent).</summary>
    public IReadOnlyList<JsonObject> Outputs =>
        Json["outputs"] is JsonArray a ? a.OfType<JsonObject>().ToList() : [];

    /// <summary>The stored execution count, or null when the cell has not run.</summary>
    public int? ExecutionCount => Json["execution_count"] is JsonValue v && v.TryGetValue(out int n) ? n : null;

    /// <summary>"cell 3" or "cell 3 (id abc)": how messages name the cell.</summary>
    public string Label => Id is null ? $"cell {Number}" : $"cell {Number} (id {Id})";

    /// <summary>Replaces the outputs and execution count of a code cell.</summary>
    /// <param name="outputs">nbformat output objects, in order (each must not already belong to a tree).</param>
    /// <param name="executionCount">The count to record (≥ 1), or null for "not run".</param>
    /// <exception cref="InvalidOperationException">The cell is not a code cell.</exception>
    public void SetOutputs(IEnumerable<JsonObject> outputs, int? executionCount)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        if (!IsCode)
            throw new InvalidOperationException($"{Label} is a {CellType} cell; only code cells have outputs");
        Json["outputs"] = new JsonArray(outputs.Select(o => (JsonNode?)o).ToArray());
        Json["execution_count"] = executionCount is int n ? JsonValue.Create(n) : null;
    }

    /// <summary>
    /// Empties outputs and execution count, as for a cell a failed "Run All" did not reach.
    /// A cell that is already clear is left untouched, so its JSON stays byte-identical.
    /// </summary>
    public void ClearOutputs()
    {
        if (!IsCode) return;
        bool clear = Json["outputs"] is JsonArray { Count: 0 }
            && Json.ContainsKey("execution_count") && Json["execution_count"] is null;
        if (!clear) SetOutputs([], null);
    }
}
