using System.Text.Json.Nodes;
using ScoreNotebooks.Notebooks.Format;

namespace ScoreNotebooks.Notebooks.Execution;

/// <summary>
/// One output of a running cell, as a host receives it while the cell runs (the <c>onOutput</c>
/// callback of <see cref="ScriptSession.ExecuteAsync"/>) and as it is stored in the notebook
/// (<see cref="ToNbformat"/>).
/// </summary>
public sealed class CellOutput
{
    private CellOutput(CellOutputKind kind) => Kind = kind;

    /// <summary>Which nbformat output type this is.</summary>
    public CellOutputKind Kind { get; }

    /// <summary>For <see cref="CellOutputKind.Stream"/>: "stdout" or "stderr".</summary>
    public string? StreamName { get; private init; }

    /// <summary>For <see cref="CellOutputKind.Stream"/>: the text written.</summary>
    public string? Text { get; private init; }

    /// <summary>For display and results: MIME type → representation ("text/plain", "text/html"); the
    /// representation of a JSON MIME type is JSON text.</summary>
    public IReadOnlyDictionary<string, string> Data { get; private init; } = new Dictionary<string, string>();

    /// <summary>For display and results: the object that was shown (a chart, a number, ...).</summary>
    public object? Value { get; private init; }

    /// <summary>For errors: the exception's type name, or one of "CompilationError", "TimeoutError",
    /// "Interrupted", "UnsupportedLanguage", "UnsupportedDirective", "PackageNotCarried", "PackageRestoreFailed",
    /// "PackageConflict", "ReferenceError".</summary>
    public string? ErrorName { get; private init; }

    /// <summary>For errors: the message. Compile and directive errors name the cell and line here;
    /// for an exception this is its own message, and the first traceback line names the cell and line.</summary>
    public string? ErrorValue { get; private init; }

    /// <summary>For errors: the traceback lines.</summary>
    public IReadOnlyList<string> Traceback { get; private init; } = [];

    /// <summary>Creates a stream output.</summary>
    /// <param name="name">"stdout" or "stderr".</param>
    /// <param name="text">The text written (non-null).</param>
    /// <returns>The output.</returns>
    public static CellOutput Stream(string name, string text) =>
        new(CellOutputKind.Stream) { StreamName = name, Text = text };

    /// <summary>Creates a display_data or execute_result output.</summary>
    /// <param name="kind"><see cref="CellOutputKind.DisplayData"/> or <see cref="CellOutputKind.ExecuteResult"/>.</param>
    /// <param name="value">The object shown.</param>
    /// <param name="data">MIME type → representation; at least "text/plain".</param>
    /// <returns>The output.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="kind"/> is not a display kind.</exception>
    public static CellOutput Display(CellOutputKind kind, object? value, IReadOnlyDictionary<string, string> data)
    {
        if (kind is not (CellOutputKind.DisplayData or CellOutputKind.ExecuteResult))
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "a display output is DisplayData or ExecuteResult");
        return new(kind) { Value = value, Data = data };
    }

    /// <summary>Creates an error output.</summary>
    /// <param name="name">Exception type name or "CompilationError".</param>
    /// <param name="value">Message naming the cell and line.</param>
    /// <param name="traceback">Traceback lines.</param>
    /// <returns>The output.</returns>
    public static CellOutput Error(string name, string value, IReadOnlyList<string> traceback) =>
        new(CellOutputKind.Error) { ErrorName = name, ErrorValue = value, Traceback = traceback };

    /// <summary>The output as an nbformat 4 JSON object.</summary>
    /// <param name="executionCount">The cell's count (used by execute_result only).</param>
    /// <returns>A new JSON object.</returns>
    public JsonObject ToNbformat(int? executionCount) => Kind switch
    {
        CellOutputKind.Stream => new JsonObject
        {
            ["name"] = StreamName, ["output_type"] = "stream", ["text"] = NotebookText.ToJsonLines(Text ?? ""),
        },
        CellOutputKind.DisplayData => new JsonObject
        {
            ["data"] = MimeBundle(), ["metadata"] = new JsonObject(), ["output_type"] = "display_data",
        },
        CellOutputKind.ExecuteResult => new JsonObject
        {
            ["data"] = MimeBundle(), ["execution_count"] = executionCount,
            ["metadata"] = new JsonObject(), ["output_type"] = "execute_result",
        },
        _ => new JsonObject
        {
            ["ename"] = ErrorName, ["evalue"] = ErrorValue, ["output_type"] = "error",
            ["traceback"] = new JsonArray(Traceback.Select(t => (JsonNode?)t).ToArray()),
        },
    };

    private JsonObject MimeBundle() => ToMimeBundle(textAsLines: true);

    /// <summary>
    /// The <see cref="Data"/> as a Jupyter MIME bundle: JSON MIME types (<c>application/json</c>,
    /// <c>application/…+json</c>) as JSON values, every other type as text.
    /// </summary>
    /// <param name="textAsLines">True for nbformat's list of lines (files), false for one string (Jupyter messages).</param>
    /// <returns>A new JSON object.</returns>
    public JsonObject ToMimeBundle(bool textAsLines)
    {
        var bundle = new JsonObject();
        foreach (var (mime, text) in Data)
        {
            bundle[mime] = OutputFormatter.IsJsonMimeType(mime) && JsonText(text) is { } json ? json
                : textAsLines ? NotebookText.ToJsonLines(text) : JsonValue.Create(text);
        }
        return bundle;
    }

    private static JsonNode? JsonText(string text)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
