using MathNet.Numerics.LinearAlgebra;
using Plotly.NET;

namespace ScoreNotebooks.Plotting.Tests;

public class SmallMultiplesTests
{
    private static readonly double[] Sigmas = [0.1, 0.5, 1, 2];

    private static Matrix<double> Noisy(double sigma, int seed)
    {
        var rng = new Random(seed);
        return Matrix<double>.Build.Dense(50, 2, (_, _) => sigma * (rng.NextDouble() * 2 - 1));
    }

    private static List<GenericChart> Panels() => Sigmas.Select((s, k) => SampleFigures.Scatter(Noisy(s, k))).ToList();

    private static List<string> Titles() => Sigmas.Select(s => $"σ = {s}").ToList();

    [Fact]
    public void Row_HasOnePanelPerChart_EachOnItsOwnAxes_UnderItsTitle()
    {
        var figure = new FigureInspector(SmallMultiples.Row(Panels(), Titles(), "Noise strip"));

        Assert.Equal(4, figure.Traces.Count);
        var axes = Enumerable.Range(0, 4).Select(t => (figure.Data(t).GetProperty("xaxis").GetString(), figure.Data(t).GetProperty("yaxis").GetString()));
        Assert.Equal(new (string?, string?)[] { ("x", "y"), ("x2", "y2"), ("x3", "y3"), ("x4", "y4") }, axes);
        var annotations = figure.Layout.GetProperty("annotations").EnumerateArray().Select(a => a.GetProperty("text").GetString());
        Assert.Equal(Titles(), annotations);
        Assert.Equal("Noise strip", FigureInspector.Text(figure.Layout));
    }

    [Fact]
    public void Row_CarriesEveryPanelsData()
    {
        var panels = Panels();

        var figure = new FigureInspector(SmallMultiples.Row(panels, Titles(), "Noise strip"));

        for (int k = 0; k < panels.Count; k++)
        {
            var original = GenericChart.getTraces(panels[k]).Single();
            Assert.Equal(FigureInspector.Get<double?[]>(original, "x"), FigureInspector.Get<double?[]>(figure.Traces[k], "x"));
            Assert.Equal(FigureInspector.Get<double?[]>(original, "y"), FigureInspector.Get<double?[]>(figure.Traces[k], "y"));
            Assert.Null(original.TryGetPropertyValue("xaxis"));
        }
    }

    [Fact]
    public void Row_SharesTheUnionOfThePanelRanges_AndLinksZoom()
    {
        var panels = Panels();
        var ranges = panels.Select(p => FigureInspector.Range(new FigureInspector(p).Layout.GetProperty("xaxis"))).ToList();

        var layout = new FigureInspector(SmallMultiples.Row(panels, Titles(), "Noise strip")).Layout;

        double[] union = [ranges.Min(r => r[0]), ranges.Max(r => r[1])];
        double previousEnd = -1;
        for (int k = 1; k <= 4; k++)
        {
            var x = layout.GetProperty(k == 1 ? "xaxis" : $"xaxis{k}");
            var y = layout.GetProperty(k == 1 ? "yaxis" : $"yaxis{k}");
            Assert.Equal(union, FigureInspector.Range(x));
            var domain = x.GetProperty("domain").EnumerateArray().Select(e => e.GetDouble()).ToArray();
            Assert.True(domain[0] > previousEnd && domain[1] > domain[0], $"panel {k} domain [{domain[0]}, {domain[1]}] overlaps");
            previousEnd = domain[1];
            Assert.False(y.TryGetProperty("scaleanchor", out _), "scaleanchor cannot be combined with matches");
            if (k > 1)
            {
                Assert.Equal("x", x.GetProperty("matches").GetString());
                Assert.Equal("y", y.GetProperty("matches").GetString());
            }
        }
        Assert.Equal(1.0, previousEnd);
    }

