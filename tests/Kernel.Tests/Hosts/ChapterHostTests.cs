using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ScoreNotebooks.Kernel.Tests.Jupyter;
using ScoreNotebooks.Notebooks.Tests;

namespace ScoreNotebooks.Kernel.Tests.Hosts;

/// <summary>
/// Every chapter runs unchanged in each host, with no error output, and every host prints the same check
/// lines and draws the same figures (the same plotly.js JSON) as the runner.
/// </summary>
[Collection(HostsCollection.Name)]
public partial class ChapterHostTests(HostsFixture hosts)
{
    [Theory]
    [MemberData(nameof(HostsFixture.Chapters), MemberType = typeof(HostsFixture))]
    public async Task Chapter_RunsWithTheRunner_WithoutErrorOutput(string chapter)
    {
        var run = await hosts.RunAsync(HostsFixture.Runner, chapter);
        Assert.Empty(run.Errors);
        Assert.DoesNotContain(run.CheckLines, l => l.StartsWith("FAIL", StringComparison.Ordinal));
        var codeCells = run.Notebook.Cells.Where(c => c.IsCode).ToList();
        Assert.All(codeCells, c => Assert.NotNull(c.ExecutionCount));
        Nbformat.AssertValidWhenAvailable(run.Path);
        AssertPlotlyJsCarriedOnce(run);
        AssertFiguresReadAtAGlance(run);
    }

    /// <summary>
    /// Every figure fits the output column of a notebook page (about 980 px in Notebook, JupyterLab and VS Code;
    /// a wider figure is cut off), and its log axes label whole values: no bare minor-tick digits ("2 5 100 2 5")
    /// and no SI suffixes ("100μ", "1p").
    /// </summary>
    private static void AssertFiguresReadAtAGlance(ExecutedChapter run)
    {
        var problems = run.Figures
            .Select((figure, i) => (Number: i + 1, Title: (string?)figure["layout"]?["title"]?["text"], Problems: FigureReadability.Problems(figure)))
            .Where(f => f.Problems.Count > 0)
            .Select(f => $"figure {f.Number} (\"{f.Title}\"): {string.Join("; ", f.Problems)}")
            .ToList();
        Assert.True(problems.Count == 0, $"{run.Host}: figures that do not read at a glance:\n{string.Join("\n", problems)}");
    }

    [Fact]
    public async Task TheTrainingChapter_RunTwice_GivesTheSameExecutedFile()
    {
        // Chapter 04 trains a network and prints its progress: seeded, and without clock times, so nothing differs.
        const string chapter = HostsFixture.TrainingChapter;
        var first = await hosts.RunAsync(HostsFixture.Runner, chapter);
        var again = await hosts.RunAgainWithRunnerAsync(chapter);
        Assert.Equal(File.ReadAllText(first.Path), File.ReadAllText(again.Path));
    }

    [SkippableTheory]
    [MemberData(nameof(HostsFixture.Chapters), MemberType = typeof(HostsFixture))]
    public async Task Chapter_RunsWithTheSeriesKernelUnderNbconvert_LikeTheRunner(string chapter)
    {
        Skip.IfNot(Jupyter.Jupyter.Available, Jupyter.Jupyter.Missing);
        var run = await hosts.RunAsync(HostsFixture.SeriesKernel, chapter);
        var runner = await hosts.RunAsync(HostsFixture.Runner, chapter);
        AssertSameResults(runner, run);
        // The same engine in another process prints the same text in every cell, numbers and progress lines included.
        Assert.Equal(Printed(runner), Printed(run));
        var codeCells = run.Notebook.Cells.Where(c => c.IsCode).ToList();
        Assert.Equal(Enumerable.Range(1, codeCells.Count), codeCells.Select(c => c.ExecutionCount ?? 0));
        Assert.Equal(".net-csharp", (string?)run.Notebook.Metadata["kernelspec"]!["name"]);
        Assert.Equal("C#", (string?)run.Notebook.Metadata["language_info"]!["name"]);
        // Every chart of the run carries the element-id prefix of the one kernel session that drew it.
        var prefixes = run.FigureHtml.SelectMany(html => ChartId().Matches(html).Select(m => m.Groups[1].Value)).Distinct().ToList();
        Assert.True(prefixes.Count <= 1, $"charts of one run with different id prefixes: {string.Join(", ", prefixes)}");
        AssertPlotlyJsCarriedOnce(run);
    }

