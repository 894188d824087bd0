using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;
using ScoreNotebooks.Distributions;
using ScoreNotebooks.Numerics;
using ScoreNotebooks.Tests.Divergences;

namespace ScoreNotebooks.Tests.Distributions;

public class GaussianTests
{
    private static Vector<double> V(params double[] xs) => Vector<double>.Build.DenseOfArray(xs);

    private static Matrix<double> M(double[,] a) => Matrix<double>.Build.DenseOfArray(a);

    [Fact]
    public void LogDensity_Diagonal_EqualsSumOfMathNetNormalLogDensities()
    {
        var mean = V(0.5, -2.0, 3.0);
        var variances = V(0.3, 2.5, 1.0);
        var gaussian = Gaussian.Diagonal(mean, variances);
        var rng = new Random(41);
        for (int trial = 0; trial < 50; trial++)
        {
            var x = TestMixtures.RandomPoint(rng, 3, 5);
            double expected = Enumerable.Range(0, 3).Sum(i => Normal.PDFLn(mean[i], Math.Sqrt(variances[i]), x[i]));
            double err = Math.Abs(gaussian.LogDensity(x) - expected);
            Assert.True(err < 1e-12 * Math.Max(1, Math.Abs(expected)), $"trial {trial}: error {err:E3}");
        }
    }

    [Fact]
    public void LogDensity_Full_EqualsLogOfMathNetMatrixNormalDensity()
    {
        var rng = new Random(42);
        for (int trial = 0; trial < 40; trial++)
        {
            var gaussian = GaussianPairs.Random(rng, 1 + trial % 4);
            var reference = new MatrixNormal(gaussian.Mean.ToColumnMatrix(), gaussian.Covariance, Matrix<double>.Build.DenseIdentity(1));
            var x = gaussian.Mean + TestMixtures.RandomPoint(rng, gaussian.Dimension, 1);
            double expected = Math.Log(reference.Density(x.ToColumnMatrix()));
            double err = Math.Abs(gaussian.LogDensity(x) - expected);
            Assert.True(err < 1e-9 * Math.Max(1, Math.Abs(expected)), $"trial {trial} (d = {gaussian.Dimension}): error {err:E3}");
        }
    }

    [Fact]
    public void LogDensity_Full_EqualsDeterminantAndInverseFormula()
    {
        var rng = new Random(43);
        for (int trial = 0; trial < 40; trial++)
        {
            var gaussian = GaussianPairs.Random(rng, 1 + trial % 5);
            int d = gaussian.Dimension;
            var x = gaussian.Mean + TestMixtures.RandomPoint(rng, d, 2);
            var offset = x - gaussian.Mean;
            double expected = -0.5 * (offset * gaussian.Covariance.Inverse() * offset)
                - 0.5 * Math.Log(gaussian.Covariance.Determinant()) - 0.5 * d * Math.Log(2 * Math.PI);
            double err = Math.Abs(gaussian.LogDensity(x) - expected);
            Assert.True(err < 1e-9 * Math.Max(1, Math.Abs(expected)), $"trial {trial} (d = {d}): error {err:E3}");
        }
    }

    [Fact]
    public void Score_EqualsFiniteDifferencesOfLogDensity()
    {
        var rng = new Random(44);
        for (int trial = 0; trial < 40; trial++)
        {
            var gaussian = GaussianPairs.Random(rng, 1 + trial % 4);
            var x = gaussian.Mean + TestMixtures.RandomPoint(rng, gaussian.Dimension, 2);
            var score = gaussian.Score(x);
            var fd = FiniteDifferences.Gradient(gaussian.LogDensity, x);
            double err = (score - fd).L2Norm() / Math.Max(1, score.L2Norm());
            Assert.True(err < 1e-6, $"trial {trial} (d = {gaussian.Dimension}): relative error {err:E3}");
        }
    }

    [Fact]
    public void Score_OfGaussian_EqualsNegativeExplicitPrecisionTimesOffset()
    {
        var gaussian = GaussianPairs.Full3A();
        var x = V(1.0, 2.0, -3.0);
        var expected = -(gaussian.Covariance.Inverse() * (x - gaussian.Mean));
        double err = (gaussian.Score(x) - expected).InfinityNorm();
        Assert.True(err < 1e-12, $"max error {err:E3}");
    }

