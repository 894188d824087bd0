using System.Text.Json;
using Microsoft.DotNet.Interactive.Formatting;
using Plotly.NET;
using ScoreNotebooks.Plotting;

namespace ScoreNotebooks.Plotting.Tests;

/// <summary>
/// In a process where .NET Interactive's formatter is loaded (as in Polyglot Notebooks), <see cref="FigureDisplay.Enable"/>
/// registers the chart outputs the series' engine writes: offline HTML, the plotly JSON and a text line.
/// </summary>
public class FigureDisplayTests
{
    private static GenericChart Curve(string title) =>
        CurveFigures.Lines([1.0, 2.0, 3.0], [("a", [1.0, 4.0, 9.0])], title, "x", "y");

    [Fact]
    public void Enable_RegistersHtmlPlotlyJsonAndText_ForEveryChart()
    {
        // Loads the formatter's assembly into the process, as .NET Interactive has it loaded.
        Assert.NotNull(typeof(Formatter));
        FigureDisplay.Enable();
        FigureDisplay.Enable();
        Assert.True(FigureDisplay.RegistersCharts);
        var first = Curve("first figure");
        var second = Curve("second figure");

        string firstHtml = first.ToDisplayString("text/html");
        string secondHtml = second.ToDisplayString("text/html");
        Assert.Contains("newPlot(", firstHtml);
        // Nothing is loaded from elsewhere: no script element with a source, no RequireJS path to a CDN.
        Assert.DoesNotContain("<script src", firstHtml + secondHtml);
        Assert.DoesNotContain("require.config", firstHtml + secondHtml);
        // plotly.js comes once, with the first figure of the session; later ones use it.
        Assert.True(firstHtml.Length > 1_000_000, $"the first figure should carry plotly.js ({firstHtml.Length} characters)");
        Assert.True(secondHtml.Length < 100_000, $"a later figure should not carry plotly.js again ({secondHtml.Length} characters)");

        string json = second.ToDisplayString("application/vnd.plotly.v1+json");
        Assert.Equal(GenericChart.toFigureJson(second), json);
        Assert.Equal("second figure", JsonDocument.Parse(json).RootElement.GetProperty("layout").GetProperty("title").GetProperty("text").GetString());
        Assert.Equal("Plotly.NET chart: second figure", second.ToDisplayString("text/plain"));
        Assert.Equal(["text/html", "application/vnd.plotly.v1+json", "text/plain"], Formatter.GetPreferredMimeTypesFor(second.GetType()));
    }
}
