using System.Text.Json.Nodes;
using ScoreNotebooks.Notebooks.Execution;

namespace ScoreNotebooks.Notebooks.Workers;

/// <summary>
/// The messages of the worker channel. The worker says <see cref="Ready"/> as soon as it is connected;
/// the runner opens a script session in a folder (<see cref="Start"/>, answered <see cref="Started"/>)
/// and sends one cell at a time (<see cref="Execute"/>), which the worker answers with the cell's
/// <see cref="Output"/>s as they happen and <see cref="Completed"/>. A worker whose process is ending
/// says why, when it still can (<see cref="Ending"/>).
/// </summary>
/// <remarks>
/// Cells go one at a time so that a cell's code runs before the next cell is in the worker's process at
/// all: a grader's hidden checks and reference solutions reach the worker only when their turn comes.
/// </remarks>
internal static class WorkerMessages
{
    public const string Ready = "ready";
    public const string Start = "start";
    public const string Started = "started";
    public const string Execute = "execute";
    public const string Output = "output";
    public const string Completed = "completed";
    public const string Ending = "ending";

    /// <summary>Opens the script session, with <paramref name="directory"/> as its working directory.</summary>
    public static JsonObject StartSession(string directory) => new() { ["type"] = Start, ["directory"] = directory };

    /// <summary>The session is open, or (with a problem) could not be opened.</summary>
    public static JsonObject SessionStarted(string? problem) => new() { ["type"] = Started, ["problem"] = problem };

    /// <summary>Runs one cell.</summary>
    public static JsonObject ExecuteCell(int cellNumber, string source, string? language, TimeSpan timeout) => new()
    {
        ["type"] = Execute, ["cell"] = cellNumber, ["source"] = source, ["language"] = language,
        ["timeoutSeconds"] = timeout == Timeout.InfiniteTimeSpan ? null : timeout.TotalSeconds,
    };

    /// <summary>One output of the running cell, in nbformat form (stream text may come in pieces).</summary>
    public static JsonObject CellOutput(int cellNumber, JsonObject output) => new()
    {
        ["type"] = Output, ["cell"] = cellNumber, ["output"] = output,
    };

    /// <summary>A cell finished: its status, execution count, all its outputs in nbformat form, and its figures.</summary>
    public static JsonObject CellCompleted(int cellNumber, CellResult result, IEnumerable<RecordedFigure> figures) => new()
    {
        ["type"] = Completed, ["cell"] = cellNumber, ["status"] = result.Status.ToString(), ["executionCount"] = result.ExecutionCount,
        ["outputs"] = new JsonArray(result.Outputs.Select(o => (JsonNode?)o.ToNbformat(result.ExecutionCount)).ToArray()),
        ["figures"] = new JsonArray(figures.Select(f => (JsonNode?)new JsonObject
        {
            ["cell"] = f.CellNumber, ["ordinal"] = f.Ordinal, ["title"] = f.Title, ["json"] = f.FigureJson,
            ["width"] = f.Width, ["height"] = f.Height,
        }).ToArray()),
    };

    /// <summary>The process is ending while a cell runs: the cell called Environment.Exit, or an exception on a
    /// thread a cell started was not handled.</summary>
    public static JsonObject ProcessEnding(string reason) => new() { ["type"] = Ending, ["reason"] = reason };

    /// <summary>The figures of a <see cref="Completed"/> message.</summary>
    public static IReadOnlyList<RecordedFigure> Figures(JsonObject completed) =>
        (completed["figures"] as JsonArray ?? []).OfType<JsonObject>().Select(f => new RecordedFigure(
            Int(f, "cell") ?? 0, Int(f, "ordinal") ?? 0, Text(f, "title") ?? "untitled", Text(f, "json") ?? "{}",
            Int(f, "width"), Int(f, "height"))).ToList();

    public static string? Text(JsonObject message, string key) =>
        message[key] is JsonValue v && v.TryGetValue(out string? s) ? s : null;

    public static int? Int(JsonObject message, string key) =>
        message[key] is JsonValue v && v.TryGetValue(out int n) ? n : null;

    public static double? Number(JsonObject message, string key) =>
        message[key] is JsonValue v && v.TryGetValue(out double n) ? n : null;
}
