using System.Text.Json.Nodes;
using ScoreNotebooks.Notebooks.Format;

namespace ScoreNotebooks.Kernel.Tests.Hosts;

/// <summary>A chapter as one host executed it: the notebook with its outputs, read back for comparison.</summary>
/// <param name="Host">"the runner", "the series' kernel" or ".NET Interactive".</param>
/// <param name="Notebook">The executed notebook.</param>
/// <param name="Path">Where the executed notebook was written.</param>
public sealed record ExecutedChapter(string Host, NotebookDocument Notebook, string Path)
{
    private const string PlotlyMime = "application/vnd.plotly.v1+json";

    /// <summary>Every output of every code cell, with its cell.</summary>
    public IEnumerable<(NotebookCell Cell, JsonObject Output)> Outputs =>
        Notebook.Cells.Where(c => c.IsCode).SelectMany(c => c.Outputs.Select(o => (c, o)));

    /// <summary>The error outputs, as "cell N: name: message".</summary>
    public IReadOnlyList<string> Errors => Outputs.Where(o => (string?)o.Output["output_type"] == "error")
        .Select(o => $"{o.Cell.Label}: {(string?)o.Output["ename"]}: {(string?)o.Output["evalue"]}").ToList();

    /// <summary>The lines the chapter's checks printed (those starting with PASS or FAIL), in order.</summary>
    public IReadOnlyList<string> CheckLines => Outputs.Where(o => (string?)o.Output["output_type"] == "stream")
        .SelectMany(o => Text(o.Output["text"]).Split('\n')).Select(l => l.Trim())
        .Where(l => l.StartsWith("PASS", StringComparison.Ordinal) || l.StartsWith("FAIL", StringComparison.Ordinal)).ToList();

    /// <summary>Every figure's plotly.js JSON, in order (a host that sends it as text has it parsed).</summary>
    public IReadOnlyList<JsonNode> Figures => Outputs.Select(o => o.Output["data"]?[PlotlyMime]).OfType<JsonNode>()
        .Select(json => json is JsonValue text && text.TryGetValue(out string? s) ? JsonNode.Parse(s)! : json).ToList();

    /// <summary>The text/html of every figure output, in order.</summary>
    public IReadOnlyList<string> FigureHtml => Outputs.Where(o => o.Output["data"]?[PlotlyMime] is not null)
        .Select(o => Text(o.Output["data"]!["text/html"])).ToList();

    public static string Text(JsonNode? node) =>
        node is JsonArray lines ? string.Concat(lines.Select(l => (string?)l)) : node is JsonValue v && v.TryGetValue(out string? s) ? s : "";
}
