using MathNet.Numerics.LinearAlgebra;
using ScoreNotebooks.Datasets;

namespace ScoreNotebooks.Tests.Datasets;

public class ToyDataTests
{
    public static TheoryData<string> Clouds => new() { "TwoMoons", "SwissRoll", "ConcentricRings", "Checkerboard" };

    private static Matrix<double> Cloud(string name, int seed, int n, double noise = 0.1) => name switch
    {
        "TwoMoons" => ToyData.TwoMoons(new Random(seed), n, noise),
        "SwissRoll" => ToyData.SwissRoll(new Random(seed), n, noise),
        "ConcentricRings" => ToyData.ConcentricRings(new Random(seed), n, noise),
        _ => ToyData.Checkerboard(new Random(seed), n),
    };

    [Theory]
    [MemberData(nameof(Clouds))]
    public void Cloud_HasNRowsTwoColumnsAndFiniteEntries(string name)
    {
        var points = Cloud(name, 1, 301);
        Assert.Equal(301, points.RowCount);
        Assert.Equal(2, points.ColumnCount);
        Assert.All(points.Enumerate(), v => Assert.True(double.IsFinite(v), $"{name}: entry {v}"));
        Assert.Equal(0, Cloud(name, 1, 0).RowCount);
    }

    [Theory]
    [MemberData(nameof(Clouds))]
    public void Cloud_SameSeed_GivesSameMatrixAndOtherSeedDiffers(string name)
    {
        Assert.Equal(Cloud(name, 7, 200), Cloud(name, 7, 200));
        Assert.NotEqual(Cloud(name, 7, 200), Cloud(name, 8, 200));
    }

    [Fact]
    public void TwoMoons_WithoutNoise_LieOnUnitHalfCirclesAroundTheirCentres()
    {
        var points = ToyData.TwoMoons(new Random(2), 500, 0);
        for (int i = 0; i < points.RowCount; i++)
        {
            bool upper = i % 2 == 0;
            double cx = upper ? 0 : 1, cy = upper ? 0 : 0.5;
            double dy = points[i, 1] - cy;
            double radius = Math.Sqrt(Math.Pow(points[i, 0] - cx, 2) + dy * dy);
            Assert.True(Math.Abs(radius - 1) < 1e-12, $"row {i}: distance {radius:R} from centre ({cx}, {cy})");
            Assert.True(upper ? dy >= 0 : dy <= 0, $"row {i}: on the wrong half (dy = {dy:G4})");
        }
    }

    [Fact]
    public void TwoMoons_WithNoise_MeanRadiusIsOneWithinStandardError()
    {
        const double noise = 0.05;
        var points = ToyData.TwoMoons(new Random(3), 4000, noise);
        var radii = Enumerable.Range(0, points.RowCount).Select(i =>
        {
            double cx = i % 2 == 0 ? 0 : 1, cy = i % 2 == 0 ? 0 : 0.5;
            return Math.Sqrt(Math.Pow(points[i, 0] - cx, 2) + Math.Pow(points[i, 1] - cy, 2));
        }).ToArray();
        double mean = radii.Average();
        double se = Math.Sqrt(radii.Select(r => (r - mean) * (r - mean)).Sum() / (radii.Length - 1) / radii.Length);
        // E‖c + u + noise·ε‖ − 1 ≈ noise²/2 for a unit vector u (the normal component adds ½ noise² in radius).
        double err = Math.Abs(mean - (1 + noise * noise / 2));
        Assert.True(err < 5 * se, $"mean radius {mean:G6}, {err / se:F2} standard errors from 1 + noise²/2");
    }

    [Fact]
    public void SwissRoll_WithoutNoise_AngleEqualsFiveTimesRadiusModTwoPi()
    {
        var points = ToyData.SwissRoll(new Random(4), 500, 0);
        for (int i = 0; i < points.RowCount; i++)
        {
            double r = Math.Sqrt(points[i, 0] * points[i, 0] + points[i, 1] * points[i, 1]);
            Assert.True(r >= 0.3 * Math.PI - 1e-12 && r <= 0.9 * Math.PI + 1e-12, $"row {i}: radius {r:G6} outside [0.3π, 0.9π]");
            double t = 5 * r;
            double gap = Math.Abs(Math.IEEERemainder(Math.Atan2(points[i, 1], points[i, 0]) - t, 2 * Math.PI));
            Assert.True(gap < 1e-10, $"row {i}: angle differs from 5r by {gap:E3} (mod 2π)");
        }
    }

