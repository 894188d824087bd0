using System.Text.Json.Nodes;
using MathNet.Numerics.LinearAlgebra;
using Plotly.NET;
using ScoreNotebooks.Divergences;
using ScoreNotebooks.TestSupport;

namespace ScoreNotebooks.Plotting.Tests;

/// <summary>
/// Every builder's figure fits a notebook's 980 px output column, and its log axes label whole
/// values only (no bare minor-tick digits, no SI suffixes), over the spans the chapters plot.
/// </summary>
public class FigureReadabilityTests
{
    private static readonly Grid2D Grid = Grid2D.Square(-2, 2, 11);
    private static readonly Matrix<double> Points = Matrix<double>.Build.DenseOfArray(new double[,] { { 0, 0 }, { 1, 0.5 }, { -1, 1 } });

    private static double LogP(double x, double y) => -0.5 * (x * x + y * y);

    private static double[] Geometric(double from, double to, int n) =>
        Enumerable.Range(0, n).Select(i => from * Math.Pow(to / from, i / (n - 1.0))).ToArray();

    private static GenericChart LogLog(double xFrom, double xTo, double yFrom, double yTo) =>
        CurveFigures.Line(Geometric(xFrom, xTo, 9), Geometric(yFrom, yTo, 9), "Rate", "n", "error", logX: true, logY: true);

    private static GenericChart Heat(double scale) => DensityFigures.Density(Grid, (x, y) => scale * LogP(x, y), DensityLayers.Heatmap);

    private static readonly Dictionary<string, Func<GenericChart>> Builders = new()
    {
        ["density"] = () => DensityFigures.Density(Grid, LogP),
        ["score field"] = () => ScoreFieldFigures.ScoreField(Grid, x => -x, background: new DensityBackground(Grid, LogP)),
        ["scatter with marginals"] = () => SampleFigures.Scatter(Points, marginals: true),
        ["trajectories"] = () => SampleFigures.Trajectories([Points, 0.5 * Points]),
        ["histogram"] = () => CurveFigures.Histogram([1, 2, 2, 3], "Histogram", "x"),
        ["log-log over 1.7 decades"] = () => LogLog(20, 1000, 0.002, 0.09),
        ["log-log over 4 and 9 decades"] = () => LogLog(1, 10_000, 1e-12, 1e-3),
        ["log y under one decade"] = () => CurveFigures.Line([1, 2, 3], [0.3, 0.5, 0.8], "Flat", "step", "value", logY: true),
        ["log y of tiny values"] = () => CurveFigures.Line([1, 2, 3], [1e-7, 3e-6, 2e-5], "Tiny", "step", "value", logY: true),
        ["paths with a slope guide"] = () => CurveFigures.Paths(
            [("a", [40, 80, 160, 320], [3e-3, 2e-4, 1.2e-5, 8e-7]), ("b", [60, 150, 400], [1e-2, 1e-4, 1e-6])],
            "Solvers", "evaluations", "error", logX: true, logY: true, guides: [(-4, 40, 3e-3)]),
        ["estimates side by side"] = () => CurveFigures.Estimates(
            [("single σ, plain Langevin", new MonteCarloEstimate(0.5, 0.011, 2000)),
             ("noise-conditional, annealed Langevin", new MonteCarloEstimate(0.79, 0.009, 2000))],
            "Left-mode weight", "weight", reference: 0.8),
        ["band on log x"] = () => CurveFigures.Band([20, 50, 100, 200, 500, 1000], [1, 2, 3, 4, 5, 6], [0.1, 0.1, 0.1, 0.1, 0.1, 0.1],
            "Band", "probes M", "estimate", reference: 3.5, logX: true),
        ["row of 2 heat maps"] = () => SmallMultiples.Row([Heat(1), Heat(2)], ["a", "b"], "Row"),
        ["row of 6 heat maps"] = () => SmallMultiples.Row(Enumerable.Range(1, 6).Select(k => Heat(k)).ToList(),
            Enumerable.Range(1, 6).Select(k => $"σ = {k}").ToList(), "Row"),
        ["grid of 40 digit-sized images"] = () => ImageFigures.Grid(
            Matrix<double>.Build.Dense(40, 64, (i, p) => (i + p) % 17), 8, 20, "Digits", 0, 16, ["a", "b"]),
        ["row of 8 scatters"] = () => SmallMultiples.Row(Enumerable.Range(1, 8).Select(k => SampleFigures.Scatter(k * Points)).ToList(),
            Enumerable.Range(1, 8).Select(k => $"{k}").ToList(), "Row"),
    };

