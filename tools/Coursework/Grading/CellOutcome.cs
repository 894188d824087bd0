using System.Text.Json.Nodes;
using ScoreNotebooks.Notebooks.Format;

namespace ScoreNotebooks.Coursework.Grading;

/// <summary>What a grader reads from a cell's nbformat outputs: its failure message and its check records.</summary>
internal static class CellOutcome
{
    /// <summary>The MIME type of the library's structured check records.</summary>
    public const string CheckRecordMimeType = "application/vnd.scorenotebooks.check+json";

    private const int MaxMessage = 400;

    /// <summary>The first line of the cell's error, "NAME: message", shortened; null when it has none.</summary>
    public static string? Failure(IReadOnlyList<JsonObject> outputs)
    {
        if (outputs.LastOrDefault(o => (string?)o["output_type"] == "error") is not { } error) return null;
        string name = (string?)error["ename"] ?? "Error";
        string value = ((string?)error["evalue"] ?? "").Split('\n')[0].Trim();
        string line = value.Length == 0 ? name : $"{name}: {value}";
        return line.Length > MaxMessage ? line[..MaxMessage] + "…" : line;
    }

    /// <summary>The check records among the outputs (display outputs of <see cref="CheckRecordMimeType"/>), copied.</summary>
    public static IEnumerable<JsonObject> Records(IEnumerable<JsonObject> outputs) =>
        outputs.Where(o => (string?)o["output_type"] == "display_data")
            .Select(o => o["data"]?[CheckRecordMimeType])
            .OfType<JsonObject>()
            .Select(r => (JsonObject)r.DeepClone());

    /// <summary>The outputs as a code cell stores them (copies, so the originals may stay in another tree).</summary>
    public static void Store(NotebookCell cell, IReadOnlyList<JsonObject> outputs, int? executionCount) =>
        cell.SetOutputs(outputs.Select(o => (JsonObject)o.DeepClone()), executionCount);
}
