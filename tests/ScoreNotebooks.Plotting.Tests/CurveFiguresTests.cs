using ScoreNotebooks.Divergences;

namespace ScoreNotebooks.Plotting.Tests;

public class CurveFiguresTests
{
    private static readonly double[] N = [10, 30, 100, 300, 1000];
    private static readonly double[] Estimate = [0.61, 0.38, 0.47, 0.431, 0.4402];
    private static readonly double[] Se = [0.21, 0.12, 0.066, 0.037, 0.0121];

    private static double[] Ys(FigureInspector figure, int trace) =>
        FigureInspector.Get<double?[]>(figure.Traces[trace], "y").Select(v => v!.Value).ToArray();

    [Fact]
    public void Band_LowerAndUpper_AreEstimateMinusAndPlusTwoStandardErrors()
    {
        var figure = new FigureInspector(CurveFigures.Band(N, Estimate, Se, "KL vs n", "n", "KL"));

        Assert.Equal(3, figure.Traces.Count);
        for (int i = 0; i < N.Length; i++)
        {
            Assert.Equal(Estimate[i] - 2 * Se[i], Ys(figure, 0)[i]);
            Assert.Equal(Estimate[i] + 2 * Se[i], Ys(figure, 1)[i]);
            Assert.Equal(Estimate[i], Ys(figure, 2)[i]);
        }
        Assert.Equal("tonexty", figure.Data(1).GetProperty("fill").GetString());
        Assert.Equal(N, FigureInspector.Get<double?[]>(figure.Traces[0], "x").Select(v => v!.Value));
    }

    [Fact]
    public void Band_WidthFollowsZ()
    {
        var figure = new FigureInspector(CurveFigures.Band(N, Estimate, Se, "t", "n", "KL", z: 1.96));

        for (int i = 0; i < N.Length; i++)
            Assert.Equal(Estimate[i] + 1.96 * Se[i], Ys(figure, 1)[i]);
    }

    [Fact]
    public void Band_Legend_NamesWhatTheBandSpans()
    {
        var byDefault = new FigureInspector(CurveFigures.Band(N, Estimate, Se, "t", "n", "KL", estimateName: "KL"));
        var nullSpread = new FigureInspector(CurveFigures.Band(N, Estimate, Se, "t", "n", "MMD²", estimateName: "sampler",
            spreadName: "null s.d."));

        Assert.Equal("KL ± 2 s.e.", byDefault.Data(1).GetProperty("name").GetString());
        Assert.Equal("sampler ± 2 null s.d.", nullSpread.Data(1).GetProperty("name").GetString());
    }

    [Fact]
    public void Band_Reference_IsADashedLineShapeAcrossThePlot_LabelledWithItsValue_NotADataSeries()
    {
        var figure = new FigureInspector(CurveFigures.Band(N, Estimate, Se, "t", "n", "KL", reference: 0.4418, referenceName: "closed form"));

        Assert.Equal(3, figure.Traces.Count);
        var line = figure.Layout.GetProperty("shapes").EnumerateArray().Single();
        Assert.Equal("line", line.GetProperty("type").GetString());
        Assert.Equal("paper", line.GetProperty("xref").GetString());
        Assert.Equal((0.0, 1.0), (line.GetProperty("x0").GetDouble(), line.GetProperty("x1").GetDouble()));
        Assert.Equal((0.4418, 0.4418), (line.GetProperty("y0").GetDouble(), line.GetProperty("y1").GetDouble()));
        Assert.Equal("dash", line.GetProperty("line").GetProperty("dash").GetString());
        var label = figure.Layout.GetProperty("annotations").EnumerateArray().Single();
        Assert.Equal("closed form = 0.4418", label.GetProperty("text").GetString());
        Assert.Equal(0.4418, label.GetProperty("y").GetDouble());
    }

    [Fact]
    public void Lines_Reference_IsADashedLineShape_NotASeries()
    {
        var figure = new FigureInspector(CurveFigures.Lines([1, 2, 3], [("loss", [3, 2, 1.5])], "Training", "step", "loss",
            reference: 1.25, referenceName: "floor"));

        Assert.Single(figure.Traces);
        var line = figure.Layout.GetProperty("shapes").EnumerateArray().Single();
        Assert.Equal((1.25, 1.25), (line.GetProperty("y0").GetDouble(), line.GetProperty("y1").GetDouble()));
        Assert.Equal("floor = 1.25", figure.Layout.GetProperty("annotations")[0].GetProperty("text").GetString());
        Assert.True(figure.Layout.GetProperty("showlegend").GetBoolean(), "the lone curve lost its legend entry");
    }

