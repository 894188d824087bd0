using System.Text.Json;
using System.Text.Json.Nodes;

namespace ScoreNotebooks.Notebooks.Format;

/// <summary>
/// Checks a notebook's JSON tree against the nbformat 4 schema: every field the schema requires is
/// present, and every field it defines for the notebook, its cells, their outputs and attachments
/// has its type (counts, cell types, output types and cell ids also their range). Inside metadata,
/// which the schema leaves open, it checks the fields the engine reads to choose a cell's language.
/// The first problem found is a <see cref="NotebookFormatException"/> naming the cell.
/// </summary>
/// <remarks>
/// Two rules are looser than nbformat 4.5's schema, as nbformat's own reader is (it warns and reads
/// on): a key the schema does not define is allowed and kept unchanged, as nbformat keeps the fields
/// of later minor versions; and a cell may lack an <c>id</c> (nbformat adds one; the engine names
/// such a cell by its number). Optional metadata fields the engine does not read (<c>tags</c>,
/// <c>collapsed</c>, <c>kernelspec.name</c>, …) are kept as they are, unchecked.
/// </remarks>
internal sealed class NotebookSchema
{
    private static readonly string[] CellTypes = ["code", "markdown", "raw"];
    private static readonly string[] OutputTypes = ["stream", "display_data", "execute_result", "error"];
    private readonly string label;

    private NotebookSchema(string label) => this.label = label;

    /// <summary>Checks <paramref name="root"/>, the whole notebook.</summary>
    /// <param name="root">The parsed JSON.</param>
    /// <param name="label">The file name errors start with.</param>
    /// <exception cref="NotebookFormatException">The tree is not an nbformat 4 notebook.</exception>
    public static void Check(JsonNode? root, string label) => new NotebookSchema(label).CheckNotebook(root);

