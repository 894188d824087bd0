using MathNet.Numerics.LinearAlgebra;

namespace ScoreNotebooks.Plotting.Tests;

public class SampleFiguresTests
{
    private static Matrix<double> Cloud(int n, int seed, double shift = 0)
    {
        var rng = new Random(seed);
        return Matrix<double>.Build.Dense(n, 2, (_, _) => shift + rng.NextDouble() * 2 - 1);
    }

    [Fact]
    public void Scatter_HoldsEveryPointInRowOrder()
    {
        var samples = Cloud(137, 1);

        var figure = new FigureInspector(SampleFigures.Scatter(samples));

        var trace = Assert.Single(figure.Traces);
        Assert.Equal("markers", FigureInspector.Get<string>(trace, "mode"));
        Assert.Equal(samples.Column(0).Select(v => (double?)v), FigureInspector.Get<double?[]>(trace, "x"));
        Assert.Equal(samples.Column(1).Select(v => (double?)v), FigureInspector.Get<double?[]>(trace, "y"));
        Assert.Equal("x", figure.Layout.GetProperty("yaxis").GetProperty("scaleanchor").GetString());
    }

    [Fact]
    public void Scatter_RangeContainsEveryPoint()
    {
        var samples = Cloud(60, 2, shift: 5);

        var figure = new FigureInspector(SampleFigures.Scatter(samples));

        var x = FigureInspector.Range(figure.Layout.GetProperty("xaxis"));
        var y = FigureInspector.Range(figure.Layout.GetProperty("yaxis"));
        Assert.True(x[0] < samples.Column(0).Minimum() && samples.Column(0).Maximum() < x[1], $"x range [{x[0]}, {x[1]}]");
        Assert.True(y[0] < samples.Column(1).Minimum() && samples.Column(1).Maximum() < y[1], $"y range [{y[0]}, {y[1]}]");
    }

    [Fact]
    public void Marginals_AddOneHistogramPerAxis_OnTheirOwnSubplots()
    {
        var samples = Cloud(80, 3);

        var figure = new FigureInspector(SampleFigures.Scatter(samples, marginals: true, bins: 12));

        Assert.Equal(new[] { "scatter", "histogram", "histogram" }, figure.Traces.Select(t => t.type));
        Assert.Equal(samples.Column(0).ToArray(), FigureInspector.Get<double[]>(figure.Traces[1], "x"));
        Assert.Equal(samples.Column(1).ToArray(), FigureInspector.Get<double[]>(figure.Traces[2], "y"));
        Assert.Equal(("x", "y2"), (figure.Data(1).GetProperty("xaxis").GetString(), figure.Data(1).GetProperty("yaxis").GetString()));
        Assert.Equal(("x2", "y"), (figure.Data(2).GetProperty("xaxis").GetString(), figure.Data(2).GetProperty("yaxis").GetString()));
        Assert.Equal(12, figure.Data(1).GetProperty("nbinsx").GetInt32());
        Assert.Equal("count", FigureInspector.Text(figure.Layout.GetProperty("yaxis2")));
        Assert.Equal("count", FigureInspector.Text(figure.Layout.GetProperty("xaxis2")));
    }

    [Fact]
    public void Sets_GetOneTraceEach_InTheirOwnColour_WithALegend()
    {
        var data = Cloud(40, 4);
        var model = Cloud(25, 5, shift: 1);

        var figure = new FigureInspector(SampleFigures.Scatter([("data", data), ("model", model)], "Data and model"));

        Assert.Equal(new[] { "data", "model" }, figure.Traces.Select(t => FigureInspector.Get<string>(t, "name")));
        Assert.Equal(40, figure.Data(0).GetProperty("x").GetArrayLength());
        Assert.Equal(25, figure.Data(1).GetProperty("x").GetArrayLength());
        Assert.NotEqual(figure.Data(0).GetProperty("marker").GetProperty("color").GetString(),
            figure.Data(1).GetProperty("marker").GetProperty("color").GetString());
        Assert.True(figure.Layout.GetProperty("showlegend").GetBoolean());
    }

