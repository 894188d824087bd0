using System.Text.Json;
using System.Text.Json.Nodes;

namespace ScoreNotebooks.Notebooks.Format;

/// <summary>A view over one cell's JSON object; only outputs and execution_count are ever changed.</summary>
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

    /// <summary>One-based position, as error messages and figure names show it.</summary>
    public int Number => Index + 1;

    /// <summary>"code", "markdown" or "raw".</summary>
    public string CellType => Json["cell_type"]?.GetValue<string>() ?? "";

    /// <summary>The nbformat 4.5 cell id, or null when the notebook predates ids.</summary>
    public string? Id => Json["id"] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    /// <summary>The source text (an array of lines is joined, as nbformat does).</summary>
    public string Source => Json["source"] switch
    {
        JsonArray lines => string.Concat(lines.Select(l => l?.GetValue<string>() ?? "")),
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        _ => "",
    };

    /// <summary>The cell metadata object (empty when absent).</summary>
    public JsonObject Metadata => Json["metadata"] as JsonObject ?? new JsonObject();

    /// <summary>"Cell 3 (id abc)": how messages name the cell.</summary>
    public string Label => Id is null ? $"cell {Number}" : $"cell {Number} (id {Id})";

    /// <summary>Replaces the outputs and execution count of a code cell.</summary>
    /// <param name="outputs">nbformat output objects, in order.</param>
    /// <param name="executionCount">The count to record, or null for "not run".</param>
    /// <exception cref="InvalidOperationException">The cell is not a code cell.</exception>
    public void SetOutputs(IEnumerable<JsonObject> outputs, int? executionCount)
    {
        if (CellType != "code")
            throw new InvalidOperationException($"{Label} is a {CellType} cell; only code cells have outputs");
        Json["outputs"] = new JsonArray(outputs.Select(o => (JsonNode)o).ToArray());
        Json["execution_count"] = executionCount is int n ? JsonValue.Create(n) : null;
    }

    /// <summary>Clears outputs and execution count (a cell that a failed run did not reach).</summary>
    public void ClearOutputs()
    {
        if (CellType != "code") return;
        bool clean = Json["outputs"] is JsonArray { Count: 0 } && Json["execution_count"] is null
            && Json.ContainsKey("execution_count");
        // Leave an already-clean cell's JSON alone so it stays byte-identical.
        if (!clean) SetOutputs([], null);
    }
}
