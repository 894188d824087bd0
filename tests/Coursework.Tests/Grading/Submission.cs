using System.Text.Json.Nodes;
using ScoreNotebooks.Coursework.Markup;
using ScoreNotebooks.Notebooks.Format;

namespace ScoreNotebooks.Coursework.Tests.Grading;

/// <summary>Makes a student's submission from a release by replacing stub lines with answers.</summary>
internal sealed class Submission
{
    private readonly NotebookDocument notebook;

    public Submission(string releasePath) => notebook = NotebookDocument.Load(releasePath);

    /// <summary>Replaces the stub of exercise <paramref name="exerciseId"/> with <paramref name="answer"/>.</summary>
    public Submission Answer(string exerciseId, string answer)
    {
        string stub = ReleasedSource.Stub(exerciseId);
        var cell = notebook.Cells.Single(c => c.Source.Contains(stub, StringComparison.Ordinal));
        cell.Json["source"] = Lines(cell.Source.Replace(stub, answer, StringComparison.Ordinal));
        return this;
    }

    /// <summary>Removes the cells with the given grade ids (a student deleted them).</summary>
    public Submission Delete(params string[] gradeIds)
    {
        var cells = notebook.Root["cells"]!.AsArray();
        foreach (var cell in cells.ToList())
            if (cell!["metadata"]?["nbgrader"]?["grade_id"]?.GetValue<string>() is { } id && gradeIds.Contains(id)) cells.Remove(cell);
        return this;
    }

    /// <summary>Replaces the source of the cell with grade id <paramref name="gradeId"/>.</summary>
    public Submission Edit(string gradeId, string source)
    {
        var cell = notebook.Cells.Single(c => c.Metadata["nbgrader"]?["grade_id"]?.GetValue<string>() == gradeId);
        cell.Json["source"] = Lines(source);
        return this;
    }

    public string WriteTo(string directory, string name)
    {
        Directory.CreateDirectory(directory);
        string path = Path.Combine(directory, name);
        File.WriteAllText(path, notebook.ToJson());
        return path;
    }

    /// <summary>A cell source as nbformat's list of lines.</summary>
    public static JsonArray Lines(string text)
    {
        var parts = text.Split('\n');
        return new JsonArray(parts.Select((p, i) => (JsonNode?)(i < parts.Length - 1 ? p + "\n" : p)).ToArray());
    }

    /// <summary>The model answers of <paramref name="source"/>'s exercises: each solution region's lines, by exercise id.</summary>
    public static Dictionary<string, string> ModelAnswers(string source)
    {
        var exercises = ExerciseMarkup.Read(NotebookDocument.Load(source));
        var answers = new Dictionary<string, string>();
        foreach (var cell in exercises.GradedCells.Where(c => c.Role == CellRole.Answer))
        {
            var lines = cell.Cell.Source.Split('\n');
            var region = cell.Regions.Single(r => r.Kind == RegionKind.Solution);
            // The stub keeps the BEGIN marker's indentation; the region's lines keep their own.
            answers[cell.ExerciseId!] = string.Join('\n', lines[(region.BeginLine + 1)..region.EndLine]).TrimStart();
        }
        return answers;
    }
}