    [Fact]
    public void Trajectories_DrawEachParticleThroughEveryStep_WithStartAndEndMarkers()
    {
        const int n = 6, T = 5;
        var steps = Enumerable.Range(0, T).Select(t => Matrix<double>.Build.Dense(n, 2, (i, j) => 10 * i + t + 0.5 * j)).ToList();

        var figure = new FigureInspector(SampleFigures.Trajectories(steps));

        Assert.Equal(new[] { "paths", "start", "end" }, figure.Traces.Select(t => FigureInspector.Get<string>(t, "name")));
        var x = FigureInspector.Get<double?[]>(figure.Traces[0], "x");
        var y = FigureInspector.Get<double?[]>(figure.Traces[0], "y");
        Assert.Equal(n * (T + 1), x.Length);
        for (int i = 0; i < n; i++)
        {
            for (int t = 0; t < T; t++)
                Assert.Equal((steps[t][i, 0], steps[t][i, 1]), (x[i * (T + 1) + t]!.Value, y[i * (T + 1) + t]!.Value));
            Assert.Null(x[i * (T + 1) + T]);
        }
        Assert.Equal(steps[0].Column(0).Select(v => (double?)v), FigureInspector.Get<double?[]>(figure.Traces[1], "x"));
        Assert.Equal(steps[^1].Column(1).Select(v => (double?)v), FigureInspector.Get<double?[]>(figure.Traces[2], "y"));
    }

    [Fact]
    public void BadSamples_NameTheParameter()
    {
        Assert.Equal("samples", Assert.Throws<ArgumentException>(() => SampleFigures.Scatter(Matrix<double>.Build.Dense(0, 2))).ParamName);
        Assert.Equal("samples", Assert.Throws<ArgumentException>(() => SampleFigures.Scatter(Matrix<double>.Build.Dense(4, 3))).ParamName);
        var withNaN = Cloud(5, 6);
        withNaN[3, 1] = double.NaN;
        var error = Assert.Throws<ArgumentException>(() => SampleFigures.Scatter(withNaN));
        Assert.Equal("samples", error.ParamName);
        Assert.Contains("row 3", error.Message);
        Assert.Equal("samples", Assert.Throws<ArgumentNullException>(() => SampleFigures.Scatter((Matrix<double>)null!)).ParamName);
        Assert.Equal("bins", Assert.Throws<ArgumentOutOfRangeException>(() => SampleFigures.Scatter(Cloud(5, 7), bins: 0)).ParamName);
        Assert.Equal("sets", Assert.Throws<ArgumentException>(() => SampleFigures.Scatter(Array.Empty<(string, Matrix<double>)>())).ParamName);
        Assert.Equal("sets", Assert.Throws<ArgumentException>(() =>
            SampleFigures.Scatter([("a", Cloud(3, 8)), ("b", Matrix<double>.Build.Dense(0, 2))])).ParamName);
    }

    [Fact]
    public void BadSteps_NameTheParameter()
    {
        Assert.Equal("steps", Assert.Throws<ArgumentException>(() => SampleFigures.Trajectories([Cloud(3, 1)])).ParamName);
        Assert.Equal("steps", Assert.Throws<ArgumentException>(() => SampleFigures.Trajectories([Cloud(3, 1), Cloud(4, 2)])).ParamName);
        Assert.Equal("steps", Assert.Throws<ArgumentException>(() => SampleFigures.Trajectories(Array.Empty<Matrix<double>>())).ParamName);
        var error = Assert.Throws<ArgumentException>(() =>
            SampleFigures.Trajectories([Cloud(3, 1), Matrix<double>.Build.Dense(3, 2, double.PositiveInfinity)]));
        Assert.Equal("steps", error.ParamName);
        Assert.Contains("steps[1] row 0", error.Message);
    }
}
