using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using ScoreNotebooks.Coursework.Markup;
using ScoreNotebooks.Notebooks.Format;

namespace ScoreNotebooks.Coursework.Assigning;

/// <summary>A notebook's student release and its manifest, made in memory from the instructor's notebook.</summary>
/// <remarks>
/// The release is the instructor's notebook with each graded cell's source replaced by its
/// <see cref="ReleasedSource"/> (solutions stubbed, model answers replaced, hidden tests deleted) and every
/// code cell's outputs and execution count cleared; cell ids, metadata (nbgrader's included, so check cells
/// stay locked) and everything else are kept. Both are written in nbformat's canonical layout, so the
/// same instructor notebook always gives the same bytes.
/// </remarks>
internal sealed class StudentRelease
{
    private StudentRelease(NotebookDocument notebook, JsonObject manifest)
    {
        Notebook = notebook;
        Manifest = manifest;
    }

    /// <summary>The student's notebook.</summary>
    public NotebookDocument Notebook { get; }

    /// <summary>The manifest: the notebook's exercises and the hashes of its locked cells.</summary>
    public JsonObject Manifest { get; }

    /// <summary>The manifest as text (canonical JSON layout, trailing newline).</summary>
    public string ManifestJson => CanonicalJsonWriter.Write(Manifest);

    /// <summary>The manifest's file name for a notebook file name: <c>NAME.ipynb</c> gives <c>NAME.manifest.json</c>.</summary>
    public static string ManifestFileName(string notebookFileName) =>
        Path.GetFileNameWithoutExtension(notebookFileName) + ".manifest.json";

    /// <summary>Makes the release of <paramref name="exercises"/>' notebook, named <paramref name="fileName"/> in the manifest.</summary>
    public static StudentRelease Make(NotebookExercises exercises, string fileName)
    {
        ArgumentNullException.ThrowIfNull(exercises);
        NotebookDocument release = NotebookDocument.Parse(exercises.Notebook.ToJson(), exercises.Notebook.FilePath);
        foreach (GradedCell cell in exercises.GradedCells.Where(c => c.Regions.Count > 0))
            release.Cells[cell.Cell.Index].Json["source"] = NotebookText.ToJsonLines(ReleasedSource.Of(cell).Source);
        foreach (NotebookCell cell in release.Cells) cell.ClearOutputs();
        return new StudentRelease(release, MakeManifest(exercises, release, fileName));
    }

    private static JsonObject MakeManifest(NotebookExercises exercises, NotebookDocument release, string fileName)
    {
        static JsonArray Ids(IEnumerable<GradedCell> cells) => new(cells.Select(c => (JsonNode?)JsonValue.Create(c.Cell.Id)).ToArray());
        var list = new JsonArray();
        foreach (Exercise exercise in exercises.Exercises)
        {
            list.Add(new JsonObject
            {
                ["id"] = exercise.Id,
                ["kind"] = exercise.Kind == ExerciseKind.Auto ? "auto" : "manual",
                ["points"] = exercise.Points,
                ["answer_cells"] = Ids(exercise.AnswerCells),
                ["check_cells"] = Ids(exercise.CheckCells),
                ["forbidden"] = new JsonArray(exercise.Forbidden.Select(f => (JsonNode?)f).ToArray()),
            });
        }
        var locked = new JsonArray();
        foreach (GradedCell cell in exercises.GradedCells.Where(c => c.Locked))
        {
            locked.Add(new JsonObject
            {
                ["cell_id"] = cell.Cell.Id,
                ["grade_id"] = cell.GradeId,
                ["released_sha256"] = Sha256(release.Cells[cell.Cell.Index].Source),
                ["instructor_sha256"] = Sha256(cell.Cell.Source),
            });
        }
        return new JsonObject
        {
            ["manifest_version"] = 1,
            ["notebook"] = fileName,
            ["total_points"] = exercises.TotalPoints,
            ["exercises"] = list,
            ["locked_cells"] = locked,
        };
    }

    /// <summary>The SHA-256 of <paramref name="source"/> in UTF-8, as lower-case hex.</summary>
    public static string Sha256(string source) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(source)));
}
