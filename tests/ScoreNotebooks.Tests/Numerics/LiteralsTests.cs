using MathNet.Numerics.LinearAlgebra;
using static ScoreNotebooks.Numerics.Literals;

namespace ScoreNotebooks.Tests.Numerics;

public class LiteralsTests
{
    [Fact]
    public void Vec_Entries_EqualsDenseVectorOfTheSameEntries()
    {
        var v = Vec(1.0, -0.5, 2.25);
        Assert.Equal(Vector<double>.Build.Dense([1.0, -0.5, 2.25]), v);
    }

    [Fact]
    public void Vec_CopiesItsArgument_SoLaterChangesToTheArrayDoNotLeakIn()
    {
        double[] entries = [1.0, 2.0];
        var v = Vec(entries);
        entries[0] = 99;
        Assert.Equal(1.0, v[0]);
    }

    [Fact]
    public void Vec_NoEntries_ThrowsArgumentException()
    {
        var e = Assert.Throws<ArgumentException>(() => Vec());
        Assert.Equal("entries", e.ParamName);
    }

    [Fact]
    public void Mat_Rows_EqualsDenseOfArrayOfTheSameEntries()
    {
        var a = Mat([1.0, 0.5, -2.0], [0.5, 2.0, 3.0]);
        var expected = Matrix<double>.Build.DenseOfArray(new[,] { { 1.0, 0.5, -2.0 }, { 0.5, 2.0, 3.0 } });
        Assert.Equal(expected, a);
        Assert.Equal(2, a.RowCount);
        Assert.Equal(3, a.ColumnCount);
    }

    [Fact]
    public void Mat_OneEntryPerRow_IsAColumn()
    {
        var column = Mat([0.4], [-1.3], [2.2]);
        Assert.Equal(Matrix<double>.Build.DenseOfColumnArrays(new[] { 0.4, -1.3, 2.2 }), column);
    }

    [Fact]
    public void Mat_CopiesItsRows_SoLaterChangesToTheArraysDoNotLeakIn()
    {
        double[] row = [1.0, 2.0];
        var a = Mat(row, [3.0, 4.0]);
        row[1] = 99;
        Assert.Equal(2.0, a[0, 1]);
    }

    [Fact]
    public void Mat_RaggedRows_ThrowsArgumentExceptionNamingTheRow()
    {
        var e = Assert.Throws<ArgumentException>(() => Mat([1.0, 2.0], [3.0, 4.0], [5.0]));
        Assert.Equal("rows", e.ParamName);
        Assert.Contains("Row 2", e.Message);
        Assert.Contains("1 entries", e.Message);
        Assert.Contains("row 0 has 2", e.Message);
    }

    [Fact]
    public void Mat_NullRow_ThrowsArgumentNullExceptionNamingTheRow()
    {
        var e = Assert.Throws<ArgumentNullException>(() => Mat([1.0], null!));
        Assert.Contains("Row 1", e.Message);
    }

    [Fact]
    public void Mat_NoRowsOrEmptyRow_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => Mat());
        var e = Assert.Throws<ArgumentException>(() => Mat([], []));
        Assert.Contains("Row 0", e.Message);
    }
}
