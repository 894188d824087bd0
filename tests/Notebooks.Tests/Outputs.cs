using System.Text.Json.Nodes;
using ScoreNotebooks.Notebooks.Format;

namespace ScoreNotebooks.Notebooks.Tests;

/// <summary>Reads outputs back from executed notebooks.</summary>
internal static class Outputs
{
    public static JsonArray Of(NotebookCell cell) => (JsonArray)cell.Json["outputs"]!;

    public static string Text(JsonNode? multiline) => multiline switch
    {
        JsonArray lines => string.Concat(lines.Select(l => l!.GetValue<string>())),
        JsonValue value => value.GetValue<string>(),
        _ => "",
    };

    public static string Type(JsonNode output) => output["output_type"]!.GetValue<string>();

    public static string Plain(JsonNode output) => Text(output["data"]!["text/plain"]);

    /// <summary>The outputs as short strings: "stdout:text", "display:text", "result:text", "error:ename".</summary>
    public static List<string> Summary(NotebookCell cell) => Of(cell).Select(o => Type(o!) switch
    {
        "stream" => $"{o!["name"]!.GetValue<string>()}:{Text(o["text"])}",
        "display_data" => $"display:{Plain(o!)}",
        "execute_result" => $"result:{Plain(o!)}",
        _ => $"error:{o!["ename"]!.GetValue<string>()}",
    }).ToList();

    public static string ErrorText(NotebookCell cell) =>
        string.Join("\n", Of(cell).Where(o => Type(o!) == "error")
            .SelectMany(o => new[] { o!["evalue"]!.GetValue<string>() }.Concat(((JsonArray)o["traceback"]!).Select(t => t!.GetValue<string>()))));
}
