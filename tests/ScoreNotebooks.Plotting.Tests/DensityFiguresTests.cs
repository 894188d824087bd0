namespace ScoreNotebooks.Plotting.Tests;

public class DensityFiguresTests
{
    // log N(x | (0.5, −1), diag(1, 4)), written out independently of the library.
    private static double LogGaussian(double x, double y) =>
        -0.5 * ((x - 0.5) * (x - 0.5) + (y + 1) * (y + 1) / 4) - Math.Log(2 * Math.PI * 2);

    private static readonly Grid2D Grid = new(-3, 3, -4, 2, 13, 9);

    [Fact]
    public void Heatmap_Z_EqualsLogDensityAtEveryNode()
    {
        var figure = new FigureInspector(DensityFigures.Density(Grid, LogGaussian, DensityLayers.Heatmap));

        var heatmap = Assert.Single(figure.Traces);
        Assert.Equal("heatmap", heatmap.type);
        Assert.Equal(Grid.X, FigureInspector.Get<double[]>(heatmap, "x"));
        Assert.Equal(Grid.Y, FigureInspector.Get<double[]>(heatmap, "y"));
        var z = FigureInspector.Get<double?[][]>(heatmap, "z");
        Assert.Equal(Grid.Y.Count, z.Length);
        for (int j = 0; j < Grid.Y.Count; j++)
        {
            for (int i = 0; i < Grid.X.Count; i++)
                Assert.Equal(LogGaussian(Grid.X[i], Grid.Y[j]), z[j][i]);
        }
    }

    [Fact]
    public void AsDensity_Z_IsExpOfLogDensity()
    {
        var figure = new FigureInspector(DensityFigures.Density(Grid, LogGaussian, DensityLayers.Contours, asDensity: true));

        var z = FigureInspector.Get<double?[][]>(Assert.Single(figure.Traces), "z");
        double worst = 0;
        for (int j = 0; j < Grid.Y.Count; j++)
        {
            for (int i = 0; i < Grid.X.Count; i++)
            {
                double exact = Math.Exp(LogGaussian(Grid.X[i], Grid.Y[j]));
                worst = Math.Max(worst, Math.Abs(z[j][i]!.Value - exact) / exact);
            }
        }
        Assert.True(worst < 1e-15, $"relative error {worst:E3}");
    }

    [Theory]
    [InlineData(DensityLayers.Heatmap, new[] { "heatmap" })]
    [InlineData(DensityLayers.Contours, new[] { "contour" })]
    [InlineData(DensityLayers.Both, new[] { "heatmap", "contour" })]
    public void Layers_ChooseTheTraces(DensityLayers layers, string[] types)
    {
        var figure = new FigureInspector(DensityFigures.Density(Grid, LogGaussian, layers));

        Assert.Equal(types, figure.Traces.Select(t => t.type));
    }

    [Fact]
    public void Both_ContoursHoldTheSameValuesAsTheHeatmap()
    {
        var figure = new FigureInspector(DensityFigures.Density(Grid, LogGaussian));

        var heat = FigureInspector.Get<double?[][]>(figure.Traces[0], "z");
        var lines = FigureInspector.Get<double?[][]>(figure.Traces[1], "z");
        Assert.Equal(heat, lines);
    }

    [Fact]
    public void ZeroDensity_IsAGapInLogSpace_AndZeroInDensitySpace()
    {
        static double HalfPlane(double x, double y) => x < 0 ? double.NegativeInfinity : -x * x - y * y;

        var log = FigureInspector.Get<double?[][]>(new FigureInspector(DensityFigures.Density(Grid, HalfPlane, DensityLayers.Heatmap)).Traces[0], "z");
        var density = FigureInspector.Get<double?[][]>(new FigureInspector(DensityFigures.Density(Grid, HalfPlane, DensityLayers.Heatmap, asDensity: true)).Traces[0], "z");

        Assert.Null(log[0][0]);
        Assert.Equal(0.0, density[0][0]);
        Assert.Equal(HalfPlane(Grid.X[^1], Grid.Y[0]), log[0][^1]);
    }

    [Fact]
    public void Layout_HasEqualAspectOverTheGridRange_AndLabels()
    {
        var figure = new FigureInspector(DensityFigures.Density(Grid, LogGaussian, title: "Target", xTitle: "a", yTitle: "b"));

        var x = figure.Layout.GetProperty("xaxis");
        var y = figure.Layout.GetProperty("yaxis");
        Assert.Equal(new[] { -3.0, 3.0 }, FigureInspector.Range(x));
        Assert.Equal(new[] { -4.0, 2.0 }, FigureInspector.Range(y));
        Assert.Equal("x", y.GetProperty("scaleanchor").GetString());
        Assert.Equal(1.0, y.GetProperty("scaleratio").GetDouble());
        Assert.Equal("Target", FigureInspector.Text(figure.Layout));
        Assert.Equal("a", FigureInspector.Text(x));
        Assert.Equal("b", FigureInspector.Text(y));
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void BrokenLogDensity_NamesTheParameterAndThePoint(double bad)
    {
        var error = Assert.Throws<ArgumentException>(() => DensityFigures.Density(Grid, (x, y) => x > 2 ? bad : 0));

        Assert.Equal("logDensity", error.ParamName);
        Assert.Contains("(2.5, -4)", error.Message); // the first node with x > 2, at the bottom row
    }

    [Fact]
    public void BadArguments_NameTheParameter()
    {
        Assert.Equal("grid", Assert.Throws<ArgumentNullException>(() => DensityFigures.Density(null!, LogGaussian)).ParamName);
        Assert.Equal("logDensity", Assert.Throws<ArgumentNullException>(() => DensityFigures.Density(Grid, null!)).ParamName);
        Assert.Equal("layers", Assert.Throws<ArgumentException>(() => DensityFigures.Density(Grid, LogGaussian, 0)).ParamName);
        Assert.Equal("layers", Assert.Throws<ArgumentException>(() => DensityFigures.Density(Grid, LogGaussian, (DensityLayers)4)).ParamName);
        Assert.Equal("title", Assert.Throws<ArgumentException>(() => DensityFigures.Density(Grid, LogGaussian, title: " ")).ParamName);
    }
}
