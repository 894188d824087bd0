using System.Text.Json.Nodes;
using ScoreNotebooks.Notebooks.Format;

namespace ScoreNotebooks.Coursework.Tests;

/// <summary>Builds small notebooks with exercise markup inside the tests, in the layout the chapters use.</summary>
internal sealed class ExerciseNotebook
{
    private readonly JsonArray cells = [];
    private int next;

    public static JsonObject Nbgrader(string gradeId, bool solution, bool grade, bool locked, double? points = null)
    {
        var meta = new JsonObject
        {
            ["grade_id"] = gradeId, ["solution"] = solution, ["grade"] = grade, ["locked"] = locked, ["schema_version"] = 3,
        };
        if (points is double p) meta["points"] = p;
        return meta;
    }

    public ExerciseNotebook Markdown(string source, JsonObject? nbgrader = null) => Add("markdown", source, nbgrader);

    public ExerciseNotebook Code(string source, JsonObject? nbgrader = null, bool solutionTag = false) =>
        Add("code", source, nbgrader, solutionTag);

    public ExerciseNotebook Answer(string gradeId, string source) =>
        Code(source, Nbgrader(gradeId, solution: true, grade: false, locked: false), solutionTag: true);

    public ExerciseNotebook Check(string gradeId, string source, double points = 2) =>
        Code(source, Nbgrader(gradeId, solution: false, grade: true, locked: true, points));

    public ExerciseNotebook Written(string gradeId, string source, double points = 3) =>
        Markdown(source, Nbgrader(gradeId, solution: true, grade: true, locked: false, points));

    /// <summary>Sets a key of the last cell's metadata.nbgrader (null removes it).</summary>
    public ExerciseNotebook WithNbgrader(string key, JsonNode? value, bool remove = false)
    {
        var meta = cells[^1]!["metadata"]!["nbgrader"]!.AsObject();
        if (remove) meta.Remove(key);
        else meta[key] = value;
        return this;
    }

    /// <summary>Sets a key of the last cell's metadata.</summary>
    public ExerciseNotebook WithMetadata(string key, JsonNode? value)
    {
        cells[^1]!["metadata"]![key] = value;
        return this;
    }

    /// <summary>Replaces the last cell's whole metadata.nbgrader value.</summary>
    public ExerciseNotebook WithRawNbgrader(JsonNode? value)
    {
        cells[^1]!["metadata"]!["nbgrader"] = value;
        return this;
    }

    /// <summary>Gives the last code cell an output and an execution count, as an executed notebook has.</summary>
    public ExerciseNotebook Executed()
    {
        cells[^1]!["execution_count"] = 7;
        cells[^1]!["outputs"] = new JsonArray(new JsonObject
        {
            ["name"] = "stdout", ["output_type"] = "stream", ["text"] = new JsonArray("PASS 42\n"),
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

    public NotebookDocument Build() => NotebookDocument.Parse(Json(), "test.ipynb");

    public string WriteTo(string directory, string name = "test.ipynb")
    {
        string path = Path.Combine(directory, name);
        File.WriteAllText(path, Json());
        return path;
    }

    private ExerciseNotebook Add(string type, string source, JsonObject? nbgrader, bool solutionTag = false)
    {
        var metadata = new JsonObject();
        if (type == "code") metadata["dotnet_interactive"] = new JsonObject { ["language"] = "csharp" };
        if (nbgrader is not null) metadata["nbgrader"] = nbgrader;
        if (solutionTag) metadata["tags"] = new JsonArray("solution");
        var cell = new JsonObject
        {
            ["cell_type"] = type, ["id"] = $"{type}{next++}", ["metadata"] = metadata, ["source"] = Lines(source),
        };
        if (type == "code")
        {
            cell["execution_count"] = null;
            cell["outputs"] = new JsonArray();
        }
        cells.Add(cell);
        return this;
    }

    private static JsonArray Lines(string text)
    {
        var parts = text.Split('\n');
        var lines = new JsonArray();
        for (int i = 0; i < parts.Length; i++) lines.Add(i < parts.Length - 1 ? parts[i] + "\n" : parts[i]);
        return lines;
    }
}
