using System.Globalization;
using System.Text.Json.Nodes;

namespace ScoreNotebooks.Kernel.Protocol;

/// <summary>
/// One message of the Jupyter messaging protocol: the routing identities of the client it came from
/// (or goes to), header, parent header, metadata, content and binary buffers.
/// </summary>
internal sealed class JupyterMessage
{
    /// <summary>The protocol version this kernel speaks and writes in every header.</summary>
    public const string ProtocolVersion = "5.3";

    /// <summary>Creates a message from its parts.</summary>
    /// <param name="identities">The routing frames.</param>
    /// <param name="header">The header.</param>
    /// <param name="parentHeader">The parent header.</param>
    /// <param name="metadata">The metadata.</param>
    /// <param name="content">The content.</param>
    /// <param name="buffers">The binary buffers.</param>
    /// <param name="problem">For a received message, why its parent_header, metadata or content could not be read; else null.</param>
    public JupyterMessage(IReadOnlyList<byte[]> identities, JsonObject header, JsonObject parentHeader, JsonObject metadata,
        JsonObject content, IReadOnlyList<byte[]> buffers, string? problem = null)
    {
        Problem = problem;
        Identities = identities;
        Header = header;
        ParentHeader = parentHeader;
        Metadata = metadata;
        Content = content;
        Buffers = buffers;
    }

    /// <summary>The ZeroMQ routing frames before the delimiter.</summary>
    public IReadOnlyList<byte[]> Identities { get; }

    /// <summary>msg_id, session, username, date, msg_type, version.</summary>
    public JsonObject Header { get; }

    /// <summary>The header of the request this message answers, or an empty object.</summary>
    public JsonObject ParentHeader { get; }

    /// <summary>The metadata object.</summary>
    public JsonObject Metadata { get; }

    /// <summary>The content object, whose fields depend on the message type.</summary>
    public JsonObject Content { get; }

    /// <summary>Binary buffers after the content (unused by this kernel, kept for completeness).</summary>
    public IReadOnlyList<byte[]> Buffers { get; }

    /// <summary>
    /// Null for a message whose parts were all read. Otherwise why its parent_header, metadata or content could
    /// not be read (a part that could not be read is empty): such a request is answered with an error, never handled.
    /// </summary>
    public string? Problem { get; }

    /// <summary>The header's msg_type, e.g. "execute_request".</summary>
    public string Type => (string?)Header["msg_type"] ?? "";

    /// <summary>The header's msg_id.</summary>
    public string Id => (string?)Header["msg_id"] ?? "";

    /// <summary>The same message routed by <paramref name="identities"/>.</summary>
    public JupyterMessage WithIdentities(IReadOnlyList<byte[]> identities) =>
        new(identities, Header, ParentHeader, Metadata, Content, Buffers, Problem);

    /// <summary>A new message of this kernel.</summary>
    /// <param name="type">The msg_type.</param>
    /// <param name="content">The content.</param>
    /// <param name="parent">The request it answers or belongs to, or null; a reply goes back to the parent's identities.</param>
    /// <param name="session">The kernel's session id.</param>
    /// <param name="identities">Routing frames; null for those of the parent (or none).</param>
    /// <returns>The message.</returns>
    public static JupyterMessage Create(string type, JsonObject content, JupyterMessage? parent, string session,
        IReadOnlyList<byte[]>? identities = null)
    {
        var header = new JsonObject
        {
            ["msg_id"] = Guid.NewGuid().ToString("N"),
            ["session"] = session,
            ["username"] = "kernel",
            ["date"] = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture),
            ["msg_type"] = type,
            ["version"] = ProtocolVersion,
        };
        var parentHeader = parent is null ? new JsonObject() : (JsonObject)parent.Header.DeepClone();
        return new JupyterMessage(identities ?? parent?.Identities ?? [], header, parentHeader, new JsonObject(), content, []);
    }
}
