using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.CodeAnalysis.CSharp;
using ScoreNotebooks.Kernel.Protocol;

namespace ScoreNotebooks.Kernel;

internal sealed partial class KernelServer
{
    /// <summary>The language_info of kernel_info_reply; front ends copy it into the notebooks they save.</summary>
    public static JsonObject LanguageInfo() => new()
    {
        ["name"] = "C#",
        ["version"] = LanguageVersion.Latest.MapSpecifiedToEffectiveVersion().ToDisplayString(),
        ["mimetype"] = "text/x-csharp",
        ["file_extension"] = ".cs",
        ["pygments_lexer"] = "csharp",
        ["codemirror_mode"] = "text/x-csharp",
    };

    private static JsonObject KernelInfo() => new()
    {
        ["status"] = "ok",
        ["protocol_version"] = JupyterMessage.ProtocolVersion,
        ["implementation"] = "scorenotebooks-csharp",
        ["implementation_version"] = typeof(KernelServer).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
                                     ?? "1.0.0",
        ["language_info"] = LanguageInfo(),
        ["banner"] = $"ScoreNotebooks C# kernel: Roslyn C# scripting on .NET {Environment.Version}, " +
                     "with the directives and display rules of the series' notebook runner",
        ["debugger"] = false,
        ["help_links"] = new JsonArray(),
    };

    /// <summary>The content of an error reply.</summary>
    private static JsonObject ErrorContent(string name, string value, int? executionCount = null, IEnumerable<string>? traceback = null)
    {
        var content = new JsonObject
        {
            ["status"] = "error",
            ["ename"] = name,
            ["evalue"] = value,
            ["traceback"] = new JsonArray((traceback ?? [$"{name}: {value}"]).Select(t => (JsonNode?)t).ToArray()),
        };
        if (executionCount is int count) content["execution_count"] = count;
        return content;
    }

    private void Reply(JupyterChannel channel, JupyterMessage request, string type, JsonObject content) =>
        sockets.Send(channel, JupyterMessage.Create(type, content, request, session));

    private void Publish(string type, JsonObject content, JupyterMessage? parent) =>
        sockets.Send(JupyterChannel.IOPub, JupyterMessage.Create(type, content, parent, session, identities: []));

    /// <summary>Runs a handler between busy and idle statuses; a handler that throws is logged and answered with an error.</summary>
    private void Busy(JupyterChannel channel, JupyterMessage request, Action handle) =>
        BusyAsync(channel, request, () =>
        {
            handle();
            return Task.CompletedTask;
        }).GetAwaiter().GetResult();

    private async Task BusyAsync(JupyterChannel channel, JupyterMessage request, Func<Task> handle)
    {
        Publish("status", new JsonObject { ["execution_state"] = "busy" }, request);
        try
        {
            await handle().ConfigureAwait(false);
        }
        catch (Exception error)
        {
            log.Error($"handling {request.Type} failed: {error}");
            if (request.Type.EndsWith("_request", StringComparison.Ordinal))
                Reply(channel, request, request.Type[..^"_request".Length] + "_reply",
                    ErrorContent(error.GetType().Name, $"the kernel could not handle {request.Type}: {error.Message}"));
        }
        finally
        {
            Publish("status", new JsonObject { ["execution_state"] = "idle" }, request);
        }
    }

    /// <summary>A string field of a request's content, or null when it is absent or not a string.</summary>
    private static string? Text(JupyterMessage request, string name) =>
        request.Content[name] is JsonValue v && v.TryGetValue(out string? text) ? text : null;

    private static bool Flag(JupyterMessage request, string name, bool fallback) =>
        request.Content[name] is JsonValue v && v.TryGetValue(out bool flag) ? flag : fallback;

    private static int? Number(JupyterMessage request, string name) =>
        request.Content[name] is JsonValue v && v.TryGetValue(out double number) && number >= 0 && number <= int.MaxValue && number == Math.Floor(number)
            ? (int)number
            : null;

    /// <summary>
    /// Answers a request whose parent_header, metadata or content could not be read (<see cref="JupyterMessage.Problem"/>)
    /// with an error reply, and drops such a message that is not a request.
    /// </summary>
    /// <returns>True when <paramref name="message"/> had such a problem and was answered or dropped.</returns>
    private bool RefusedAsUnreadable(JupyterChannel channel, JupyterMessage message)
    {
        if (message.Problem is not { } problem) return false;
        if (message.Type.EndsWith("_request", StringComparison.Ordinal))
            BadRequest(channel, message, problem);
        else
            log.Warn($"{channel.ToString().ToLowerInvariant()} channel: {message.Type}: {problem}; the message was dropped");
        return true;
    }

    /// <summary>Answers a request whose content lacks a field it needs.</summary>
    private void BadRequest(JupyterChannel channel, JupyterMessage request, string problem)
    {
        log.Warn($"{request.Type}: {problem}");
        Reply(channel, request, request.Type.Replace("_request", "_reply", StringComparison.Ordinal),
            ErrorContent("BadRequest", $"{request.Type}: {problem}"));
    }
}
