using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ScoreNotebooks.Notebooks.Format;

/// <summary>
/// A Jupyter notebook (nbformat 4) held as its JSON tree, so every field the engine does not
/// interpret (metadata, attachments, cell ids, fields of later minor versions) survives a
/// read/write unchanged.
/// </summary>
/// <remarks>
/// Writing uses nbformat's canonical layout (<see cref="CanonicalJsonWriter"/>), so loading and
/// saving a notebook that nbformat wrote, without running it, gives back the same bytes.
/// </remarks>
public sealed class NotebookDocument
{
    private NotebookDocument(JsonObject root, IReadOnlyList<NotebookCell> cells, string? path)
    {
        Root = root;
        Cells = cells;
        FilePath = path;
    }

    /// <summary>The whole JSON document; <see cref="ToJson"/> writes exactly this tree.</summary>
    public JsonObject Root { get; }

    /// <summary>The cells, in order (views over the cell objects inside <see cref="Root"/>).</summary>
    public IReadOnlyList<NotebookCell> Cells { get; }

    /// <summary>The full path the notebook was loaded from, or null for parsed text.</summary>
    public string? FilePath { get; }

    /// <summary>The folder the notebook runs in: the folder of <see cref="FilePath"/>, or null.</summary>
    public string? Directory => FilePath is null ? null : Path.GetDirectoryName(FilePath);

    /// <summary>The notebook-level metadata (a detached empty object when the notebook has none).</summary>
    public JsonObject Metadata => Root["metadata"] as JsonObject ?? new JsonObject();

    /// <summary>The minor format version (<c>nbformat_minor</c>), 0 when absent.</summary>
    public int MinorVersion => Root["nbformat_minor"] is JsonValue v && v.TryGetValue(out int n) ? n : 0;

    /// <summary>
    /// The kernel language the notebook's metadata names for its code cells, lower-cased
    /// (e.g. "csharp", "fsharp", "python"), or null when the metadata names none.
    /// </summary>
    /// <remarks>
    /// Read from Polyglot Notebooks' <c>polyglot_notebook.kernelInfo.defaultKernelName</c>, then
    /// Jupyter's <c>kernelspec.language</c>. Cells may override it (<see cref="NotebookCell.KernelLanguage"/>).
    /// </remarks>
    public string? DefaultLanguage =>
        MetadataString(Root["metadata"], "polyglot_notebook", "kernelInfo", "defaultKernelName")
        ?? MetadataString(Root["metadata"], "kernelspec", "language");

    /// <summary>Reads and checks a notebook file.</summary>
    /// <param name="path">Path of an existing .ipynb file (relative paths are taken from the current folder).</param>
    /// <returns>The parsed notebook, remembering its full path.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="NotebookFormatException">Invalid JSON, not nbformat 4, or malformed cells.</exception>
    public static NotebookDocument Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string full = Path.GetFullPath(path);
        if (!File.Exists(full))
            throw new FileNotFoundException($"{full}: no such notebook file", full);
        return Parse(File.ReadAllText(full, Encoding.UTF8), full);
    }

    /// <summary>Parses notebook text.</summary>
    /// <param name="json">The .ipynb content.</param>
    /// <param name="path">The file the text came from (kept as <see cref="FilePath"/> and named
    /// in errors), or null for text that has no file.</param>
    /// <returns>The parsed notebook.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is null.</exception>
    /// <exception cref="NotebookFormatException">Invalid JSON, not nbformat 4, or malformed cells.</exception>
    public static NotebookDocument Parse(string json, string? path = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        string label = path ?? "<notebook text>";
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { MaxDepth = 512 });
        }
        catch (JsonException ex)
        {
            throw new NotebookFormatException(label, $"not valid JSON ({ex.Message})", ex);
        }
        if (node is not JsonObject root)
            throw new NotebookFormatException(label, "the top-level JSON value is not an object");
        CheckVersion(root, label);
        if (root["cells"] is not JsonArray cellArray)
            throw new NotebookFormatException(label, "the notebook has no \"cells\" array");
        var cells = new List<NotebookCell>(cellArray.Count);
        for (int i = 0; i < cellArray.Count; i++)
        {
            if (cellArray[i] is not JsonObject cell
                || cell["cell_type"] is not JsonValue type || !type.TryGetValue(out string? _))
                throw new NotebookFormatException(label, $"cell {i + 1} is not an object with a string \"cell_type\"");
            if (cell["source"] is not (JsonArray or JsonValue))
                throw new NotebookFormatException(label, $"cell {i + 1} has no \"source\"");
            cells.Add(new NotebookCell(cell, i));
        }
        return new NotebookDocument(root, cells, path);
    }

    /// <summary>The notebook as nbformat writes it (canonical layout, trailing newline).</summary>
    /// <returns>The JSON text.</returns>
    public string ToJson() => CanonicalJsonWriter.Write(Root);

    /// <summary>
    /// Writes the notebook to <paramref name="path"/> atomically: a temporary file in the same
    /// folder, then a rename over the destination, so no reader ever sees a half-written notebook.
    /// </summary>
    /// <param name="path">Destination file; its folder is created if needed.</param>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
    /// <exception cref="IOException">The file cannot be written.</exception>
    /// <exception cref="UnauthorizedAccessException">The folder or file is not writable.</exception>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string full = Path.GetFullPath(path);
        string dir = Path.GetDirectoryName(full)!;
        System.IO.Directory.CreateDirectory(dir);
        string temp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            File.WriteAllText(temp, ToJson(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    private static void CheckVersion(JsonObject root, string label)
    {
        JsonNode? version = root["nbformat"];
        if (version is not JsonValue major || major.GetValueKind() != JsonValueKind.Number
            || !major.TryGetValue(out int value) || value != 4)
            throw new NotebookFormatException(label,
                $"not an nbformat 4 notebook (\"nbformat\" is {version?.ToJsonString() ?? "missing"}; only version 4 is supported)");
    }

    /// <summary>Follows <paramref name="keys"/> through nested objects to a string, lower-cased.</summary>
    internal static string? MetadataString(JsonNode? node, params string[] keys)
    {
        foreach (string key in keys)
            node = node is JsonObject obj ? obj[key] : null;
        return node is JsonValue v && v.TryGetValue(out string? s) && s.Length > 0 ? s.ToLowerInvariant() : null;
    }
}
