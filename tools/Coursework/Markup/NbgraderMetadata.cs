using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ScoreNotebooks.Notebooks.Format;

namespace ScoreNotebooks.Coursework.Markup;

/// <summary>Reads and checks a cell's <c>metadata.nbgrader</c> object (nbgrader schema version 3).</summary>
/// <remarks>
/// Required: <c>grade_id</c> (string of letters, digits, '_' and '-'), <c>solution</c>, <c>grade</c>,
/// <c>locked</c> (booleans), <c>schema_version</c> (3), and <c>points</c> (a finite number ≥ 0) exactly
/// when grade is true. nbgrader's own <c>task</c> (false), <c>checksum</c> and <c>cell_type</c>
/// (strings) are accepted; any other key is refused as a likely misspelling.
/// </remarks>
internal static partial class NbgraderMetadata
{
    private static readonly HashSet<string> Known =
        ["grade_id", "solution", "grade", "locked", "points", "schema_version", "task", "checksum", "cell_type"];

    /// <summary>The cell's role, grade id and points, or null when the metadata is malformed (each problem reported).</summary>
    /// <param name="cell">A cell whose metadata has an <c>nbgrader</c> key.</param>
    /// <param name="problem">Receives each problem as a sentence.</param>
    public static (CellRole Role, string GradeId, double? Points)? Read(NotebookCell cell, Action<string> problem)
    {
        if (cell.Metadata["nbgrader"] is not JsonObject nbgrader)
        {
            problem($"metadata.nbgrader must be an object, not {Describe(cell.Metadata["nbgrader"])}");
            return null;
        }
        int before = 0;
        void Problem(string text) { before++; problem(text); }
        foreach (string key in nbgrader.Select(p => p.Key).Where(k => !Known.Contains(k)).Order(StringComparer.Ordinal))
            Problem($"metadata.nbgrader has an unknown key '{key}'; the keys are {string.Join(", ", Known)}");

        string? gradeId = String(nbgrader, "grade_id", Problem);
        if (gradeId is not null && !GradeIdPattern().IsMatch(gradeId))
            Problem($"grade_id '{gradeId}' may hold only letters, digits, '_' and '-'");
        bool? solution = Boolean(nbgrader, "solution", Problem);
        bool? grade = Boolean(nbgrader, "grade", Problem);
        bool? locked = Boolean(nbgrader, "locked", Problem);
        if (nbgrader.ContainsKey("task") && !(nbgrader["task"] is JsonValue t && t.GetValueKind() == JsonValueKind.False))
            Problem($"metadata.nbgrader.task must be false (task cells are not supported), not {Describe(nbgrader["task"])}");
        foreach (string key in new[] { "checksum", "cell_type" })
            if (nbgrader.ContainsKey(key) && !(nbgrader[key] is JsonValue v && v.GetValueKind() == JsonValueKind.String))
                Problem($"metadata.nbgrader.{key} must be a string, not {Describe(nbgrader[key])}");
        if (!nbgrader.TryGetPropertyValue("schema_version", out JsonNode? schema))
            Problem("metadata.nbgrader has no schema_version (it must be 3)");
        else if (!(schema is JsonValue sv && sv.GetValueKind() == JsonValueKind.Number && sv.TryGetValue(out double version) && version == 3))
            Problem($"metadata.nbgrader.schema_version must be the number 3, not {Describe(schema)}");

        double? points = null;
        if (grade == true) points = Points(nbgrader, Problem);
        else if (grade == false && nbgrader.ContainsKey("points"))
            Problem("metadata.nbgrader has points but grade is false; only graded cells carry points");

        if (before > 0 || gradeId is null || solution is null || grade is null || locked is null) return null;
        CellRole? role = (solution.Value, grade.Value, locked.Value, cell.CellType) switch
        {
            (true, false, false, "code") => CellRole.Answer,
            (false, true, true, "code") => CellRole.Check,
            (true, true, false, "markdown") => CellRole.WrittenAnswer,
            (false, false, true, _) => CellRole.ReadOnly,
            _ => null,
        };
        if (role is null)
        {
            problem($"a {cell.CellType} cell with solution {Lower(solution)}, grade {Lower(grade)} and locked {Lower(locked)} is no kind "
                + "of exercise cell: an answer is a code cell with solution true, grade false, locked false; a check is a code cell "
                + "with solution false, grade true, locked true; a written answer is a markdown cell with solution true, grade true, "
                + "locked false; a read-only cell has only locked true");
            return null;
        }
        return (role.Value, gradeId, points);
    }

    private static double? Points(JsonObject nbgrader, Action<string> problem)
    {
        if (!nbgrader.TryGetPropertyValue("points", out JsonNode? node))
        {
            problem("metadata.nbgrader has grade true but no points");
            return null;
        }
        if (node is not JsonValue value || value.GetValueKind() != JsonValueKind.Number
            || !value.TryGetValue(out double points))
        {
            // A double NaN or infinity placed in the tree reports its kind as a number only on some paths; read it directly.
            if (node is JsonValue raw && raw.TryGetValue(out double special) && !double.IsFinite(special))
                problem($"metadata.nbgrader.points must be a finite number ≥ 0, not {special}");
            else
                problem($"metadata.nbgrader.points must be a number, not {Describe(node)}");
            return null;
        }
        if (!double.IsFinite(points) || points < 0)
        {
            problem($"metadata.nbgrader.points must be a finite number ≥ 0, not {points.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
            return null;
        }
        return points;
    }

    private static string? String(JsonObject nbgrader, string key, Action<string> problem)
    {
        if (!nbgrader.TryGetPropertyValue(key, out JsonNode? node))
        {
            problem($"metadata.nbgrader has no {key}");
            return null;
        }
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>() is { Length: > 0 } s) return s;
        problem($"metadata.nbgrader.{key} must be a non-empty string, not {Describe(node)}");
        return null;
    }

    private static bool? Boolean(JsonObject nbgrader, string key, Action<string> problem)
    {
        if (!nbgrader.TryGetPropertyValue(key, out JsonNode? node))
        {
            problem($"metadata.nbgrader has no {key} (true or false)");
            return null;
        }
        if (node is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False) return v.GetValue<bool>();
        problem($"metadata.nbgrader.{key} must be true or false, not {Describe(node)}");
        return null;
    }

    private static string Lower(bool? value) => value == true ? "true" : "false";

    /// <summary>A JSON value as messages show it: its text, shortened.</summary>
    internal static string Describe(JsonNode? node)
    {
        string text = node?.ToJsonString() ?? "null";
        return text.Length > 40 ? text[..40] + "…" : text;
    }

    [GeneratedRegex("^[A-Za-z0-9_-]+$")]
    private static partial Regex GradeIdPattern();
}
