using System.Text.Json;
using MathNet.Numerics.LinearAlgebra;
using Plotly.NET;

namespace ScoreNotebooks.Plotting.Tests;

public class ThemeTests
{
    private static readonly Grid2D Grid = Grid2D.Square(-2, 2, 11);
    private static readonly Matrix<double> Points = Matrix<double>.Build.DenseOfArray(new double[,] { { 0, 0 }, { 1, 0.5 }, { -1, 1 } });

    private static double LogP(double x, double y) => -0.5 * (x * x + y * y);

    private static readonly Dictionary<string, Func<GenericChart>> Builders = new()
    {
        ["density"] = () => DensityFigures.Density(Grid, LogP),
        ["score field"] = () => ScoreFieldFigures.ScoreField(Grid, x => -x, background: new DensityBackground(Grid, LogP)),
        ["arrows"] = () => ScoreFieldFigures.Arrows(Points, -Points),
        ["scatter"] = () => SampleFigures.Scatter(Points, marginals: true),
        ["trajectories"] = () => SampleFigures.Trajectories([Points, 0.5 * Points]),
        ["line"] = () => CurveFigures.Line([1, 2], [3, 4], "Curve", "x", "y"),
        ["band"] = () => CurveFigures.Band([1, 2], [3, 4], [0.1, 0.2], "Band", "n", "estimate", reference: 3.5),
        ["histogram"] = () => CurveFigures.Histogram([1, 2, 2, 3], "Histogram", "x"),
        ["row"] = () => SmallMultiples.Row([SampleFigures.Scatter(Points), SampleFigures.Scatter(2 * Points)], ["a", "b"], "Row"),
    };

    public static TheoryData<string> BuilderNames() => new(Builders.Keys);

    [Theory]
    [MemberData(nameof(BuilderNames))]
    public void EveryBuilder_AppliesTheTheme_AndLabelsTitleAndAxes(string builder)
    {
        var layout = new FigureInspector(Builders[builder]()).Layout;

        Assert.Equal(Theme.Background, layout.GetProperty("paper_bgcolor").GetString());
        Assert.Equal(Theme.Background, layout.GetProperty("plot_bgcolor").GetString());
        Assert.Equal(Theme.FontFamily, layout.GetProperty("font").GetProperty("family").GetString());
        Assert.Equal(Theme.Palette, layout.GetProperty("colorway").EnumerateArray().Select(c => c.GetString()));
        Assert.False(string.IsNullOrWhiteSpace(FigureInspector.Text(layout)), "figure title missing");
        foreach (var axis in new[] { "xaxis", "yaxis" })
        {
            Assert.False(string.IsNullOrWhiteSpace(FigureInspector.Text(layout.GetProperty(axis))), $"{axis} title missing");
            Assert.True(layout.GetProperty(axis).GetProperty("showline").GetBoolean());
        }
    }

    [Theory]
    [InlineData("density")]
    [InlineData("score field")]
    [InlineData("arrows")]
    [InlineData("scatter")]
    [InlineData("trajectories")]
    public void FieldFigures_HaveEqualAspect(string builder)
    {
        var y = new FigureInspector(Builders[builder]()).Layout.GetProperty("yaxis");

        Assert.Equal("x", y.GetProperty("scaleanchor").GetString());
        Assert.Equal(1.0, y.GetProperty("scaleratio").GetDouble());
    }

    [Fact]
    public void Builders_DoNotUsePlotlyNetsDefaultTemplate()
    {
        foreach (var (name, build) in Builders)
            Assert.False(new FigureInspector(build()).Layout.TryGetProperty("template", out JsonElement _), $"{name} carries a template");
    }

    [Fact]
    public void ScaleColor_RunsFromViridisPurpleToYellow()
    {
        Assert.Equal("#440154", Theme.ScaleColor(0));
        Assert.Equal("#21918c", Theme.ScaleColor(0.5));
        Assert.Equal("#fde725", Theme.ScaleColor(1));
        Assert.Equal("t", Assert.Throws<ArgumentOutOfRangeException>(() => Theme.ScaleColor(1.01)).ParamName);
        Assert.Equal("t", Assert.Throws<ArgumentOutOfRangeException>(() => Theme.ScaleColor(double.NaN)).ParamName);
    }

    [Fact]
    public void PaletteColor_CyclesThroughTheEightColours()
    {
        Assert.Equal(8, Theme.Palette.Count);
        Assert.Equal(Theme.Palette[3], Theme.PaletteColor(11));
        Assert.Equal("index", Assert.Throws<ArgumentOutOfRangeException>(() => Theme.PaletteColor(-1)).ParamName);
    }
}
