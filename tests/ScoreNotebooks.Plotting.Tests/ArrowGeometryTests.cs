using MathNet.Numerics.LinearAlgebra;

namespace ScoreNotebooks.Plotting.Tests;

public class ArrowGeometryTests
{
    private const double Tol = 1e-12;

    private static Matrix<double> M(double[,] rows) => Matrix<double>.Build.DenseOfArray(rows);

    private static (Matrix<double> Points, Matrix<double> Vectors) RandomField(int n, int seed)
    {
        var rng = new Random(seed);
        var points = Matrix<double>.Build.Dense(n, 2, (_, _) => rng.NextDouble() * 8 - 4);
        var vectors = Matrix<double>.Build.Dense(n, 2, (_, _) => rng.NextDouble() * 6 - 3);
        return (points, vectors);
    }

    private static double Norm((double X, double Y) a, (double X, double Y) b) => Math.Sqrt((a.X - b.X) * (a.X - b.X) + (a.Y - b.Y) * (a.Y - b.Y));

    [Fact]
    public void Shaft_StartsAtThePoint_AndPointsAlongTheVector()
    {
        var (points, vectors) = RandomField(50, 1);

        var arrows = ArrowGeometry.Build(points, vectors, new ArrowOptions(), maxLength: 0.4);

        Assert.Equal(50, arrows.Count);
        foreach (var a in arrows)
        {
            double sx = vectors[a.Index, 0], sy = vectors[a.Index, 1];
            Assert.Equal((points[a.Index, 0], points[a.Index, 1]), a.Tail);
            double dx = a.Tip.X - a.Tail.X, dy = a.Tip.Y - a.Tail.Y;
            double cross = dx * sy - dy * sx, dot = dx * sx + dy * sy;
            Assert.True(Math.Abs(cross) < Tol, $"shaft not parallel to s: cross {cross:E3}");
            Assert.True(dot > 0, "shaft points against s");
        }
    }

    [Fact]
    public void Linear_LengthIsMaxLengthTimesMagnitudeOverLargest()
    {
        var (points, vectors) = RandomField(40, 2);
        var magnitudes = vectors.EnumerateRows().Select(r => r.L2Norm()).ToArray();
        double largest = magnitudes.Max();

        var arrows = ArrowGeometry.Build(points, vectors, new ArrowOptions(), maxLength: 0.5);

        double worst = arrows.Max(a => Math.Abs(a.Length - 0.5 * magnitudes[a.Index] / largest));
        Assert.True(worst < Tol, $"length error {worst:E3}");
        Assert.True(Math.Abs(arrows.Max(a => a.Length) - 0.5) < Tol);
        Assert.True(arrows.All(a => Math.Abs(a.Magnitude - magnitudes[a.Index]) < Tol));
    }

    [Fact]
    public void Log_LengthFollowsLogOnePlusMagnitude()
    {
        var (points, vectors) = RandomField(30, 3);
        var scaled = vectors.EnumerateRows().Select(r => Math.Log(1 + r.L2Norm())).ToArray();

        var arrows = ArrowGeometry.Build(points, vectors, new ArrowOptions { Scaling = ArrowScaling.Log, MaxLength = 2 }, maxLength: 99);

        double worst = arrows.Max(a => Math.Abs(a.Length - 2 * scaled[a.Index] / scaled.Max()));
        Assert.True(worst < Tol, $"length error {worst:E3}");
    }

    [Fact]
    public void Unit_EveryNonZeroArrowHasFullLength_AndZeroVectorsHaveNone()
    {
        var points = M(new double[,] { { 0, 0 }, { 1, 1 }, { 2, 2 } });
        var vectors = M(new double[,] { { 1e-9, 0 }, { 0, 0 }, { -50, 50 } });

        var arrows = ArrowGeometry.Build(points, vectors, new ArrowOptions { Scaling = ArrowScaling.Unit }, maxLength: 0.7);

        Assert.Equal(0.7, arrows[0].Length, 12);
        Assert.Equal(0.0, arrows[1].Length);
        Assert.Equal((1.0, 1.0), arrows[1].Tip);
        Assert.Equal(0.7, arrows[2].Length, 12);
    }

