using System.Text;
using System.Text.Json.Nodes;
using ScoreNotebooks.Notebooks.Files;

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

    /// <summary>The notebook-level metadata object (every notebook the reader accepts has one).</summary>
    public JsonObject Metadata => Root["metadata"]!.AsObject();

    /// <summary>The minor format version (<c>nbformat_minor</c>), ≥ 0.</summary>
    public int MinorVersion => Root["nbformat_minor"]!.GetValue<int>();

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

    /// <summary>The largest notebook file <see cref="Load"/> reads: 256 MiB, beyond any notebook a
    /// person could open (GitHub stores files up to 100 MB), and small enough to parse in memory.</summary>
    public const long MaxFileBytes = 256L * 1024 * 1024;

    /// <summary>Reads and checks a notebook file.</summary>
    /// <param name="path">Path of an existing .ipynb file (relative paths are taken from the current folder).</param>
    /// <returns>The parsed notebook, remembering its full path.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="NotebookFormatException">The file is larger than <see cref="MaxFileBytes"/>, or
    /// its content is not an nbformat 4 notebook (see <see cref="Parse"/>).</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="UnauthorizedAccessException">The file is not readable.</exception>
    public static NotebookDocument Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string full = Path.GetFullPath(path);
        if (!File.Exists(full))
            throw new FileNotFoundException($"{full}: no such notebook file", full);
        return Read(ReadAtMost(full, MaxFileBytes).AsSpan(), full);
    }

    /// <summary>Parses notebook text.</summary>
    /// <param name="json">The .ipynb content.</param>
    /// <param name="path">The file the text came from (kept as <see cref="FilePath"/> and named
    /// in errors), or null for text that has no file.</param>
    /// <returns>The parsed notebook.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is null.</exception>
    /// <exception cref="NotebookFormatException">The text is not one JSON value (or holds an unpaired
    /// surrogate, a key twice in one object, or nesting deeper than 512 levels), or the value is not
    /// an nbformat 4 notebook: a required field missing or a field of the wrong type, with the message
    /// naming the cell. Keys nbformat does not define are kept as they are.</exception>
    public static NotebookDocument Parse(string json, string? path = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        string label = path ?? "<notebook text>";
        byte[] utf8;
        try
        {
            utf8 = StrictUtf8.GetBytes(json);
        }
        catch (EncoderFallbackException ex)
        {
            throw new NotebookFormatException(label,
                $"the text has an unpaired UTF-16 surrogate at character {ex.Index}, which no UTF-8 file can hold", ex);
        }
        return Read(utf8, path);
    }

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static NotebookDocument Read(ReadOnlySpan<byte> utf8, string? path)
    {
        string label = path ?? "<notebook text>";
        JsonNode? node = NotebookJsonReader.Read(utf8, label);
        NotebookSchema.Check(node, label);
        var root = (JsonObject)node!;
        var cellArray = root["cells"]!.AsArray();
        var cells = new List<NotebookCell>(cellArray.Count);
        for (int i = 0; i < cellArray.Count; i++)
            cells.Add(new NotebookCell(cellArray[i]!.AsObject(), i));
        return new NotebookDocument(root, cells, path);
    }

    /// <summary>Reads a file whole, refusing one longer than <paramref name="limit"/> bytes.</summary>
    /// <remarks>The limit is checked while reading too, for files whose length is not known in advance
    /// (a pipe, or a link to a device such as /dev/zero), which would otherwise be read until memory runs out.</remarks>
    private static ArraySegment<byte> ReadAtMost(string path, long limit)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1);
        NotebookFormatException TooLarge() => new(path,
            $"the file is larger than {limit / (1024 * 1024)} MiB, the most a notebook may have");
        if (stream.CanSeek && stream.Length > limit) throw TooLarge();
        var buffer = new MemoryStream(stream.CanSeek ? (int)stream.Length : 0);
        byte[] chunk = new byte[81920];
        int read;
        while ((read = stream.Read(chunk)) > 0)
        {
            if (buffer.Length + read > limit) throw TooLarge();
            buffer.Write(chunk, 0, read);
        }
        return new ArraySegment<byte>(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>The notebook as nbformat writes it (canonical layout, trailing newline).</summary>
    /// <returns>The JSON text.</returns>
    public string ToJson() => CanonicalJsonWriter.Write(Root);

    /// <summary>
    /// Writes the notebook to <paramref name="path"/> atomically (<see cref="AtomicFile"/>): a temporary file
    /// in the same folder, then a rename over the destination, so no reader ever sees a half-written notebook.
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
        AtomicFile.WriteAllText(full, ToJson());
    }

    /// <summary>Follows <paramref name="keys"/> through nested objects to a string, lower-cased.</summary>
    internal static string? MetadataString(JsonNode? node, params string[] keys)
    {
        foreach (string key in keys)
            node = node is JsonObject obj ? obj[key] : null;
        return node is JsonValue v && v.TryGetValue(out string? s) && s.Length > 0 ? s.ToLowerInvariant() : null;
    }
}
