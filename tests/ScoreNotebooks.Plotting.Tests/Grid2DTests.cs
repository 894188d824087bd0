namespace ScoreNotebooks.Plotting.Tests;

public class Grid2DTests
{
    [Fact]
    public void Nodes_IncludeBothEdges_AndAreEvenlySpaced()
    {
        var grid = new Grid2D(-1, 3, 0, 2, 5, 3);

        Assert.Equal(new[] { -1.0, 0, 1, 2, 3 }, grid.X);
        Assert.Equal(new[] { 0.0, 1, 2 }, grid.Y);
        Assert.Equal(15, grid.Count);
        Assert.Equal((1.0, 1.0), grid.Spacing);
    }

    [Fact]
    public void Square_HasSameNodesOnBothAxes()
    {
        var grid = Grid2D.Square(-2, 2, 9);

        Assert.Equal(grid.X, grid.Y);
        Assert.Equal(9, grid.X.Count);
        Assert.Equal(2.0, grid.X[^1]);
    }

    [Fact]
    public void Evaluate_HoldsFunctionRowByRowInY()
    {
        var grid = new Grid2D(0, 1, 0, 2, 3, 5);
        static double F(double x, double y) => x + 10 * y;

        var z = grid.Evaluate(F);

        Assert.Equal(5, z.Length);
        for (int j = 0; j < 5; j++)
        {
            Assert.Equal(3, z[j].Length);
            for (int i = 0; i < 3; i++)
                Assert.Equal(F(grid.X[i], grid.Y[j]), z[j][i]);
        }
    }

    [Fact]
    public void Points_AreNodesWithXVaryingFastest()
    {
        var grid = new Grid2D(0, 1, 5, 6, 2, 3);

        var points = grid.Points();

        Assert.Equal(6, points.RowCount);
        for (int j = 0; j < 3; j++)
        {
            for (int i = 0; i < 2; i++)
            {
                Assert.Equal(grid.X[i], points[j * 2 + i, 0]);
                Assert.Equal(grid.Y[j], points[j * 2 + i, 1]);
            }
        }
    }

    [Fact]
    public void X_CannotBeCastBackAndModified()
    {
        var grid = Grid2D.Square(0, 1, 3);

        Assert.False(grid.X is double[], "the node list must not expose the grid's own array");
    }

    [Theory]
    [InlineData(1, 1, 0, 1, "xMax")]
    [InlineData(2, 1, 0, 1, "xMax")]
    [InlineData(0, 1, 1, 0, "yMax")]
    [InlineData(double.NaN, 1, 0, 1, "xMin")]
    [InlineData(0, double.PositiveInfinity, 0, 1, "xMax")]
    public void Constructor_BadRange_NamesTheParameter(double xMin, double xMax, double yMin, double yMax, string param)
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => new Grid2D(xMin, xMax, yMin, yMax, 10));
        Assert.Equal(param, error.ParamName);
    }

    [Fact]
    public void Constructor_ResolutionBelowTwo_NamesTheParameter()
    {
        Assert.Equal("resolution", Assert.Throws<ArgumentOutOfRangeException>(() => new Grid2D(0, 1, 0, 1, 1)).ParamName);
        Assert.Equal("yResolution", Assert.Throws<ArgumentOutOfRangeException>(() => new Grid2D(0, 1, 0, 1, 4, 0)).ParamName);
        Assert.Equal("max", Assert.Throws<ArgumentException>(() => Grid2D.Square(1, -1, 4)).ParamName);
    }

    [Fact]
    public void Evaluate_NullFunction_Throws()
    {
        Assert.Equal("f", Assert.Throws<ArgumentNullException>(() => Grid2D.Square(0, 1, 2).Evaluate(null!)).ParamName);
    }
}