    [Fact]
    public void Lines_ReferenceOnALogYAxisOrNotFinite_IsRejected()
    {
        Assert.Equal("reference", Assert.Throws<ArgumentException>(() =>
            CurveFigures.Lines([1, 2], [("a", [1, 2])], "t", "x", "y", logY: true, reference: 1)).ParamName);
        Assert.Equal("reference", Assert.Throws<ArgumentException>(() =>
            CurveFigures.Lines([1, 2], [("a", [1, 2])], "t", "x", "y", reference: double.PositiveInfinity)).ParamName);
    }

    [Fact]
    public void Band_FromMonteCarloEstimates_UsesTheirValueAndStandardError()
    {
        var estimates = Estimate.Select((e, i) => new MonteCarloEstimate(e, Se[i], (int)N[i])).ToList();

        var figure = new FigureInspector(CurveFigures.Band(N, estimates, "t", "n", "KL", logX: true));

        for (int i = 0; i < N.Length; i++)
            Assert.Equal(Estimate[i] - 2 * Se[i], Ys(figure, 0)[i]);
        Assert.Equal("log", figure.Layout.GetProperty("xaxis").GetProperty("type").GetString());
    }

    [Fact]
    public void Lines_OneTracePerSeries_HoldingItsValues()
    {
        double[] x = [1, 2, 3, 4];
        double[] a = [4, 3, 2, 1], b = [0.5, 0.25, 0.125, 0.0625];

        var figure = new FigureInspector(CurveFigures.Lines(x, [("a", a), ("b", b)], "Two", "step", "value", logY: true, markers: true));

        Assert.Equal(new[] { "a", "b" }, figure.Traces.Select(t => FigureInspector.Get<string>(t, "name")));
        Assert.Equal(a, Ys(figure, 0));
        Assert.Equal(b, Ys(figure, 1));
        Assert.Equal("lines+markers", FigureInspector.Get<string>(figure.Traces[1], "mode"));
        Assert.Equal("log", figure.Layout.GetProperty("yaxis").GetProperty("type").GetString());
        Assert.Equal("step", FigureInspector.Text(figure.Layout.GetProperty("xaxis")));
    }

    [Fact]
    public void Paths_EachSeriesKeepsItsOwnAbscissae_AndAGuideIsThePowerLawThroughItsPoint()
    {
        double[] xa = [40, 80, 160], ya = [1e-3, 6e-5, 4e-6], xb = [50, 90, 200, 500], yb = [3e-3, 1e-4, 2e-6, 1e-7];

        var figure = new FigureInspector(CurveFigures.Paths([("RK4", xa, ya), ("adaptive", xb, yb)], "Solvers", "evaluations",
            "error", logX: true, logY: true, markers: true, guides: [(-4, 40, 1e-3)]));

        Assert.Equal(new[] { "RK4", "adaptive", "slope −4" }, figure.Traces.Select(t => FigureInspector.Get<string>(t, "name")));
        Assert.Equal(xa, FigureInspector.Get<double?[]>(figure.Traces[0], "x").Select(v => v!.Value));
        Assert.Equal(xb, FigureInspector.Get<double?[]>(figure.Traces[1], "x").Select(v => v!.Value));
        Assert.Equal(yb, Ys(figure, 1));
        // The guide spans all the abscissae, 40 to 500, on the line y = 1e-3 (x/40)^−4.
        Assert.Equal(new[] { 40.0, 500.0 }, FigureInspector.Get<double?[]>(figure.Traces[2], "x").Select(v => v!.Value));
        Assert.Equal(1e-3, Ys(figure, 2)[0], 15);
        Assert.Equal(1e-3 * Math.Pow(500.0 / 40, -4), Ys(figure, 2)[1], 15);
        Assert.Equal("dash", figure.Data(2).GetProperty("line").GetProperty("dash").GetString());
        Assert.Equal("lines+markers", FigureInspector.Get<string>(figure.Traces[0], "mode"));
    }