    private void CheckNotebook(JsonNode? root)
    {
        if (root is not JsonObject notebook)
            throw Fail("the top-level JSON value is not an object (a notebook is an object with \"cells\", \"metadata\", \"nbformat\" and \"nbformat_minor\")");
        bool hasVersion = notebook.TryGetPropertyValue("nbformat", out JsonNode? version);
        if (version is not JsonValue major || major.GetValueKind() != JsonValueKind.Number
            || !major.TryGetValue(out int value) || value != 4)
            throw Fail($"not an nbformat 4 notebook (\"nbformat\" is {(hasVersion ? Describe(version) : "missing")}; only version 4 is supported)");
        Count(Field(notebook, "nbformat_minor", "the notebook"), "\"nbformat_minor\"", allowNull: false);
        var metadata = ObjectField(notebook, "metadata", "the notebook");
        LanguageName(metadata, "metadata", "kernelspec", "language");
        LanguageName(metadata, "metadata", "polyglot_notebook", "kernelInfo", "defaultKernelName");
        var cells = ArrayField(notebook, "cells", "the notebook");
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < cells.Count; i++)
            CheckCell(cells[i], i + 1, ids);
    }

    private void CheckCell(JsonNode? node, int number, Dictionary<string, int> ids)
    {
        string where = $"cell {number}";
        if (node is not JsonObject cell || cell["cell_type"] is not JsonValue typeValue || !typeValue.TryGetValue(out string? type))
            throw Fail($"{where} is not an object with a string \"cell_type\"");
        if (!CellTypes.Contains(type))
            throw Fail($"{where} has \"cell_type\" {NotebookJsonReader.Quote(type)}; nbformat 4 defines \"code\", \"markdown\" and \"raw\"");
        if (cell.TryGetPropertyValue("id", out JsonNode? id))
        {
            string text = Text(id, $"{where}: \"id\"");
            if (text.Length is 0 or > 64 || !text.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
                throw Fail($"{where}: \"id\" must be 1 to 64 ASCII letters, digits, '-' or '_', but it is {Describe(id)}");
            if (!ids.TryAdd(text, number))
                throw Fail($"{where} has the id {NotebookJsonReader.Quote(text)} of cell {ids[text]}; cell ids must be unique");
        }
        var metadata = ObjectField(cell, "metadata", where);
        LanguageName(metadata, $"{where}: metadata", "polyglot_notebook", "kernelName");
        LanguageName(metadata, $"{where}: metadata", "dotnet_interactive", "language");
        MultilineString(Field(cell, "source", where), $"{where}: \"source\"");
        if (cell.TryGetPropertyValue("attachments", out JsonNode? attachments))
            CheckAttachments(attachments, where);
        if (type != "code") return;
        Count(Field(cell, "execution_count", where), $"{where}: \"execution_count\"", allowNull: true);
        var outputs = ArrayField(cell, "outputs", where);
        for (int j = 0; j < outputs.Count; j++)
            CheckOutput(outputs[j], $"{where}, output {j + 1}");
    }

    private void CheckAttachments(JsonNode? attachments, string where)
    {
        if (attachments is not JsonObject files)
            throw Fail($"{where}: \"attachments\" must be an object, but it is {Describe(attachments)}");
        foreach (var (name, bundle) in files)
            MimeBundle(bundle, $"{where}, attachment {NotebookJsonReader.Quote(name)}");
    }

    private void CheckOutput(JsonNode? node, string where)
    {
        if (node is not JsonObject output || output["output_type"] is not JsonValue typeValue || !typeValue.TryGetValue(out string? type))
            throw Fail($"{where} is not an object with a string \"output_type\"");
        switch (type)
        {
            case "stream":
                Text(Field(output, "name", where), $"{where}: \"name\"");
                MultilineString(Field(output, "text", where), $"{where}: \"text\"");
                break;
            case "display_data" or "execute_result":
                MimeBundle(Field(output, "data", where), $"{where}: \"data\"");
                ObjectField(output, "metadata", where);
                if (type == "execute_result")
                    Count(Field(output, "execution_count", where), $"{where}: \"execution_count\"", allowNull: true);
                break;
            case "error":
                Text(Field(output, "ename", where), $"{where}: \"ename\"");
                Text(Field(output, "evalue", where), $"{where}: \"evalue\"");
                var traceback = ArrayField(output, "traceback", where);
                for (int k = 0; k < traceback.Count; k++)
                    Text(traceback[k], $"{where}: \"traceback\" item {k + 1}");
                break;
            default:
                throw Fail($"{where} has \"output_type\" {NotebookJsonReader.Quote(type)}; nbformat 4 defines {string.Join(", ", OutputTypes.Select(t => $"\"{t}\""))}");
        }
    }

    /// <summary>A MIME bundle: text types hold a string or an array of lines; JSON types (<c>application/json</c>, <c>application/*+json</c>) any JSON.</summary>
    private void MimeBundle(JsonNode? node, string what)
    {
        if (node is not JsonObject bundle)
            throw Fail($"{what} must be an object of MIME types, but it is {Describe(node)}");
        foreach (var (mime, data) in bundle)
        {
            bool json = mime.StartsWith("application/", StringComparison.Ordinal)
                && (mime == "application/json" || mime.EndsWith("+json", StringComparison.Ordinal));
            if (!json) MultilineString(data, $"{what} {NotebookJsonReader.Quote(mime)}");
        }
    }

    /// <summary>Checks that a language name the engine reads (<paramref name="path"/> under <paramref name="metadata"/>) is a string where present.</summary>
    private void LanguageName(JsonObject metadata, string what, params string[] path)
    {
        JsonNode? node = metadata;
        for (int i = 0; i < path.Length; i++)
        {
            string at = $"{what}.{string.Join('.', path[..(i + 1)])}";
            if (node is not JsonObject obj || !obj.TryGetPropertyValue(path[i], out node)) return;
            if (i < path.Length - 1 && node is not JsonObject)
                throw Fail($"{at} must be an object, but it is {Describe(node)}");
            if (i == path.Length - 1) Text(node, at);
        }
    }

    private JsonNode? Field(JsonObject obj, string key, string where, string kind = "") =>
        obj.TryGetPropertyValue(key, out JsonNode? value)
            ? value
            : throw Fail($"{where} has no \"{key}\"{kind}");

    private JsonObject ObjectField(JsonObject obj, string key, string where) =>
        Field(obj, key, where, " object") as JsonObject
            ?? throw Fail($"{Subject(where)}\"{key}\" must be an object, but it is {Describe(obj[key])}");

    private JsonArray ArrayField(JsonObject obj, string key, string where) =>
        Field(obj, key, where, " array") as JsonArray
            ?? throw Fail($"{Subject(where)}\"{key}\" must be an array, but it is {Describe(obj[key])}");

    private string Text(JsonNode? node, string what) =>
        node is JsonValue value && value.TryGetValue(out string? text)
            ? text
            : throw Fail($"{what} must be a string, but it is {Describe(node)}");

    private void MultilineString(JsonNode? node, string what)
    {
        if (node is JsonValue value && value.TryGetValue(out string? _)) return;
        if (node is not JsonArray lines)
            throw Fail($"{what} must be a string or an array of strings, but it is {Describe(node)}");
        for (int k = 0; k < lines.Count; k++)
        {
            if (lines[k] is not JsonValue line || !line.TryGetValue(out string? _))
                throw Fail($"{what} must be a string or an array of strings, but item {k + 1} of the array is {Describe(lines[k])}");
        }
    }

    /// <summary>A count as nbformat defines it: an integer ≥ 0 (here at most <see cref="int.MaxValue"/>), or null where allowed.</summary>
    private void Count(JsonNode? node, string what, bool allowNull)
    {
        if (node is null && allowNull) return;
        if (node is JsonValue value && value.GetValueKind() == JsonValueKind.Number && value.TryGetValue(out int n) && n >= 0) return;
        throw Fail($"{what} must be a whole number from 0 to {int.MaxValue}{(allowNull ? " or null" : "")}, but it is {Describe(node)}");
    }

    private static string Subject(string where) => where == "the notebook" ? "" : $"{where}: ";

    /// <summary>A JSON value in words, for messages: "null", "an array", "the number 1e400", "the string \"x\"".</summary>
    private static string Describe(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject => "an object",
        JsonArray => "an array",
        JsonValue v when v.TryGetValue(out string? s) => $"the string {NotebookJsonReader.Quote(s)}",
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => $"the number {Cut(v.ToJsonString())}",
        _ => node.ToJsonString(),
    };

    private static string Cut(string text) => text.Length > 40 ? text[..40] + "…" : text;

    private NotebookFormatException Fail(string problem) => new(label, problem);
}
