using MathNet.Numerics.LinearAlgebra;
using ScoreNotebooks.Numerics;
using ScoreNotebooks.ScoreMatching;
using static ScoreNotebooks.Tests.ScoreMatching.ScoreModels;

namespace ScoreNotebooks.Tests.ScoreMatching;

public class PolynomialFeaturesTests
{
    [Theory]
    [InlineData(1, 1, 2)]
    [InlineData(1, 3, 4)]
    [InlineData(2, 2, 6)]
    [InlineData(3, 2, 10)]
    [InlineData(4, 3, 35)]
    public void FeatureCount_IsBinomialOfDimensionPlusDegree(int degree, int d, int expected)
    {
        var features = new PolynomialFeatures(degree, d);
        Assert.Equal(expected, features.FeatureCount);
        Assert.Equal(expected, features.Exponents.Select(a => string.Join(",", a)).Distinct().Count());
        Assert.All(features.Exponents, a => Assert.InRange(a.Sum(), 0, degree));
    }

    [Fact]
    public void Features_InTwoDimensionsOfDegreeTwo_AreConstantLinearThenQuadratic()
    {
        var x = V(2.0, -3.0);
        var phi = new PolynomialFeatures(2, 2).Features(x);
        Assert.Equal(V(1, 2, -3, 4, -6, 9), phi);
    }

    [Theory]
    [InlineData(3, 2)]
    [InlineData(2, 3)]
    public void Jacobian_EqualsFiniteDifferenceJacobian(int degree, int d)
    {
        var features = new PolynomialFeatures(degree, d);
        var rng = new Random(degree * 10 + d);
        for (int trial = 0; trial < 5; trial++)
        {
            var x = Vector<double>.Build.Dense(d, _ => 3 * rng.NextDouble() - 1.5);
            var fd = FiniteDifferences.Jacobian(features.Features, x);
            double err = RelativeError(features.Jacobian(x), fd);
            Assert.True(err < 1e-9, $"trial {trial}: relative error {err:E3}");
        }
    }

    [Fact]
    public void BadInput_ThrowsArgumentExceptionNamingTheParameter()
    {
        Assert.Equal("degree", Assert.Throws<ArgumentOutOfRangeException>(() => new PolynomialFeatures(0, 2)).ParamName);
        Assert.Equal("dimension", Assert.Throws<ArgumentOutOfRangeException>(() => new PolynomialFeatures(2, 0)).ParamName);
        Assert.Equal("degree", Assert.Throws<ArgumentException>(() => new PolynomialFeatures(30, 10)).ParamName);
        Assert.Equal("x", Assert.Throws<ArgumentException>(() => new PolynomialFeatures(2, 2).Features(V(1.0))).ParamName);
    }
}