    [Fact]
    public void Paths_BadInput_NamesTheParameter()
    {
        Assert.Equal("series", Assert.Throws<ArgumentException>(() => CurveFigures.Paths([], "t", "x", "y")).ParamName);
        Assert.Equal("series", Assert.Throws<ArgumentException>(() =>
            CurveFigures.Paths([("a", [1, 2, 3], [1, 2])], "t", "x", "y")).ParamName);
        Assert.Equal("series", Assert.Throws<ArgumentException>(() =>
            CurveFigures.Paths([("a", [0, 1], [1, 2])], "t", "x", "y", logX: true)).ParamName);
        Assert.Equal("guides", Assert.Throws<ArgumentException>(() =>
            CurveFigures.Paths([("a", [1, 2], [1, 2])], "t", "x", "y", logX: true, guides: [(-4, 1, 1)])).ParamName);
        Assert.Equal("guides", Assert.Throws<ArgumentException>(() =>
            CurveFigures.Paths([("a", [1, 2], [1, 2])], "t", "x", "y", logX: true, logY: true, guides: [(-4, 1, 0)])).ParamName);
        Assert.Equal("guides", Assert.Throws<ArgumentException>(() =>
            CurveFigures.Paths([("a", [1, 2], [1, 2])], "t", "x", "y", logX: true, logY: true,
                guides: [(double.NaN, 1, 1)])).ParamName);
    }

