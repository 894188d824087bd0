using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ScoreNotebooks.Notebooks.Format;

/// <summary>
/// A Jupyter notebook (nbformat 4) held as its JSON tree, so every field the engine does not
/// know (metadata, attachments, ids, future fields) survives a read/write unchanged.
/// </summary>
/// <remarks>
/// Writing uses nbformat's canonical layout (<see cref="CanonicalJsonWriter"/>), so reading and
/// writing a canonical notebook without running it gives the same bytes.
/// </remarks>
public sealed class Notebook
{
    private Notebook(JsonObject root, IReadOnlyList<NotebookCell> cells)
    {
        Root = root;
        Cells = cells;
    }

    /// <summary>The whole JSON document; edits to it are what <see cref="ToJson"/> writes.</summary>
    public JsonObject Root { get; }

    /// <summary>The cells, in order (views over the JSON objects in <see cref="Root"/>).</summary>
    public IReadOnlyList<NotebookCell> Cells { get; }

    /// <summary>The notebook-level metadata object (created empty when absent).</summary>
    public JsonObject Metadata => Root["metadata"] as JsonObject ?? (JsonObject)(Root["metadata"] = new JsonObject());

    /// <summary>Reads and checks a notebook file.</summary>
    /// <param name="path">Path of an existing .ipynb file.</param>
    /// <returns>The parsed notebook.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="NotebookFormatException">Invalid JSON, not nbformat 4, or malformed cells.</exception>
    public static Notebook Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path}: no such notebook file", path);
        return Parse(File.ReadAllText(path, Encoding.UTF8), path);
    }

    /// <summary>Parses notebook text.</summary>
    /// <param name="json">The .ipynb content.</param>
    /// <param name="label">Name used in error messages (usually the file path).</param>
    /// <returns>The parsed notebook.</returns>
    /// <exception cref="NotebookFormatException">Invalid JSON, not nbformat 4, or malformed cells.</exception>
    public static Notebook Parse(string json, string label = "<notebook>")
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { MaxDepth = 256 });
        }
        catch (JsonException ex)
        {
            throw new NotebookFormatException(label, $"not valid JSON ({ex.Message})", ex);
        }
        if (node is not JsonObject root)
            throw new NotebookFormatException(label, "the top-level JSON value is not an object");
        if (root["nbformat"] is not JsonValue major || major.GetValueKind() != JsonValueKind.Number
            || major.GetValue<int>() != 4)
            throw new NotebookFormatException(label, $"not an nbformat 4 notebook (nbformat = {root["nbformat"]?.ToJsonString() ?? "missing"})");
        if (root["cells"] is not JsonArray cellArray)
            throw new NotebookFormatException(label, "the notebook has no \"cells\" array");
        var cells = new List<NotebookCell>(cellArray.Count);
        for (int i = 0; i < cellArray.Count; i++)
        {
            if (cellArray[i] is not JsonObject cell || cell["cell_type"] is not JsonValue)
                throw new NotebookFormatException(label, $"cell {i + 1} is not an object with a \"cell_type\"");
            cells.Add(new NotebookCell(cell, i));
        }
        return new Notebook(root, cells);
    }

    /// <summary>The notebook as nbformat writes it (canonical layout, trailing newline).</summary>
    /// <returns>The JSON text.</returns>
    public string ToJson() => CanonicalJsonWriter.Write(Root);

    /// <summary>
    /// Writes the notebook to <paramref name="path"/> atomically: a temporary file in the same
    /// folder, then a rename, so a reader never sees a half-written notebook.
    /// </summary>
    /// <param name="path">Destination file; its folder is created if needed.</param>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string full = System.IO.Path.GetFullPath(path);
        string dir = System.IO.Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(dir);
        string temp = System.IO.Path.Combine(dir, $".{System.IO.Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            File.WriteAllText(temp, ToJson(), new UTF8Encoding(false));
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }
}
