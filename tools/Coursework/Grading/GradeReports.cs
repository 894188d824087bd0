using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using ScoreNotebooks.Notebooks.Files;
using ScoreNotebooks.Notebooks.Format;

namespace ScoreNotebooks.Coursework.Grading;

/// <summary>Writes a grading run's outputs inside the --out folder.</summary>
/// <remarks>
/// <list type="bullet">
/// <item><c>results/STUDENT.json</c>: score, max_score, notes, error, and per exercise id, kind, points (null for a
/// written answer), max_points, passed_checks, checks, messages, the structured check records and the forbidden
/// API uses (api, cell, line, how).</item>
/// <item><c>gradescope/STUDENT/results.json</c>: Gradescope's autograder format, a test per auto-graded exercise.</item>
/// <item><c>grades.csv</c>: student, one column per exercise (empty for a written answer or an ungraded submission),
/// total and max.</item>
/// <item><c>junit.xml</c>: a testsuite per student, a testcase per exercise (failed below full points, skipped when
/// graded by hand, an error when the submission could not be graded).</item>
/// <item><c>feedback/STUDENT.ipynb</c>: the executed graded notebook.</item>
/// <item><c>feedback/STUDENT.html</c>: a self-contained page of scores, messages and check records
/// (<see cref="FeedbackPage"/>); with --student-feedback also <c>feedback-student/STUDENT.html</c>, without hidden tests' details.</item>
/// <item><c>answers/STUDENT/EXERCISE.cs</c> (<c>.md</c> for a written answer): the exercise's answer cells as submitted,
/// each after a comment line naming it, for similarity checkers.</item>
/// </list>
/// Every file is written atomically; JSON in the canonical layout notebooks use.
/// </remarks>
internal static class GradeReports
{
    /// <summary>Writes the files of one graded submission.</summary>
    /// <param name="outDirectory">The --out folder.</param>
    /// <param name="grade">The graded submission.</param>
    /// <param name="feedback">The executed graded notebook, or null when the submission did not run.</param>
    /// <param name="studentFeedback">Also write <c>feedback-student/STUDENT.html</c>, without the hidden tests' details.</param>
    public static void WriteSubmission(string outDirectory, SubmissionGrade grade, NotebookDocument? feedback, bool studentFeedback = false)
    {
        Write(Path.Combine(outDirectory, "results", grade.Student + ".json"), CanonicalJsonWriter.Write(Result(grade)));
        Write(Path.Combine(outDirectory, "gradescope", grade.Student, "results.json"), CanonicalJsonWriter.Write(Gradescope(grade)));
        if (feedback is not null) Write(Path.Combine(outDirectory, "feedback", grade.Student + ".ipynb"), feedback.ToJson());
        Write(Path.Combine(outDirectory, "feedback", grade.Student + ".html"), FeedbackPage.Write(grade, forStudent: false));
        if (studentFeedback)
            Write(Path.Combine(outDirectory, "feedback-student", grade.Student + ".html"), FeedbackPage.Write(grade, forStudent: true));
        foreach (var exercise in grade.Answers.GroupBy(a => a.ExerciseId, StringComparer.Ordinal))
        {
            bool code = exercise.First().IsCode;
            string text = string.Concat(exercise.Select(a => (code
                ? $"// {a.ExerciseId}: answer cell {a.CellNumber} (cell id {a.CellId}, grade_id {a.GradeId})\n"
                : $"<!-- {a.ExerciseId}: written answer, cell {a.CellNumber} (cell id {a.CellId}, grade_id {a.GradeId}) -->\n")
                + a.Source + (a.Source.EndsWith('\n') ? "" : "\n")));
            Write(Path.Combine(outDirectory, "answers", grade.Student, exercise.Key + (code ? ".cs" : ".md")), text);
        }
    }

    /// <summary>Writes grades.csv and junit.xml for every submission.</summary>
    public static void WriteSummaries(string outDirectory, IReadOnlyList<string> exerciseIds, IReadOnlyList<SubmissionGrade> grades)
    {
        Write(Path.Combine(outDirectory, "grades.csv"), Csv(exerciseIds, grades));
        Write(Path.Combine(outDirectory, "junit.xml"), JUnit(grades));
    }

    public static JsonObject Result(SubmissionGrade grade) => new()
    {
        ["student"] = grade.Student,
        ["submission"] = grade.SubmissionPath,
        ["score"] = grade.Error is null ? (double?)grade.Score : null,
        ["max_score"] = grade.Error is null ? (double?)grade.MaxScore : null,
        ["error"] = grade.Error,
        ["notes"] = Strings(grade.Notes),
        ["manual"] = Strings(grade.Exercises.Where(e => e.Manual).Select(e => e.Id)),
        ["exercises"] = new JsonArray(grade.Exercises.Select(e => (JsonNode?)new JsonObject
        {
            ["id"] = e.Id,
            ["kind"] = e.Manual ? "manual" : "auto",
            ["points"] = e.Points,
            ["max_points"] = e.MaxPoints,
            ["passed_checks"] = e.PassedChecks,
            ["checks"] = e.Checks,
            ["messages"] = Strings(e.Messages),
            ["records"] = new JsonArray(e.Records.Select(r => (JsonNode?)r.DeepClone()).ToArray()),
            ["forbidden"] = new JsonArray(e.ForbiddenUses.Select(u => (JsonNode?)new JsonObject
            {
                ["api"] = u.Api, ["cell"] = u.CellNumber, ["line"] = u.Line, ["how"] = u.How,
            }).ToArray()),
        }).ToArray()),
    };

