using System.Text.Json.Nodes;
using CsCheck;
using ScoreNotebooks.Notebooks.Format;

namespace ScoreNotebooks.Notebooks.Tests.Format;

/// <summary>Generated nbformat 4 notebooks: every cell and output type, text with control characters,
/// quotes, non-ASCII (in and beyond the BMP) and Python's line separators, and random metadata.</summary>
internal static partial class NotebookFuzz
{
    private static readonly Gen<char> Character = Gen.OneOf(
        Gen.Char['a', 'z'], Gen.Char['\0', '\u001f'], Gen.Char['\u4e00', '\u4e0f'],
        Gen.OneOf('"', '\\', '/', ' ', '\u007f', 'é', 'σ', '\u2028', '\uFEFF', '\uFFFF'));

    // Characters above U+FFFF come only as whole surrogate pairs: a lone surrogate is not text.
    private static readonly Gen<string> Text =
        Gen.OneOf(Gen.String[Character, 0, 12], Gen.OneOf("😀", "𝐀\n", "line\r\n", "", "1e400"))
            .Array[0, 3].Select(string.Concat);

    private static readonly Gen<JsonNode?> Scalar = Gen.Frequency(
        (1, Gen.Const((JsonNode?)null)),
        (1, Gen.Bool.Select(b => (JsonNode?)JsonValue.Create(b))),
        (2, Gen.Int.Select(i => (JsonNode?)JsonValue.Create(i))),
        (1, Gen.Double[-1e6, 1e6].Select(d => (JsonNode?)JsonValue.Create(d))),
        (1, Gen.OneOf("1e400", "-0", "1.0E+5", "123456789012345678901234567890").Select(t => JsonNode.Parse(t))),
        (2, Text.Select(s => (JsonNode?)JsonValue.Create(s))));

    private static readonly Gen<string> Key =
        Gen.OneOf(Gen.OneOf("tags", "collapsed", "jupyter", "x y", "σ", "\u0001", ""), Text);

    private static readonly Gen<JsonNode?> Json = Gen.Recursive<JsonNode?>((depth, self) => depth >= 3
        ? Scalar
        : Gen.Frequency(
            (3, Scalar),
            (1, self.Array[0, 3].Select(items => (JsonNode?)new JsonArray(items))),
            (1, Gen.Select(Key, self).Array[0, 3].Select(members => (JsonNode?)Object(members)))));

    private static readonly Gen<JsonObject> Metadata = Gen.Select(Key, Json).Array[0, 3].Select(Object);

    private static readonly Gen<JsonNode> Source = Gen.OneOf(
        Text.Select(s => (JsonNode)JsonValue.Create(s)),
        Text.Select(s => (JsonNode)NotebookText.ToJsonLines(s)));

    private static readonly Gen<JsonObject> Output = Gen.OneOf(
        Gen.Select(Gen.OneOf("stdout", "stderr"), Source, (name, text) =>
            new JsonObject { ["name"] = name, ["output_type"] = "stream", ["text"] = text }),
        Gen.Select(Text, Json, (text, json) => new JsonObject
        {
            ["data"] = new JsonObject { ["application/json"] = json, ["text/plain"] = NotebookText.ToJsonLines(text) },
            ["metadata"] = new JsonObject(), ["output_type"] = "display_data",
        }),
        Gen.Select(Text, Gen.Int[0, 99], (text, count) => new JsonObject
        {
            ["data"] = new JsonObject { ["text/plain"] = text }, ["execution_count"] = count,
            ["metadata"] = new JsonObject(), ["output_type"] = "execute_result",
        }),
        Gen.Select(Text, Text, Text.Array[0, 3], (name, value, traceback) => new JsonObject
        {
            ["ename"] = name, ["evalue"] = value, ["output_type"] = "error",
            ["traceback"] = new JsonArray(traceback.Select(t => (JsonNode?)t).ToArray()),
        }));

    private static readonly Gen<Func<int, JsonObject>> Cell = Gen.Select(
        Gen.OneOf("code", "markdown", "raw"), Source, Metadata, Output.Array[0, 3], Gen.Int[0, 50].Nullable(), Gen.Bool, Gen.Bool,
        (type, source, metadata, outputs, count, hasId, hasAttachment) => (Func<int, JsonObject>)(index =>
        {
            var cell = new JsonObject { ["cell_type"] = type, ["metadata"] = metadata, ["source"] = source };
            if (hasId) cell["id"] = $"cell-{index}";
            if (type == "code")
            {
                metadata["dotnet_interactive"] = new JsonObject { ["language"] = "csharp" };
                cell["execution_count"] = count;
                cell["outputs"] = new JsonArray(outputs.Select(o => (JsonNode?)o).ToArray());
            }
            else if (hasAttachment)
            {
                cell["attachments"] = new JsonObject { ["dot.png"] = new JsonObject { ["image/png"] = "iVBORw0KGgo=" } };
            }
            return cell;
        }));

    /// <summary>Valid notebooks of up to five cells, of minor versions 0 to 5.</summary>
    private static readonly Gen<JsonObject> Generated = Gen.Select(Cell.Array[0, 5], Gen.Int[0, 5], Metadata, (cells, minor, metadata) =>
    {
        metadata["kernelspec"] = new JsonObject { ["display_name"] = ".NET (C#)", ["language"] = "C#", ["name"] = ".net-csharp" };
        return new JsonObject
        {
            ["cells"] = new JsonArray(cells.Select((make, i) => (JsonNode?)make(i)).ToArray()),
            ["metadata"] = metadata, ["nbformat"] = 4, ["nbformat_minor"] = minor,
        };
    });

    private static JsonObject Object(IEnumerable<(string Key, JsonNode? Value)> members)
    {
        var obj = new JsonObject();
        foreach (var (key, value) in members) obj[key] = value;
        return obj;
    }
}
