using System.Text.Json;
using MathNet.Numerics.LinearAlgebra;

namespace ScoreNotebooks.Plotting.Tests;

public class ImageFiguresTests
{
    // Five 3×3 images; pixel p of image i holds 10 i + p, so every value says where it came from.
    private static Matrix<double> Numbered(int count = 5, int side = 3) =>
        Matrix<double>.Build.Dense(count, side * side, (i, p) => 10 * i + p);

    private static double?[][] Z(FigureInspector figure) =>
        figure.Data(0).GetProperty("z").EnumerateArray().Select(FigureInspector.Numbers).ToArray();

    [Fact]
    public void Grid_PlacesEachPixelInItsBlock_TopRowFirst_WithEmptyGaps()
    {
        var z = Z(new FigureInspector(ImageFigures.Grid(Numbered(), 3, columns: 2, "Numbered", 0, 100)));

        // 2 columns and 3 rows of 3×3 blocks with one-pixel gaps: 7 wide, 11 high.
        Assert.Equal(11, z.Length);
        Assert.All(z, row => Assert.Equal(7, row.Length));
        for (int i = 0; i < 5; i++)
        {
            int top = i / 2 * 4, left = i % 2 * 4;
            for (int y = 0; y < 3; y++)
            {
                for (int x = 0; x < 3; x++)
                    Assert.Equal(10 * i + 3 * y + x, z[top + y][left + x]);
            }
        }
        Assert.All(z, row => Assert.Null(row[3]));                 // the column gap
        Assert.All(new[] { 3, 7 }, r => Assert.All(z[r], Assert.Null));  // the row gaps
        Assert.All(Enumerable.Range(8, 3), r => Assert.All(z[r].Skip(4), Assert.Null)); // the missing sixth image
    }

    [Fact]
    public void Grid_DrawsMinWhite_MaxBlack_ClampsOutside_AndDrawsTheTopRowAtTheTop()
    {
        var images = Matrix<double>.Build.DenseOfArray(new double[,] { { -5, 0, 16, 40 } });
        var figure = new FigureInspector(ImageFigures.Grid(images, 2, 1, "Clamped", 0, 16));

        Assert.Equal([[0.0, 0.0], [16.0, 16.0]], Z(figure).Select(r => r.Select(v => v!.Value).ToArray()).ToArray());
        var trace = figure.Data(0);
        Assert.Equal(0, trace.GetProperty("zmin").GetDouble());
        Assert.Equal(16, trace.GetProperty("zmax").GetDouble());
        var scale = trace.GetProperty("colorscale");
        Assert.Equal("#ffffff", scale[0][1].GetString());
        Assert.Equal("#000000", scale[1][1].GetString());
        var y = figure.Layout.GetProperty("yaxis");
        Assert.Equal([1.5, -0.5], FigureInspector.Range(y));  // reversed: row 0 at the top
        Assert.Equal("x", y.GetProperty("scaleanchor").GetString());
    }

    [Fact]
    public void Grid_OfManyImages_FitsTheOutputColumn_AndNeverDrawsAPixelLargerThanTheCap()
    {
        var wide = new FigureInspector(ImageFigures.Grid(Numbered(40, 8), 8, columns: 20, "Forty digits", 0, 400));
        var small = new FigureInspector(ImageFigures.Grid(Numbered(2, 8), 8, columns: 2, "Two digits", 0, 400));

        Assert.True(wide.Layout.GetProperty("width").GetInt32() <= Theme.MaxWidth);
        var margin = small.Layout.GetProperty("margin");
        int drawn = small.Layout.GetProperty("height").GetInt32() - margin.GetProperty("t").GetInt32() - margin.GetProperty("b").GetInt32();
        Assert.Equal(ImageFigures.MaxPixelSize * 8, drawn);   // one row of 8-pixel images at the largest pixel size
    }

    [Fact]
    public void Grid_WritesRowAndColumnTitlesBesideTheirBlocks()
    {
        var figure = new FigureInspector(ImageFigures.Grid(Numbered(4), 3, 2, "Titled", 0, 100, ["real", "sampled"], ["a", "b"]));

        var notes = figure.Layout.GetProperty("annotations").EnumerateArray().ToList();
        Assert.Equal(["real", "sampled", "a", "b"], notes.Select(n => n.GetProperty("text").GetString()));
        Assert.Equal([1.0, 5.0], notes.Take(2).Select(n => n.GetProperty("y").GetDouble()));   // centres of the block rows
        Assert.Equal([1.0, 5.0], notes.Skip(2).Select(n => n.GetProperty("x").GetDouble()));   // centres of the block columns
    }

    [Fact]
    public void Grid_RejectsBadInput_NamingTheProblem()
    {
        var images = Numbered();
        Assert.Contains("side² = 16", Assert.Throws<ArgumentException>(() => ImageFigures.Grid(images, 4, 2, "t", 0, 1)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => ImageFigures.Grid(images, 3, 0, "t", 0, 1));
        Assert.Equal("max", Assert.Throws<ArgumentException>(() => ImageFigures.Grid(images, 3, 2, "t", 1, 1)).ParamName);
        var nan = images.Clone();
        nan[2, 4] = double.NaN;
        Assert.Contains("images[2, 4]", Assert.Throws<ArgumentException>(() => ImageFigures.Grid(nan, 3, 2, "t", 0, 1)).Message);
        Assert.Contains("3 grid rows", Assert.Throws<ArgumentException>(() => ImageFigures.Grid(images, 3, 2, "t", 0, 1, ["one"])).Message);
        Assert.Throws<ArgumentException>(() => ImageFigures.Grid(Matrix<double>.Build.Dense(0, 9), 3, 2, "t", 0, 1));
    }
}