    [Fact]
    public void BatchLogDensity_EqualsDeterminantAndInverseFormula_RowByRow()
    {
        var rng = new Random(47);
        for (int d = 1; d <= 6; d++)
        {
            var gaussian = GaussianPairs.Random(rng, d);
            var xs = Matrix<double>.Build.Dense(25, d, (_, j) => gaussian.Mean[j] + 3 * (rng.NextDouble() - 0.5));
            var logDensity = gaussian.LogDensity(xs);
            var precision = gaussian.Covariance.Inverse();
            double logDet = Math.Log(gaussian.Covariance.Determinant());
            for (int i = 0; i < xs.RowCount; i++)
            {
                var offset = xs.Row(i) - gaussian.Mean;
                double expected = -0.5 * (offset * precision * offset) - 0.5 * logDet - 0.5 * d * Math.Log(2 * Math.PI);
                double err = Math.Abs(logDensity[i] - expected);
                Assert.True(err < 1e-9 * Math.Max(1, Math.Abs(expected)), $"d = {d}, row {i}: error {err:E3}");
            }
        }
    }

    [Fact]
    public void BatchMethods_EqualPerPointMethods()
    {
        var gaussian = GaussianPairs.Full3B();
        var xs = gaussian.Sample(new Random(45), 30) * 1.5;
        var logDensity = gaussian.LogDensity(xs);
        var score = gaussian.Score(xs);
        for (int i = 0; i < xs.RowCount; i++)
        {
            double err = Math.Max(Math.Abs(logDensity[i] - gaussian.LogDensity(xs.Row(i))), (score.Row(i) - gaussian.Score(xs.Row(i))).InfinityNorm());
            Assert.True(err < 1e-12, $"row {i}: batch vs point error {err:E3}");
        }
    }

    [Fact]
    public void Constructor_BadCovariance_ThrowsArgumentExceptionNamingCovariance()
    {
        var mean = V(0.0, 0.0);
        var cases = new Dictionary<string, Matrix<double>>
        {
            ["indefinite"] = M(new[,] { { 1.0, 2.0 }, { 2.0, 1.0 } }),
            ["asymmetric"] = M(new[,] { { 1.0, 0.5 }, { 0.1, 1.0 } }),
            ["zero diagonal"] = M(new[,] { { 0.0, 0.0 }, { 0.0, 1.0 } }),
            ["singular"] = M(new[,] { { 1.0, 1.0 }, { 1.0, 1.0 } }),
            ["NaN"] = M(new[,] { { 1.0, double.NaN }, { double.NaN, 1.0 } }),
            ["3×3 for d = 2"] = Matrix<double>.Build.DenseIdentity(3),
        };
        foreach (var (what, covariance) in cases)
        {
            var e = Assert.Throws<ArgumentException>(() => new Gaussian(mean, covariance));
            Assert.True(e.ParamName == "covariance", $"{what}: ParamName {e.ParamName}, message {e.Message}");
        }
    }

    [Fact]
    public void BadMeanPointOrFactoryArgument_ThrowsArgumentExceptionNamingTheParameter()
    {
        var gaussian = Gaussian.Standard(2);
        Assert.Equal("mean", Assert.Throws<ArgumentException>(() => new Gaussian(V(0.0, double.NaN), Matrix<double>.Build.DenseIdentity(2))).ParamName);
        Assert.Equal("x", Assert.Throws<ArgumentException>(() => gaussian.LogDensity(V(1.0))).ParamName);
        Assert.Equal("x", Assert.Throws<ArgumentException>(() => gaussian.Score(V(1.0, double.PositiveInfinity))).ParamName);
        Assert.Equal("xs", Assert.Throws<ArgumentException>(() => gaussian.Score(Matrix<double>.Build.Dense(3, 1))).ParamName);
        Assert.Equal("sigma", Assert.ThrowsAny<ArgumentException>(() => Gaussian.Isotropic(V(0.0), 0)).ParamName);
        Assert.Equal("variances", Assert.ThrowsAny<ArgumentException>(() => Gaussian.Diagonal(V(0.0, 0.0), V(1.0, -1.0))).ParamName);
        Assert.Equal("variance", Assert.ThrowsAny<ArgumentException>(() => Gaussian.WithMeanVariance(0, double.NaN)).ParamName);
        Assert.Equal("dimension", Assert.Throws<ArgumentOutOfRangeException>(() => Gaussian.Standard(0)).ParamName);
    }
}
