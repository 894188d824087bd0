using System.Text.Json.Nodes;
using ScoreNotebooks.Notebooks.Format;

namespace ScoreNotebooks.Notebooks.Tests;

/// <summary>Builds small notebooks inside the tests, in the layout the chapters use.</summary>
internal sealed class TestNotebook
{
    private readonly JsonArray cells = [];
    private int next;

    public TestNotebook Markdown(string source)
    {
        cells.Add(new JsonObject
        {
            ["cell_type"] = "markdown", ["id"] = $"md{next++}", ["metadata"] = new JsonObject(), ["source"] = Lines(source),
        });
        return this;
    }

    public TestNotebook Code(string source, string language = "csharp")
    {
        cells.Add(new JsonObject
        {
            ["cell_type"] = "code", ["execution_count"] = null, ["id"] = $"code{next++}",
            ["metadata"] = new JsonObject { ["dotnet_interactive"] = new JsonObject { ["language"] = language } },
            ["outputs"] = new JsonArray(), ["source"] = Lines(source),
        });
        return this;
    }

    public string Json() => CanonicalJsonWriter.Write(new JsonObject
    {
        ["cells"] = cells.DeepClone(),
        ["metadata"] = new JsonObject
        {
            ["kernelspec"] = new JsonObject { ["display_name"] = ".NET (C#)", ["language"] = "C#", ["name"] = ".net-csharp" },
        },
        ["nbformat"] = 4,
        ["nbformat_minor"] = 5,
    });

    public NotebookDocument Build() => NotebookDocument.Parse(Json());

    /// <summary>Writes the notebook into <paramref name="directory"/> and returns its path.</summary>
    public string WriteTo(string directory, string name = "test.ipynb")
    {
        string path = Path.Combine(directory, name);
        File.WriteAllText(path, Json());
        return path;
    }

    private static JsonArray Lines(string text)
    {
        var lines = new JsonArray();
        foreach (string line in text.Replace("\r\n", "\n").Split('\n').Select((l, i) => (l, i)).Select(p => p.l))
            lines.Add(line);
        // nbformat keeps "\n" at the end of every line but the last.
        for (int i = 0; i < lines.Count - 1; i++) lines[i] = lines[i]!.GetValue<string>() + "\n";
        return lines;
    }
}