    [Fact]
    public void Row_OfFields_SizesTheFigureForEqualAspect()
    {
        var grid = new Grid2D(-4, 4, -2, 2, 20, 10);
        var panels = new[] { 1.0, 2.0 }.Select(s => DensityFigures.Density(grid, (x, y) => -(x * x + y * y) / (2 * s * s))).ToList();

        var layout = new FigureInspector(SmallMultiples.Row(panels, ["σ = 1", "σ = 2"], "Densities")).Layout;

        var margin = layout.GetProperty("margin");
        double plotWidth = layout.GetProperty("width").GetDouble() - margin.GetProperty("l").GetDouble() - margin.GetProperty("r").GetDouble();
        double plotHeight = layout.GetProperty("height").GetDouble() - margin.GetProperty("t").GetDouble() - margin.GetProperty("b").GetDouble();
        var domain = layout.GetProperty("xaxis").GetProperty("domain").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        double panelWidth = (domain[1] - domain[0]) * plotWidth;
        double ratio = plotHeight / panelWidth;
        Assert.True(Math.Abs(ratio - 0.5) < 0.01, $"panel height/width {ratio:F4}, expected 4/8 = 0.5");
    }

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(6)]
    [InlineData(9)]
    public void Row_FitsANotebooksOutputColumn_KeepingTheFieldsAspect(int count)
    {
        var grid = new Grid2D(-4, 4, -4, 4, 12, 12);
        var panels = Enumerable.Range(1, count).Select(s => DensityFigures.Density(grid, (x, y) => -(x * x + y * y) / (2.0 * s))).ToList();

        var layout = new FigureInspector(SmallMultiples.Row(panels, panels.Select((_, k) => $"panel {k}").ToList(), "A long strip")).Layout;

        double width = layout.GetProperty("width").GetDouble();
        Assert.True(width <= Theme.MaxWidth, $"{count} panels make a figure {width} px wide, wider than {Theme.MaxWidth}");
        var margin = layout.GetProperty("margin");
        double plotHeight = layout.GetProperty("height").GetDouble() - margin.GetProperty("t").GetDouble() - margin.GetProperty("b").GetDouble();
        var domain = layout.GetProperty("xaxis").GetProperty("domain").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        double panelWidth = (domain[1] - domain[0]) * (width - margin.GetProperty("l").GetDouble() - margin.GetProperty("r").GetDouble());
        Assert.True(Math.Abs(plotHeight / panelWidth - 1) < 0.02, $"square panels drawn {panelWidth:F1} × {plotHeight:F1} px");
    }

    private static readonly Grid2D HeatGrid = Grid2D.Square(-2, 2, 11);

    private static GenericChart Heat(double scale) =>
        DensityFigures.Density(HeatGrid, (x, y) => -0.5 * scale * (x * x + y * y), DensityLayers.Heatmap);

    [Fact]
    public void Row_OfHeatMaps_KeepsEachPanelsColourBar_BesideItsOwnPanel()
    {
        var figure = new FigureInspector(SmallMultiples.Row([Heat(1), Heat(4), Heat(9)], ["a", "b", "c"], "Heat"));

        var heatmaps = Enumerable.Range(0, figure.Traces.Count).Select(figure.Data)
            .Where(d => d.GetProperty("type").GetString() == "heatmap").ToList();
        Assert.Equal(3, heatmaps.Count);
        double previous = 0;
        for (int k = 0; k < 3; k++)
        {
            Assert.False(heatmaps[k].TryGetProperty("showscale", out var shown) && !shown.GetBoolean(), $"panel {k + 1} hides its colour bar");
            var domain = figure.Layout.GetProperty(k == 0 ? "xaxis" : $"xaxis{k + 1}").GetProperty("domain");
            double x = heatmaps[k].GetProperty("colorbar").GetProperty("x").GetDouble();
            Assert.True(x > domain[1].GetDouble() && x > previous && x < domain[1].GetDouble() + 0.05,
                $"panel {k + 1}: colour bar at x = {x}, panel ends at {domain[1].GetDouble()}");
            previous = x;
        }
        if (figure.Layout.TryGetProperty("xaxis2", out var second))
            Assert.True(second.GetProperty("domain")[0].GetDouble() - figure.Layout.GetProperty("xaxis").GetProperty("domain")[1].GetDouble() >= 0.08,
                "no room for the first panel's colour bar");
    }

    [Fact]
    public void Row_ListsASeriesThatOnlyALaterPanelShows_OnceForTheRow()
    {
        var first = SampleFigures.Scatter([("data", Noisy(1, 1)), ("model", Noisy(1, 2))]);
        var second = SampleFigures.Scatter([("data", Noisy(1, 3)), ("training points", Noisy(1, 4))]);

        var figure = new FigureInspector(SmallMultiples.Row([first, second], ["a", "b"], "Legend"));

        var listed = Enumerable.Range(0, figure.Traces.Count).Select(figure.Data)
            .Where(d => !(d.TryGetProperty("showlegend", out var shown) && !shown.GetBoolean()))
            .Select(d => d.GetProperty("name").GetString()).ToList();
        Assert.Equal(new[] { "data", "model", "training points" }, listed);
        Assert.True(figure.Layout.GetProperty("showlegend").GetBoolean());
    }

    [Fact]
    public void Row_GivesEveryListedName_ItsOwnColour_AndTheSameNameTheSameColour()
    {
        var first = SampleFigures.Scatter([("data", Noisy(1, 1)), ("model", Noisy(1, 2))]);
        var second = SampleFigures.Scatter([("training points", Noisy(1, 3)), ("data", Noisy(1, 4))]);
        var firstColours = GenericChart.getTraces(first).Select(MarkerColour).ToList();

        var row = SmallMultiples.Row([first, second], ["a", "b"], "Legend");

        var colourOf = new Dictionary<string, HashSet<string>>();
        foreach (var trace in GenericChart.getTraces(row))
        {
            string name = (string)trace.TryGetPropertyValue("name")!.Value;
            colourOf.TryAdd(name, []);
            colourOf[name].Add(MarkerColour(trace));
        }
        Assert.All(colourOf.Values, colours => Assert.Single(colours));
        var distinct = colourOf.Values.Select(c => c.Single()).ToList();
        Assert.Equal(3, distinct.Distinct().Count());
        Assert.All(distinct, c => Assert.Contains(c, Theme.Palette));
        Assert.Equal(firstColours, new[] { colourOf["data"].Single(), colourOf["model"].Single() });
        Assert.Equal(firstColours, GenericChart.getTraces(first).Select(MarkerColour).ToList());
        Assert.Equal(Theme.Palette[0], GenericChart.getTraces(second).Select(MarkerColour).First());
    }

    [Fact]
    public void Row_OfPanelsWithoutALegend_KeepsTheirColours()
    {
        var panels = Panels();

        var row = SmallMultiples.Row(panels, Titles(), "Noise strip");

        Assert.Equal(panels.Select(p => MarkerColour(GenericChart.getTraces(p).Single())),
            GenericChart.getTraces(row).Select(MarkerColour));
    }

    private static string MarkerColour(Trace trace) =>
        (string)((DynamicObj.DynamicObj)trace.TryGetPropertyValue("marker")!.Value).TryGetPropertyValue("color")!.Value;

    [Fact]
    public void Row_OfLogAxes_LabelsEveryPanelWithTheUnionOfTheirTicks()
    {
        var wide = CurveFigures.Line([50, 100, 200, 500], [1, 2, 3, 4], "a", "N", "error", logX: true);
        var narrow = CurveFigures.Line([50, 100, 200], [1, 2, 3], "b", "N", "error", logX: true);

        var layout = new FigureInspector(SmallMultiples.Row([wide, narrow], ["a", "b"], "Rates")).Layout;

        foreach (var key in new[] { "xaxis", "xaxis2" })
            Assert.Equal(new double?[] { 50, 100, 200, 500 }, FigureInspector.Numbers(layout.GetProperty(key).GetProperty("tickvals")));
    }

    [Fact]
    public void Row_OfSingleCurvePanels_ShowsNoLegend_ThePanelTitlesNameThem()
    {
        var a = CurveFigures.Line([1, 2, 3], [3, 2, 1], "a", "n", "error", name: "RK4");
        var b = CurveFigures.Line([1, 2, 3], [2, 1, 0.5], "b", "n", "error", name: "Dormand–Prince");

        var figure = new FigureInspector(SmallMultiples.Row([a, b], ["RK4", "Dormand–Prince"], "Solvers"));

        Assert.False(figure.Layout.GetProperty("showlegend").GetBoolean());
    }

    [Fact]
    public void BadInput_NamesTheParameter()
    {
        Assert.Equal("titles", Assert.Throws<ArgumentException>(() => SmallMultiples.Row(Panels(), Titles().Take(3).ToList(), "t")).ParamName);
        Assert.Equal("titles", Assert.Throws<ArgumentException>(() => SmallMultiples.Row(Panels(), ["a", "", "c", "d"], "t")).ParamName);
        Assert.Equal("panels", Assert.Throws<ArgumentException>(() => SmallMultiples.Row([], [], "t")).ParamName);
        Assert.Equal("panels", Assert.Throws<ArgumentException>(() => SmallMultiples.Row([null!], ["a"], "t")).ParamName);
        Assert.Equal("title", Assert.Throws<ArgumentException>(() => SmallMultiples.Row(Panels(), Titles(), "")).ParamName);
        var withMarginals = SampleFigures.Scatter(Noisy(1, 9), marginals: true);
        Assert.Equal("panels", Assert.Throws<ArgumentException>(() => SmallMultiples.Row([withMarginals], ["a"], "t")).ParamName);
    }
}
