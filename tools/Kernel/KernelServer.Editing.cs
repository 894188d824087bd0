using System.Text.Json.Nodes;
using ScoreNotebooks.Kernel.Protocol;
using ScoreNotebooks.Notebooks.Editing;

namespace ScoreNotebooks.Kernel;

internal sealed partial class KernelServer
{
    private void Complete(JupyterMessage request)
    {
        if (Text(request, "code") is not { } code)
        {
            BadRequest(JupyterChannel.Shell, request, "the content has no string \"code\"");
            return;
        }
        int cursor = CodePoints.ToUtf16(code, Number(request, "cursor_pos") ?? CodePoints.Count(code));
        var list = engine.Complete(code, cursor);
        int start = CodePoints.FromUtf16(code, list.Start), end = CodePoints.FromUtf16(code, list.End);
        Reply(JupyterChannel.Shell, request, "complete_reply", new JsonObject
        {
            ["status"] = "ok",
            ["matches"] = new JsonArray(list.Items.Select(i => (JsonNode?)i.Text).ToArray()),
            ["cursor_start"] = start,
            ["cursor_end"] = end,
            // JupyterLab shows the kind of each completion from this (experimental) list.
            ["metadata"] = new JsonObject
            {
                ["_jupyter_types_experimental"] = new JsonArray(list.Items.Select(i => (JsonNode?)new JsonObject
                {
                    ["start"] = start, ["end"] = end, ["text"] = i.Text, ["type"] = i.Kind,
                }).ToArray()),
            },
        });
    }

    private void Inspect(JupyterMessage request)
    {
        if (Text(request, "code") is not { } code)
        {
            BadRequest(JupyterChannel.Shell, request, "the content has no string \"code\"");
            return;
        }
        int cursor = CodePoints.ToUtf16(code, Number(request, "cursor_pos") ?? CodePoints.Count(code));
        var description = engine.Inspect(code, cursor);
        var data = new JsonObject();
        if (description is not null) data["text/plain"] = description.ToString();
        Reply(JupyterChannel.Shell, request, "inspect_reply", new JsonObject
        {
            ["status"] = "ok", ["found"] = description is not null, ["data"] = data, ["metadata"] = new JsonObject(),
        });
    }

    private void IsComplete(JupyterMessage request)
    {
        if (Text(request, "code") is not { } code)
        {
            BadRequest(JupyterChannel.Shell, request, "the content has no string \"code\"");
            return;
        }
        var status = CellCompleteness.Check(code, out string indent);
        var content = new JsonObject { ["status"] = status.ToString().ToLowerInvariant() };
        if (status == CodeCompleteness.Incomplete) content["indent"] = indent;
        Reply(JupyterChannel.Shell, request, "is_complete_reply", content);
    }
}