    [Fact]
    public void ReferenceQuantile_ClipsArrowsAboveIt()
    {
        // Magnitudes 1..5: with an odd count the 0.5-quantile is 3 under any quantile definition.
        var points = Matrix<double>.Build.Dense(5, 2);
        var vectors = M(new double[,] { { 1, 0 }, { 0, 2 }, { -3, 0 }, { 0, -4 }, { 5, 0 } });

        var arrows = ArrowGeometry.Build(points, vectors, new ArrowOptions { ReferenceQuantile = 0.5 }, maxLength: 3);

        Assert.Equal(new[] { 1.0, 2, 3, 3, 3 }, arrows.Select(a => Math.Round(a.Length, 12)));
    }

    [Theory]
    [InlineData(0.3, 25)]
    [InlineData(0.5, 40)]
    public void Head_BarbsAreProportionalToTheShaft_AtTheHeadAngle(double fraction, double degrees)
    {
        var (points, vectors) = RandomField(25, 4);
        var options = new ArrowOptions { HeadFraction = fraction, HeadAngleDegrees = degrees };

        foreach (var a in ArrowGeometry.Build(points, vectors, options, maxLength: 1))
        {
            foreach (var barb in new[] { a.LeftBarb, a.RightBarb })
            {
                Assert.True(Math.Abs(Norm(barb, a.Tip) - fraction * a.Length) < Tol, $"barb length {Norm(barb, a.Tip)} vs {fraction * a.Length}");
                // Angle between the backward shaft (tail − tip) and the barb (barb − tip).
                double cos = ((a.Tail.X - a.Tip.X) * (barb.X - a.Tip.X) + (a.Tail.Y - a.Tip.Y) * (barb.Y - a.Tip.Y))
                    / (a.Length * Norm(barb, a.Tip));
                Assert.True(Math.Abs(Math.Acos(Math.Clamp(cos, -1, 1)) * 180 / Math.PI - degrees) < 1e-6, $"barb angle off, cos {cos}");
            }
            // The barbs lie on opposite sides of the shaft.
            double side(double x, double y) => (a.Tip.X - a.Tail.X) * (y - a.Tail.Y) - (a.Tip.Y - a.Tail.Y) * (x - a.Tail.X);
            Assert.True(side(a.LeftBarb.X, a.LeftBarb.Y) * side(a.RightBarb.X, a.RightBarb.Y) < 0);
        }
    }

    [Fact]
    public void NonFiniteVectors_AreSkipped_AndTheRestKeepTheirRow()
    {
        var points = M(new double[,] { { 0, 0 }, { 1, 0 }, { 2, 0 }, { 3, 0 } });
        var vectors = M(new double[,] { { 1, 0 }, { double.NaN, 0 }, { 0, double.PositiveInfinity }, { 0, 2 } });

        var arrows = ArrowGeometry.Build(points, vectors, new ArrowOptions(), maxLength: 1);

        Assert.Equal(new[] { 0, 3 }, arrows.Select(a => a.Index));
        Assert.Equal((3.0, 1.0), arrows[1].Tip);
    }

    [Fact]
    public void BadInput_NamesTheParameter()
    {
        var good = M(new double[,] { { 0, 0 }, { 1, 1 } });
        var options = new ArrowOptions();
        Assert.Equal("points", Assert.Throws<ArgumentException>(() => ArrowGeometry.Build(Matrix<double>.Build.Dense(0, 2), good, options, 1)).ParamName);
        Assert.Equal("points", Assert.Throws<ArgumentException>(() => ArrowGeometry.Build(M(new double[,] { { 0, double.NaN }, { 1, 1 } }), good, options, 1)).ParamName);
        Assert.Equal("points", Assert.Throws<ArgumentException>(() => ArrowGeometry.Build(Matrix<double>.Build.Dense(2, 3), good, options, 1)).ParamName);
        Assert.Equal("vectors", Assert.Throws<ArgumentException>(() => ArrowGeometry.Build(good, Matrix<double>.Build.Dense(3, 2), options, 1)).ParamName);
        Assert.Equal("vectors", Assert.Throws<ArgumentException>(() => ArrowGeometry.Build(good, Matrix<double>.Build.Dense(2, 2, double.NaN), options, 1)).ParamName);
        Assert.Equal("maxLength", Assert.Throws<ArgumentOutOfRangeException>(() => ArrowGeometry.Build(good, good, options, 0)).ParamName);
        Assert.Equal("options", Assert.Throws<ArgumentNullException>(() => ArrowGeometry.Build(good, good, null!, 1)).ParamName);
    }
}
