using MathNet.Numerics.LinearAlgebra;
using ScoreNotebooks.Numerics;
using ScoreNotebooks.ScoreMatching;
using static ScoreNotebooks.Tests.ScoreMatching.ScoreModels;

namespace ScoreNotebooks.Tests.ScoreMatching;

public class RbfFeaturesTests
{
    [Fact]
    public void Features_EqualGaussianBumpsAtTheCentres()
    {
        var features = new RbfFeatures(M(new[,] { { 0.0, 0.0 }, { 1.0, 2.0 } }), 0.5);
        var phi = features.Features(V(1.0, 1.0));
        // ‖x − c₀‖² = 2, ‖x − c₁‖² = 1, 2h² = 0.5.
        Assert.True(Math.Abs(phi[0] - Math.Exp(-4)) < 1e-15 && Math.Abs(phi[1] - Math.Exp(-2)) < 1e-15, $"φ = {phi}");
    }

    [Fact]
    public void Jacobian_EqualsFiniteDifferenceJacobian()
    {
        var features = RbfFeatures.OnGrid(-2, 2, 4, 2, 0.8);
        var rng = new Random(3);
        for (int trial = 0; trial < 5; trial++)
        {
            var x = Vector<double>.Build.Dense(2, _ => 4 * rng.NextDouble() - 2);
            double err = RelativeError(features.Jacobian(x), FiniteDifferences.Jacobian(features.Features, x));
            Assert.True(err < 1e-9, $"trial {trial}: relative error {err:E3}");
        }
    }

    [Fact]
    public void OnGrid_PlacesKToTheDCentresOnTheTensorGrid()
    {
        var features = RbfFeatures.OnGrid(-1, 1, 3, 2, 1.0);
        Assert.Equal(9, features.FeatureCount);
        var centres = features.Centres;
        var distinct = Enumerable.Range(0, 9).Select(i => $"{centres[i, 0]},{centres[i, 1]}").Distinct().Count();
        Assert.Equal(9, distinct);
        Assert.All(centres.Enumerate(), v => Assert.Contains(v, new[] { -1.0, 0.0, 1.0 }));
    }

    [Fact]
    public void BadInput_ThrowsArgumentExceptionNamingTheParameter()
    {
        Assert.Equal("bandwidth", Assert.Throws<ArgumentOutOfRangeException>(() => new RbfFeatures(M(new[,] { { 0.0 } }), 0)).ParamName);
        Assert.Equal("centres", Assert.Throws<ArgumentException>(() => new RbfFeatures(Matrix<double>.Build.Dense(0, 2), 1)).ParamName);
        Assert.Equal("centres", Assert.Throws<ArgumentException>(() => new RbfFeatures(M(new[,] { { double.NaN } }), 1)).ParamName);
        Assert.Equal("pointsPerDimension", Assert.Throws<ArgumentException>(() => RbfFeatures.OnGrid(0, 1, 101, 2, 1)).ParamName);
        Assert.Equal("x", Assert.Throws<ArgumentException>(() => RbfFeatures.OnGrid(0, 1, 3, 2, 1).Jacobian(V(0.0))).ParamName);
    }
}
