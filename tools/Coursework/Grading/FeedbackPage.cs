using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using static System.Net.WebUtility;

namespace ScoreNotebooks.Coursework.Grading;

/// <summary>A graded submission as one self-contained HTML page: the total, each exercise's score and messages, and
/// its check records as a table.</summary>
/// <remarks>The instructor's page shows everything; the student's (forStudent in <see cref="Write"/>)
/// leaves out what could give hidden tests away: the messages of check cells with hidden tests (replaced by a line
/// saying that one failed) and their check records. Neither page holds any cell's source. No scripts, no external
/// resources: the page opens offline and in a mail client.</remarks>
internal static class FeedbackPage
{
    private const string Style =
        "body{font-family:system-ui,sans-serif;max-width:980px;margin:2em auto;padding:0 1em;color:#222}" +
        "table{border-collapse:collapse;margin:.5em 0 1.5em}td,th{border:1px solid #ccc;padding:.25em .6em;text-align:left;" +
        "vertical-align:top}th{background:#f3f3f3}.pass{color:#176117}.fail{color:#a31515}.num{text-align:right}" +
        "ul{margin:.3em 0}h2{margin-top:1.6em;border-bottom:1px solid #ddd}";

    /// <summary>The page of <paramref name="grade"/>.</summary>
    /// <param name="grade">A graded submission.</param>
    /// <param name="forStudent">True to leave out the details of hidden tests.</param>
    public static string Write(SubmissionGrade grade, bool forStudent)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append($"<title>Feedback: {HtmlEncode(grade.Student)}</title>\n<style>{Style}</style>\n</head>\n<body>\n")
            .Append($"<h1>Feedback: {HtmlEncode(grade.Student)}</h1>\n");
        if (grade.Error is not null)
        {
            html.Append($"<p class=\"fail\">The submission could not be graded: {HtmlEncode(grade.Error)}</p>\n</body>\n</html>\n");
            return html.ToString();
        }
        html.Append($"<p><strong>Score: {Number(grade.Score)} / {Number(grade.MaxScore)}</strong>");
        int manual = grade.Exercises.Count(e => e.Manual);
        if (manual > 0) html.Append($" (and {manual} written answer(s), graded by hand)");
        html.Append("</p>\n");
        List(html, grade.Notes);
        html.Append("<table>\n<tr><th>exercise</th><th>points</th><th>checks passed</th></tr>\n");
        foreach (ExerciseGrade e in grade.Exercises)
        {
            string points = e.Points is double p ? $"{Number(p)} / {Number(e.MaxPoints)}" : $"– / {Number(e.MaxPoints)}";
            string css = e.Manual ? "" : e.Points < e.MaxPoints ? " class=\"fail\"" : " class=\"pass\"";
            string checks = e.Manual ? "graded by hand" : $"{e.PassedChecks} of {e.Checks}";
            html.Append($"<tr><td><a href=\"#{HtmlEncode(e.Id)}\">{HtmlEncode(e.Id)}</a></td><td{css}>{points}</td><td>{checks}</td></tr>\n");
        }
        html.Append("</table>\n");
        foreach (ExerciseGrade e in grade.Exercises) Exercise(html, e, forStudent);
        html.Append("</body>\n</html>\n");
        return html.ToString();
    }

    private static void Exercise(StringBuilder html, ExerciseGrade e, bool forStudent)
    {
        html.Append($"<h2 id=\"{HtmlEncode(e.Id)}\">{HtmlEncode(e.Id)}</h2>\n");
        List(html, forStudent ? e.StudentMessages : e.Messages);
        var records = forStudent ? e.Records.Where(r => !e.HiddenRecords.Contains(r)).ToList() : e.Records;
        if (forStudent && e.HiddenRecords.Count > 0)
            html.Append($"<p>{e.HiddenRecords.Count} check record(s) of hidden tests are not shown.</p>\n");
        if (records.Count == 0) return;
        html.Append("<table>\n<tr><th>check</th><th>result</th><th>measured</th><th>expected</th><th>tolerance</th><th>kind</th>" +
                    "<th>detail</th></tr>\n");
        foreach (JsonObject r in records)
        {
            bool passed = r["passed"] is JsonValue v && v.TryGetValue(out bool b) && b;
            html.Append($"<tr><td>{Text(r["what"])}</td><td class=\"{(passed ? "pass\">pass" : "fail\">fail")}</td>" +
                        $"<td class=\"num\">{Text(r["measured"])}</td><td class=\"num\">{Text(r["expected"])}</td>" +
                        $"<td class=\"num\">{Text(r["tolerance"])}</td><td>{Text(r["kind"])}</td><td>{Text(r["detail"])}</td></tr>\n");
        }
        html.Append("</table>\n");
    }

    private static void List(StringBuilder html, IReadOnlyList<string> items)
    {
        if (items.Count == 0) return;
        html.Append("<ul>\n");
        foreach (string item in items) html.Append($"<li>{HtmlEncode(item)}</li>\n");
        html.Append("</ul>\n");
    }

    private static string Text(JsonNode? node) => node switch
    {
        null => "",
        JsonValue v when v.TryGetValue(out string? s) => HtmlEncode(s),
        _ => HtmlEncode(node.ToJsonString()),
    };

    private static string Number(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