    [Fact]
    public void Estimates_OneRowPerEstimate_WithBarsOfZStandardErrors_AndAVerticalReference()
    {
        var rows = new List<(string, MonteCarloEstimate)>
        {
            ("plain Langevin", new MonteCarloEstimate(0.51, 0.011, 2000)),
            ("annealed Langevin", new MonteCarloEstimate(0.79, 0.009, 2000)),
            ("reverse SDE", new MonteCarloEstimate(0.805, 0.0089, 2000)),
        };

        var figure = new FigureInspector(CurveFigures.Estimates(rows, "Left-mode weight", "weight", reference: 0.8,
            referenceName: "true weight", z: 1.96));

        var dots = figure.Data(0);
        Assert.Single(figure.Traces);
        Assert.Equal(new[] { "plain Langevin", "annealed Langevin", "reverse SDE" },
            dots.GetProperty("y").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(new[] { 0.51, 0.79, 0.805 }, dots.GetProperty("x").EnumerateArray().Select(e => e.GetDouble()));
        Assert.Equal(new[] { 1.96 * 0.011, 1.96 * 0.009, 1.96 * 0.0089 },
            dots.GetProperty("error_x").GetProperty("array").EnumerateArray().Select(e => e.GetDouble()));
        Assert.Equal("category", figure.Layout.GetProperty("yaxis").GetProperty("type").GetString());
        Assert.Equal("reversed", figure.Layout.GetProperty("yaxis").GetProperty("autorange").GetString());
        var line = figure.Layout.GetProperty("shapes").EnumerateArray().Single();
        Assert.Equal(0.8, line.GetProperty("x0").GetDouble());
        Assert.Equal(0.8, line.GetProperty("x1").GetDouble());
        Assert.Equal("paper", line.GetProperty("yref").GetString());
        Assert.Equal("true weight = 0.8", figure.Layout.GetProperty("annotations")[0].GetProperty("text").GetString());
    }

    [Fact]
    public void Estimates_BadInput_NamesTheParameter()
    {
        var one = new MonteCarloEstimate(1, 0.1, 10);
        Assert.Equal("estimates", Assert.Throws<ArgumentException>(() => CurveFigures.Estimates([], "t", "v")).ParamName);
        Assert.Equal("estimates", Assert.Throws<ArgumentException>(() => CurveFigures.Estimates([("a", one), ("a", one)], "t", "v")).ParamName);
        Assert.Equal("estimates", Assert.Throws<ArgumentException>(() => CurveFigures.Estimates([("", one)], "t", "v")).ParamName);
        Assert.Equal("z", Assert.Throws<ArgumentOutOfRangeException>(() => CurveFigures.Estimates([("a", one)], "t", "v", z: 0)).ParamName);
        Assert.Equal("reference", Assert.Throws<ArgumentException>(() =>
            CurveFigures.Estimates([("a", one)], "t", "v", reference: double.NaN)).ParamName);
        Assert.Equal("valueTitle", Assert.Throws<ArgumentException>(() => CurveFigures.Estimates([("a", one)], "t", "")).ParamName);
    }

    [Fact]
    public void Histogram_IsNormalised_AndDensityCurvesAreEvaluatedAcrossTheData()
    {
        var rng = new Random(3);
        var values = Enumerable.Range(0, 300).Select(_ => rng.NextDouble() * 4 - 2).ToArray();
        static double Uniform(double x) => Math.Abs(x) <= 2 ? 0.25 : 0;

        var figure = new FigureInspector(CurveFigures.Histogram(values, "Uniform", "x", bins: 20, densities: [("U(−2, 2)", Uniform)]));

        Assert.Equal(values, FigureInspector.Get<double[]>(figure.Traces[0], "x"));
        Assert.Equal("probability density", FigureInspector.Get<string>(figure.Traces[0], "histnorm"));
        var bins = figure.Data(0).GetProperty("xbins");
        Assert.Equal(values.Min(), bins.GetProperty("start").GetDouble());
        Assert.True(bins.GetProperty("end").GetDouble() > values.Max(), "the largest sample must fall inside the last bin");
        var x = FigureInspector.Get<double?[]>(figure.Traces[1], "x");
        Assert.Equal(values.Min(), x[0]);
        Assert.Equal(values.Max(), x[^1]!.Value, 12);
        Assert.All(Ys(figure, 1), y => Assert.Equal(0.25, y));
    }

    [Fact]
    public void BadArrays_NameTheParameter()
    {
        Assert.Equal("estimate", Assert.Throws<ArgumentException>(() => CurveFigures.Band(N, Estimate[..4], Se, "t", "n", "y")).ParamName);
        Assert.Equal("standardError", Assert.Throws<ArgumentException>(() => CurveFigures.Band(N, Estimate, [.. Se[..4], -0.1], "t", "n", "y")).ParamName);
        Assert.Equal("x", Assert.Throws<ArgumentException>(() => CurveFigures.Band([], [], [], "t", "n", "y")).ParamName);
        Assert.Equal("x", Assert.Throws<ArgumentException>(() => CurveFigures.Band([0, 1, 2, 3, 4], Estimate, Se, "t", "n", "y", logX: true)).ParamName);
        Assert.Equal("estimate", Assert.Throws<ArgumentException>(() => CurveFigures.Band(N, [double.NaN, 1, 1, 1, 1], Se, "t", "n", "y")).ParamName);
        Assert.Equal("reference", Assert.Throws<ArgumentException>(() => CurveFigures.Band(N, Estimate, Se, "t", "n", "y", reference: double.NaN)).ParamName);
        Assert.Equal("z", Assert.Throws<ArgumentOutOfRangeException>(() => CurveFigures.Band(N, Estimate, Se, "t", "n", "y", z: 0)).ParamName);
        Assert.Equal("spreadName", Assert.Throws<ArgumentException>(() => CurveFigures.Band(N, Estimate, Se, "t", "n", "y", spreadName: " ")).ParamName);
        Assert.Equal("estimates", Assert.Throws<ArgumentException>(() => CurveFigures.Band(N, new List<MonteCarloEstimate>(), "t", "n", "y")).ParamName);
        Assert.Equal("series", Assert.Throws<ArgumentException>(() => CurveFigures.Lines([1, 2], [("a", [1.0])], "t", "x", "y")).ParamName);
        Assert.Equal("series", Assert.Throws<ArgumentException>(() => CurveFigures.Lines([1, 2], [], "t", "x", "y")).ParamName);
        Assert.Equal("xTitle", Assert.Throws<ArgumentException>(() => CurveFigures.Line([1, 2], [1, 2], "t", "", "y")).ParamName);
        Assert.Equal("yTitle", Assert.Throws<ArgumentNullException>(() => CurveFigures.Line([1, 2], [1, 2], "t", "x", null!)).ParamName);
        Assert.Equal("values", Assert.Throws<ArgumentException>(() => CurveFigures.Histogram([1, double.PositiveInfinity], "t", "x")).ParamName);
        Assert.Equal("densities", Assert.Throws<ArgumentException>(() => CurveFigures.Histogram([1, 2], "t", "x", densities: [("p", _ => double.NaN)])).ParamName);
    }
}