    [Fact]
    public void ConcentricRings_WithoutNoise_HaveRadiiOneAndTwo()
    {
        var points = ToyData.ConcentricRings(new Random(5), 500, 0);
        for (int i = 0; i < points.RowCount; i++)
        {
            double expected = i % 2 == 0 ? 1 : 2;
            double r = Math.Sqrt(points[i, 0] * points[i, 0] + points[i, 1] * points[i, 1]);
            Assert.True(Math.Abs(r - expected) < 1e-12, $"row {i}: radius {r:R}, expected {expected}");
        }
    }

    [Fact]
    public void Checkerboard_PointsLieOnlyInBlackSquaresAndFillAllEight()
    {
        const int n = 8000;
        var points = ToyData.Checkerboard(new Random(6), n);
        var counts = new Dictionary<(int, int), int>();
        for (int i = 0; i < n; i++)
        {
            double x = points[i, 0], y = points[i, 1];
            Assert.True(x >= -2 && x < 2 && y >= -2 && y < 2, $"row {i}: ({x:G4}, {y:G4}) outside [−2, 2)²");
            int column = (int)Math.Floor(x), row = (int)Math.Floor(y);
            Assert.True((column + row) % 2 == 0, $"row {i}: ({x:G4}, {y:G4}) is in a white square");
            counts[(column, row)] = counts.GetValueOrDefault((column, row)) + 1;
        }
        Assert.Equal(8, counts.Count);
        double se = Math.Sqrt(n * (1.0 / 8) * (7.0 / 8));
        foreach (var (square, count) in counts)
            Assert.True(Math.Abs(count - n / 8.0) < 5 * se, $"square {square}: {count} points, expected {n / 8} ± {se:F1}");
    }

    [Fact]
    public void EightGaussians_HasEightEqualWeightsAndMeansOnTheCircle()
    {
        var mixture = ToyData.EightGaussians(radius: 3, std: 0.25);
        Assert.Equal(8, mixture.ComponentCount);
        for (int k = 0; k < 8; k++)
        {
            var c = mixture.Components[k];
            double r = c.Mean.L2Norm();
            double varianceErr = (c.Covariance - Matrix<double>.Build.DenseIdentity(2) * 0.0625).InfinityNorm();
            Assert.True(Math.Abs(mixture.Weights[k] - 0.125) < 1e-15, $"weight {k} = {mixture.Weights[k]:R}");
            Assert.True(Math.Abs(r - 3) < 1e-12 && varianceErr < 1e-15, $"component {k}: |μ| = {r:R}, covariance error {varianceErr:E3}");
        }
        double nearest = (mixture.Components[0].Mean - mixture.Components[1].Mean).L2Norm();
        Assert.True(Math.Abs(nearest - 6 * Math.Sin(Math.PI / 8)) < 1e-12, $"neighbour spacing {nearest:R}");
    }

    [Fact]
    public void TwoModes_HasWeights08And02AndAHighBarrierBetweenModes()
    {
        var mixture = ToyData.TwoModes();
        Assert.Equal([0.8, 0.2], mixture.Weights.ToArray());
        var left = mixture.Components[0].Mean;
        var right = mixture.Components[1].Mean;
        double separation = (right - left).L2Norm() / Math.Sqrt(mixture.Components[0].Covariance[0, 0]);
        Assert.True(separation >= 16, $"means {separation:F1} standard deviations apart");
        // The log-density barrier from the lighter mode to the midpoint must exceed 25 nats.
        double barrier = mixture.LogDensity(right) - mixture.LogDensity((left + right) / 2);
        Assert.True(barrier > 25, $"barrier {barrier:F2} nats");
    }

    [Fact]
    public void BadInput_ThrowsArgumentExceptionNamingTheParameter()
    {
        var rng = new Random(1);
        Assert.Equal("n", Assert.Throws<ArgumentOutOfRangeException>(() => ToyData.TwoMoons(rng, -1, 0.1)).ParamName);
        Assert.Equal("noise", Assert.Throws<ArgumentOutOfRangeException>(() => ToyData.SwissRoll(rng, 10, -0.1)).ParamName);
        Assert.Equal("noise", Assert.Throws<ArgumentException>(() => ToyData.ConcentricRings(rng, 10, double.NaN)).ParamName);
        Assert.Equal("rng", Assert.Throws<ArgumentNullException>(() => ToyData.Checkerboard(null!, 10)).ParamName);
        Assert.Equal("radius", Assert.ThrowsAny<ArgumentException>(() => ToyData.EightGaussians(0, 0.2)).ParamName);
        Assert.Equal("std", Assert.ThrowsAny<ArgumentException>(() => ToyData.EightGaussians(2, double.NaN)).ParamName);
    }
}