    public static TheoryData<string> BuilderNames() => new(Builders.Keys);

    private static JsonNode Json(GenericChart chart) => JsonNode.Parse(GenericChart.toFigureJson(chart))!;

    [Theory]
    [MemberData(nameof(BuilderNames))]
    public void EveryBuilder_FitsTheOutputColumn_AndLabelsLogAxesWithWholeValues(string builder)
    {
        var problems = FigureReadability.Problems(Json(Builders[builder]()));

        Assert.True(problems.Count == 0, $"{builder}: {string.Join("; ", problems)}");
    }

    [Fact]
    public void Rules_RejectAPlotlyDefaultLogAxis_AndAFigureWiderThanTheColumn()
    {
        var figure = JsonNode.Parse("""{"data": [], "layout": {"width": 1000, "xaxis": {"type": "log"}, "yaxis2": {"type": "log", "dtick": "D2", "exponentformat": "SI"}}}""")!;

        var problems = FigureReadability.Problems(figure);

        Assert.Equal(5, problems.Count);
        Assert.Contains(problems, p => p.Contains("1000 px wide"));
        Assert.Contains(problems, p => p.StartsWith("log axis xaxis writes exponents as 'B'"));
        Assert.Contains(problems, p => p.StartsWith("log axis yaxis2 writes exponents as 'SI'"));
        Assert.Contains(problems, p => p.StartsWith("log axis yaxis2 leaves its ticks"));
    }

    [Fact]
    public void LogAxis_OverTwoDecadesOrMore_LabelsPowersOfTenWithUnlabelledMinorTicks()
    {
        var x = new FigureInspector(LogLog(1, 1000, 1, 10)).Layout.GetProperty("xaxis");

        Assert.Equal("linear", x.GetProperty("tickmode").GetString());
        Assert.Equal(1, x.GetProperty("dtick").GetDouble());
        Assert.Equal(0, x.GetProperty("tick0").GetDouble());
        Assert.Equal("D1", x.GetProperty("minor").GetProperty("dtick").GetString());
        Assert.Equal("power", x.GetProperty("exponentformat").GetString());
    }

    [Fact]
    public void LogAxis_OverManyDecades_StepsSeveralDecadesPerLabel()
    {
        var y = new FigureInspector(LogLog(1, 10, 1e-12, 1)).Layout.GetProperty("yaxis");

        Assert.Equal(2, y.GetProperty("dtick").GetDouble());
    }

    [Fact]
    public void LogAxis_UnderTwoDecades_LabelsOneTwoFiveTimesPowersOfTen()
    {
        var x = new FigureInspector(LogLog(20, 1000, 1, 10)).Layout.GetProperty("xaxis");

        Assert.Equal("array", x.GetProperty("tickmode").GetString());
        Assert.Equal(new double?[] { 20, 50, 100, 200, 500, 1000 }, FigureInspector.Numbers(x.GetProperty("tickvals")));
    }

    [Theory]
    [InlineData(50, 700)]
    [InlineData(0.013, 0.9)]
    [InlineData(0.31, 0.77)]
    [InlineData(3, 3.5)]
    public void LogAxis_UnderTwoDecades_EndsAtALabelledTickBeyondTheData(double lo, double hi)
    {
        var x = new FigureInspector(LogLog(lo, hi, 1, 10)).Layout.GetProperty("xaxis");

        var ticks = FigureInspector.Numbers(x.GetProperty("tickvals")).Select(t => t!.Value).ToList();
        var range = FigureInspector.Range(x);
        Assert.True(ticks[0] <= lo && ticks[^1] >= hi, $"ticks {string.Join(", ", ticks)} do not enclose [{lo}, {hi}]");
        Assert.True(ticks.Count(t => t < lo) <= 1 && ticks.Count(t => t > hi) <= 1, "more than one label outside the data");
        double span = range[1] - range[0];
        Assert.InRange(Math.Log10(ticks[0]) - range[0], 0, 0.05 * span);
        Assert.InRange(range[1] - Math.Log10(ticks[^1]), 0, 0.05 * span);
    }

