using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace ScoreNotebooks.Checks;

/// <summary>
/// One check's verdict as data: what was checked, whether it passed, the measured and expected values, the
/// tolerance and its kind. <see cref="Check"/> hands it to the host as a display output of MIME type
/// <see cref="MimeType"/>, so a grader reads verdicts without parsing the printed line.
/// </summary>
/// <remarks>
/// The library references no notebook host. A host that wants the records publishes a sink with
/// <c>AppContext.SetData("ScoreNotebooks.Display", (Action&lt;string, string&gt;)((mimeType, json) =&gt; …))</c>;
/// each check looks it up when it runs and does nothing more when none is published (.NET Interactive,
/// a plain program, a test).
/// <para>The JSON object: <c>what</c> (string), <c>passed</c> (bool), <c>measured</c>, <c>expected</c>,
/// <c>tolerance</c> (numbers, null for a statement), <c>kind</c> ("absolute", "relative", "standard-errors"
/// or "statement") and <c>detail</c> (string: the distance found, or a statement's evidence).</para>
/// </remarks>
/// <param name="What">What was checked.</param>
/// <param name="Passed">Whether the check passed.</param>
/// <param name="Measured">The measured value (an estimate's value), or null for a statement.</param>
/// <param name="Expected">The exact value, or null for a statement.</param>
/// <param name="Tolerance">The tolerance in the units <paramref name="Kind"/> names, or null for a statement.</param>
/// <param name="Kind">"absolute", "relative", "standard-errors" or "statement".</param>
/// <param name="Detail">The distance found, or a statement's evidence (may be empty).</param>
public sealed record CheckRecord(string What, bool Passed, double? Measured, double? Expected, double? Tolerance, string Kind, string Detail)
{
    /// <summary>The MIME type of a check record: <c>application/vnd.scorenotebooks.check+json</c>.</summary>
    public const string MimeType = "application/vnd.scorenotebooks.check+json";

    /// <summary>The name under which a host publishes its display sink with <see cref="AppContext.SetData"/>.</summary>
    public const string DisplaySinkName = "ScoreNotebooks.Display";

    /// <summary>The kind of an absolute bound, |measured − exact| ≤ tolerance.</summary>
    public const string AbsoluteKind = "absolute";

    /// <summary>The kind of a relative bound, |measured − exact| ≤ tolerance · |exact|.</summary>
    public const string RelativeKind = "relative";

    /// <summary>The kind of a Monte Carlo bound, |estimate − exact| ≤ tolerance · s.e.</summary>
    public const string StandardErrorsKind = "standard-errors";

    /// <summary>The kind of a statement that holds or not.</summary>
    public const string StatementKind = "statement";

    // Descriptions hold Greek letters and symbols; keep them readable rather than \u-escaped.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The record as one JSON object (keys as in the remarks).</summary>
    /// <returns>Compact JSON text.</returns>
    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("what", What);
            writer.WriteBoolean("passed", Passed);
            Number(writer, "measured", Measured);
            Number(writer, "expected", Expected);
            Number(writer, "tolerance", Tolerance);
            writer.WriteString("kind", Kind);
            writer.WriteString("detail", Detail);
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Hands the record to the host's display sink, when one is published.</summary>
    internal void Publish()
    {
        if (AppContext.GetData(DisplaySinkName) is Action<string, string> sink) sink(MimeType, ToJson());
    }

    private static void Number(Utf8JsonWriter writer, string name, double? value)
    {
        // JSON has no NaN or infinity; the checks accept only finite values, so null means "not a number check".
        if (value is double v && double.IsFinite(v)) writer.WriteNumber(name, v);
        else writer.WriteNull(name);
    }
}
