using MathNet.Numerics.LinearAlgebra;

namespace ScoreNotebooks.Plotting.Tests;

public class ScoreFieldFiguresTests
{
    private const int Entries = 7; // tail, tip, break, left barb, tip, right barb, break

    // Score of N(0, I): s(x) = −x. Undefined (NaN) on the half-plane x₁ < 0 to exercise skipped nodes.
    private static Vector<double> HalfScore(Vector<double> x) =>
        x[0] < 0 ? Vector<double>.Build.Dense(2, double.NaN) : -x;

    private static readonly Grid2D Grid = new(-2, 2, -1.5, 1.5, 9, 7);

    private static int FiniteNodes => Grid.X.Count(x => x >= 0) * Grid.Y.Count;

    private static IEnumerable<(double?[] X, double?[] Y)> ArrowTraces(FigureInspector figure) =>
        Enumerable.Range(0, figure.Traces.Count)
            .Where(t => figure.Traces[t].type == "scatter")
            .Select(t => (FigureInspector.Numbers(figure.Data(t).GetProperty("x")), FigureInspector.Numbers(figure.Data(t).GetProperty("y"))));

    [Fact]
    public void ArrowCount_EqualsGridNodesWithFiniteScore()
    {
        var figure = new FigureInspector(ScoreFieldFigures.ScoreField(Grid, HalfScore));

        var (x, y) = Assert.Single(ArrowTraces(figure));
        Assert.Equal(FiniteNodes * Entries, x.Length);
        for (int a = 0; a < FiniteNodes; a++)
        {
            Assert.Null(x[a * Entries + 2]);
            Assert.Null(y[a * Entries + 6]);
            Assert.NotNull(x[a * Entries]);
        }
    }

    [Fact]
    public void Shafts_StartAtGridNodes_AndFollowTheScore()
    {
        var (dx, dy) = Grid.Spacing;
        double maxLength = 0.9 * Math.Min(dx, dy);
        double largest = Grid.Points().EnumerateRows().Where(p => p[0] >= 0).Max(p => p.L2Norm());

        var figure = new FigureInspector(ScoreFieldFigures.ScoreField(Grid, HalfScore));

        var (x, y) = ArrowTraces(figure).Single();
        var nodes = Grid.Points().EnumerateRows().Select(p => (p[0], p[1])).ToHashSet();
        for (int o = 0; o < x.Length; o += Entries)
        {
            var tail = (x[o]!.Value, y[o]!.Value);
            Assert.Contains(tail, nodes);
            var s = (-tail.Item1, -tail.Item2);
            var shaft = (x[o + 1]!.Value - tail.Item1, y[o + 1]!.Value - tail.Item2);
            double magnitude = Math.Sqrt(s.Item1 * s.Item1 + s.Item2 * s.Item2);
            double expected = maxLength * magnitude / largest;
            Assert.True(Math.Abs(shaft.Item1 - expected * s.Item1 / Math.Max(magnitude, 1e-300)) < 1e-12
                && Math.Abs(shaft.Item2 - expected * s.Item2 / Math.Max(magnitude, 1e-300)) < 1e-12,
                $"shaft {shaft} at {tail} is not {expected:G6} along s = {s}");
            // The head polyline passes through the tip.
            Assert.Equal(x[o + 1], x[o + 4]);
            Assert.Equal(y[o + 1], y[o + 4]);
        }
    }

    [Fact]
    public void ColorBins_SplitArrowsByMagnitude_WithoutLosingAny()
    {
        var options = new ArrowOptions { ColorBins = 4, Scaling = ArrowScaling.Unit };

        var figure = new FigureInspector(ScoreFieldFigures.ScoreField(Grid, HalfScore, options));

        var groups = ArrowTraces(figure).ToList();
        Assert.InRange(groups.Count, 2, 4);
        Assert.Equal(FiniteNodes * Entries, groups.Sum(g => g.X.Length));
        var magnitudes = groups.Select(g => Enumerable.Range(0, g.X.Length / Entries)
            .Select(a => Math.Sqrt(g.X[a * Entries]!.Value * g.X[a * Entries]!.Value + g.Y[a * Entries]!.Value * g.Y[a * Entries]!.Value)).ToList()).ToList();
        for (int b = 1; b < magnitudes.Count; b++)
            Assert.True(magnitudes[b].Min() >= magnitudes[b - 1].Max(), $"bin {b} starts below the end of bin {b - 1}");
        var colors = Enumerable.Range(0, figure.Traces.Count).Select(t => figure.Data(t).GetProperty("line").GetProperty("color").GetString()).ToList();
        Assert.Equal(colors.Count, colors.Distinct().Count());
        Assert.Equal(Theme.ScaleColor(0), colors[0]);
    }