    [Fact]
    public void LogAxis_UnderOneDecade_LabelsEveryDigit()
    {
        var y = new FigureInspector(CurveFigures.Line([1, 2, 3], [0.3, 0.5, 0.8], "Flat", "step", "value", logY: true)).Layout.GetProperty("yaxis");

        Assert.Equal(new double?[] { 0.3, 0.4, 0.5, 0.6, 0.7, 0.8 }, FigureInspector.Numbers(y.GetProperty("tickvals")));
    }

    [Fact]
    public void Field_WiderThanTall_IsOnlyAsTallAsItsAspectNeeds()
    {
        var grid = new Grid2D(-7, 7, -3, 3, 70, 30);
        var figure = new FigureInspector(SampleFigures.Scatter(Points, "wide",
            background: new DensityBackground(grid, (x, y) => -0.5 * (x * x + y * y)))).Layout;

        var margin = figure.GetProperty("margin");
        double plotWidth = figure.GetProperty("width").GetInt32() - margin.GetProperty("l").GetInt32() - margin.GetProperty("r").GetInt32();
        double plotHeight = figure.GetProperty("height").GetInt32() - margin.GetProperty("t").GetInt32() - margin.GetProperty("b").GetInt32();
        double[] x = FigureInspector.Range(figure.GetProperty("xaxis")), y = FigureInspector.Range(figure.GetProperty("yaxis"));
        Assert.InRange(plotHeight - plotWidth * (y[1] - y[0]) / (x[1] - x[0]), 0, 1.5);
    }

    [Fact]
    public void Field_TallerThanWide_KeepsItsHeight()
    {
        var grid = new Grid2D(-2, 2, -6, 6, 20, 60);
        var layout = new FigureInspector(SampleFigures.Scatter(Points, "tall",
            background: new DensityBackground(grid, (x, y) => -0.5 * (x * x + y * y)))).Layout;

        Assert.Equal(Theme.FieldSize, layout.GetProperty("height").GetInt32());
    }

    [Fact]
    public void Legend_BelowAField_SitsUnderTheAxisTitle_InABandAddedToTheFoot()
    {
        var single = new FigureInspector(SampleFigures.Scatter(Points)).Layout;
        var two = new FigureInspector(SampleFigures.Scatter([("a", Points), ("b", 2 * Points)])).Layout;

        int band = two.GetProperty("height").GetInt32() - single.GetProperty("height").GetInt32();
        Assert.True(band >= 20, $"the legend band is {band} px");
        Assert.Equal(band, two.GetProperty("margin").GetProperty("b").GetInt32() - single.GetProperty("margin").GetProperty("b").GetInt32());
        double plotHeight = two.GetProperty("height").GetInt32() - two.GetProperty("margin").GetProperty("t").GetInt32()
            - two.GetProperty("margin").GetProperty("b").GetInt32();
        var legend = two.GetProperty("legend");
        double topBelowPlot = -legend.GetProperty("y").GetDouble() * plotHeight;
        Assert.True(topBelowPlot >= single.GetProperty("margin").GetProperty("b").GetInt32(),
            $"the legend's top is {topBelowPlot:F0} px below the plot, inside the margin that holds the axis title");
        Assert.Equal("top", legend.GetProperty("yanchor").GetString());
    }

    [Fact]
    public void Legend_BelowARow_GrowsByARowWhenItsEntriesDoNotFitOneLine()
    {
        var many = Enumerable.Range(0, 8).Select(k => ($"a fairly long series name {k}", (k + 1) * Points)).ToList();
        var oneLine = new FigureInspector(SampleFigures.Scatter([("a", Points), ("b", 2 * Points)])).Layout;
        var wrapped = new FigureInspector(SampleFigures.Scatter(many)).Layout;

        Assert.True(wrapped.GetProperty("margin").GetProperty("b").GetInt32() > oneLine.GetProperty("margin").GetProperty("b").GetInt32());
    }
}