    [SkippableTheory]
    [MemberData(nameof(HostsFixture.Chapters), MemberType = typeof(HostsFixture))]
    public async Task Chapter_RunsUnchangedInDotNetInteractive_LikeTheRunner(string chapter)
    {
        Skip.IfNot(Jupyter.Jupyter.Available, Jupyter.Jupyter.Missing);
        var run = await hosts.RunAsync(HostsFixture.DotNetInteractive, chapter);
        var runner = await hosts.RunAsync(HostsFixture.Runner, chapter);
        AssertSameResults(runner, run);
        AssertPlotlyJsCarriedOnce(run);
    }

    /// <summary>What each code cell printed on standard output, its stream outputs joined.</summary>
    private static List<string> Printed(ExecutedChapter run) => run.Notebook.Cells.Where(c => c.IsCode)
        .Select(c => string.Concat(((JsonArray)c.Json["outputs"]!)
            .Where(o => (string?)o!["output_type"] == "stream" && (string?)o["name"] == "stdout")
            .Select(o => o!["text"] is JsonArray lines ? string.Concat(lines.Select(l => (string?)l)) : (string?)o["text"])))
        .ToList();

    private static void AssertSameResults(ExecutedChapter runner, ExecutedChapter other)
    {
        Assert.True(other.Errors.Count == 0, $"{other.Host} wrote error outputs:\n{string.Join("\n", other.Errors)}");
        Assert.Equal(runner.CheckLines, other.CheckLines);
        Assert.True(runner.Figures.Count == other.Figures.Count,
            $"{other.Host} drew {other.Figures.Count} figures, the runner {runner.Figures.Count}");
        for (int i = 0; i < runner.Figures.Count; i++)
        {
            if (JsonNode.DeepEquals(runner.Figures[i], other.Figures[i])) continue;
            string expected = runner.Figures[i].ToJsonString(), actual = other.Figures[i].ToJsonString();
            int at = Enumerable.Range(0, Math.Min(expected.Length, actual.Length)).FirstOrDefault(k => expected[k] != actual[k]);
            Assert.Fail($"figure {i + 1}: {other.Host}'s plotly JSON differs from the runner's at character {at}: " +
                        $"…{Slice(actual, at)}… instead of …{Slice(expected, at)}…");
        }
    }

    /// <summary>The first figure's HTML carries plotly.js and the others do not: the page needs no network and holds it once.</summary>
    private static void AssertPlotlyJsCarriedOnce(ExecutedChapter run)
    {
        var html = run.FigureHtml;
        if (html.Count == 0) return;
        // plotly.js is recognised by its licence banner, not by size: a figure with much data is large too.
        Assert.True(CarriesPlotlyJs(html[0]), $"{run.Host}: the first figure does not carry plotly.js ({html[0].Length} characters)");
        Assert.All(html.Skip(1), h => Assert.False(CarriesPlotlyJs(h), $"{run.Host}: a later figure carries plotly.js again"));
        Assert.All(html, h => Assert.DoesNotContain("<script src", h));
    }

    private static bool CarriesPlotlyJs(string html) => html.Contains("* plotly.js v", StringComparison.Ordinal);

    private static string Slice(string text, int at) => text.Substring(Math.Max(0, at - 40), Math.Min(80, text.Length - Math.Max(0, at - 40)));

    [GeneratedRegex("<div id=\"(figure-[0-9a-f]{8})-[0-9a-f]{12}-cell\\d+-\\d+\"")]
    private static partial Regex ChartId();
}