    private static JsonObject Gradescope(SubmissionGrade grade)
    {
        var tests = new JsonArray();
        foreach (ExerciseGrade e in grade.Exercises.Where(e => !e.Manual))
        {
            tests.Add(new JsonObject
            {
                ["name"] = e.Id,
                ["score"] = e.Points,
                ["max_score"] = e.MaxPoints,
                // Gradescope shows this to the student: a hidden test is named, never quoted.
                ["output"] = string.Join("\n", new[] { $"{e.PassedChecks} of {e.Checks} check cells passed" }.Concat(e.StudentMessages)),
                ["visibility"] = "visible",
            });
        }
        var output = new List<string>();
        if (grade.Error is not null) output.Add($"the submission could not be graded: {grade.Error}");
        output.AddRange(grade.Notes);
        foreach (ExerciseGrade e in grade.Exercises.Where(e => e.Manual))
            output.Add($"{e.Id} ({Number(e.MaxPoints)} points) is a written answer, graded by hand");
        var result = new JsonObject { ["score"] = grade.Error is null ? grade.Score : 0, ["tests"] = tests };
        if (output.Count > 0) result["output"] = string.Join("\n", output);
        return result;
    }

    private static string Csv(IReadOnlyList<string> exerciseIds, IReadOnlyList<SubmissionGrade> grades)
    {
        var csv = new StringBuilder();
        csv.Append(string.Join(',', new[] { "student" }.Concat(exerciseIds).Concat(["total", "max"]).Select(Field))).Append('\n');
        foreach (SubmissionGrade grade in grades)
        {
            var byId = grade.Exercises.ToDictionary(e => e.Id, StringComparer.Ordinal);
            var row = new List<string> { Field(grade.Student) };
            row.AddRange(exerciseIds.Select(id => byId.TryGetValue(id, out var e) && e.Points is double p ? Number(p) : ""));
            row.Add(grade.Error is null ? Number(grade.Score) : "");
            row.Add(grade.Error is null ? Number(grade.MaxScore) : "");
            csv.Append(string.Join(',', row)).Append('\n');
        }
        return csv.ToString();
    }

    private static string JUnit(IReadOnlyList<SubmissionGrade> grades)
    {
        var suites = new XElement("testsuites");
        foreach (SubmissionGrade grade in grades)
        {
            var suite = new XElement("testsuite", new XAttribute("name", grade.Student),
                new XAttribute("time", Number(grade.Seconds)));
            int failures = 0, skipped = 0, errors = 0;
            if (grade.Error is not null)
            {
                errors++;
                suite.Add(new XElement("testcase", new XAttribute("classname", grade.Student), new XAttribute("name", "submission"),
                    new XElement("error", new XAttribute("message", grade.Error))));
            }
            foreach (ExerciseGrade e in grade.Exercises)
            {
                var testcase = new XElement("testcase", new XAttribute("classname", grade.Student), new XAttribute("name", e.Id));
                string text = string.Join("\n", e.Messages);
                if (e.Manual)
                {
                    skipped++;
                    testcase.Add(new XElement("skipped", new XAttribute("message", "a written answer, graded by hand")));
                }
                else if (e.Points < e.MaxPoints)
                {
                    failures++;
                    testcase.Add(new XElement("failure",
                        new XAttribute("message", $"{Number(e.Points ?? 0)}/{Number(e.MaxPoints)} points"), text));
                }
                else
                {
                    testcase.Add(new XElement("system-out", $"{Number(e.Points ?? 0)}/{Number(e.MaxPoints)} points"));
                }
                suite.Add(testcase);
            }
            suite.Add(new XAttribute("tests", grade.Exercises.Count + errors), new XAttribute("failures", failures),
                new XAttribute("errors", errors), new XAttribute("skipped", skipped));
            suites.Add(suite);
        }
        return new XDocument(new XDeclaration("1.0", "utf-8", null), suites).Declaration + "\n" + suites + "\n";
    }

    private static JsonArray Strings(IEnumerable<string> items) => new(items.Select(s => (JsonNode?)s).ToArray());

    private static string Number(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>A CSV field, quoted when it holds a comma, quote or line break (RFC 4180).</summary>
    private static string Field(string text) =>
        text.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? $"\"{text.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : text;

    private static void Write(string path, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        AtomicFile.WriteAllText(path, text);
    }
}