    [Fact]
    public void Background_IsGreyContoursOfTheDensityUnderTheArrows()
    {
        var fine = Grid2D.Square(-3, 3, 31);
        static double LogP(double x, double y) => -0.5 * (x * x + y * y);

        var figure = new FigureInspector(ScoreFieldFigures.ScoreField(Grid, HalfScore, background: new DensityBackground(fine, LogP)));

        Assert.Equal(new[] { "contour", "scatter" }, figure.Traces.Select(t => t.type));
        var z = FigureInspector.Get<double?[][]>(figure.Traces[0], "z");
        Assert.Equal(Math.Exp(LogP(fine.X[4], fine.Y[7])), z[7][4]);
        Assert.False(figure.Data(0).GetProperty("showscale").GetBoolean());
        Assert.Equal(new[] { -3.0, 3.0 }, FigureInspector.Range(figure.Layout.GetProperty("xaxis")));
    }

    [Fact]
    public void HeatMapBackground_IsTheScalarFieldOnItsGrid_CentredOnZero()
    {
        var fine = Grid2D.Square(-3, 3, 31);
        static double Divergence(double x, double y) => x * y - 1;

        var figure = new FigureInspector(ScoreFieldFigures.ScoreField(Grid, HalfScore,
            background: DensityBackground.HeatMap(fine, Divergence, "∇·s(x)")));

        Assert.Equal(new[] { "heatmap", "scatter" }, figure.Traces.Select(t => t.type));
        var z = FigureInspector.Get<double?[][]>(figure.Traces[0], "z");
        Assert.Equal(Divergence(fine.X[4], fine.Y[7]), z[7][4]);
        Assert.Equal(0.0, figure.Data(0).GetProperty("zmid").GetDouble());
        Assert.Equal("∇·s(x)", figure.Data(0).GetProperty("colorbar").GetProperty("title").GetProperty("text").GetString());
        Assert.Equal("name", Assert.Throws<ArgumentException>(() => DensityBackground.HeatMap(fine, Divergence, " ")).ParamName);
    }

    [Fact]
    public void Arrows_AtArbitraryPoints_DrawOnePerRow()
    {
        var rng = new Random(7);
        var points = Matrix<double>.Build.Dense(20, 2, (_, _) => rng.NextDouble());
        var vectors = Matrix<double>.Build.Dense(20, 2, (_, _) => rng.NextDouble() - 0.5);

        var figure = new FigureInspector(ScoreFieldFigures.Arrows(points, vectors, title: "Sinks"));

        var (x, y) = ArrowTraces(figure).Single();
        Assert.Equal(20 * Entries, x.Length);
        for (int k = 0; k < 20; k++)
            Assert.Equal((points[k, 0], points[k, 1]), (x[k * Entries]!.Value, y[k * Entries]!.Value));
        Assert.Equal("x", figure.Layout.GetProperty("yaxis").GetProperty("scaleanchor").GetString());
    }

    [Fact]
    public void BadInput_NamesTheParameter()
    {
        Assert.Equal("score", Assert.Throws<ArgumentException>(() => ScoreFieldFigures.ScoreField(Grid, x => Vector<double>.Build.Dense(3))).ParamName);
        Assert.Equal("score", Assert.Throws<ArgumentException>(() => ScoreFieldFigures.ScoreField(Grid, x => null!)).ParamName);
        Assert.Equal("score", Assert.Throws<ArgumentException>(() => ScoreFieldFigures.ScoreField(Grid, x => Vector<double>.Build.Dense(2, double.NaN))).ParamName);
        Assert.Equal("grid", Assert.Throws<ArgumentNullException>(() => ScoreFieldFigures.ScoreField(null!, HalfScore)).ParamName);
        Assert.Equal("background", Assert.Throws<ArgumentException>(() =>
            ScoreFieldFigures.ScoreField(Grid, HalfScore, background: new DensityBackground(Grid, (x, y) => double.NaN))).ParamName);
        var two = Matrix<double>.Build.Dense(2, 2);
        Assert.Equal("vectors", Assert.Throws<ArgumentException>(() => ScoreFieldFigures.Arrows(two, Matrix<double>.Build.Dense(1, 2))).ParamName);
        Assert.Equal("points", Assert.Throws<ArgumentException>(() => ScoreFieldFigures.Arrows(Matrix<double>.Build.Dense(0, 2), two)).ParamName);
        Assert.Equal("yTitle", Assert.Throws<ArgumentException>(() => ScoreFieldFigures.Arrows(two, two, yTitle: "")).ParamName);
    }
}
