using MathNet.Numerics.LinearAlgebra;
using ScoreNotebooks.Metrics;

namespace ScoreNotebooks.Tests.Metrics;

public class SlicedWassersteinTests
{
    [Fact]
    public void Distance_InOneDimensionWithPOne_EqualsAreaBetweenEmpiricalCdfs()
    {
        var rng = new Random(91);
        var x = TwoSampleData.Normal(rng, 60, 1);
        var y = TwoSampleData.Normal(rng, 60, 1, shift: 0.8, s: 1.5);
        // W₁ = ∫ |F(t) − G(t)| dt, integrated exactly between consecutive pooled points where both CDFs are constant.
        var events = x.Column(0).Select(v => (v, dx: 1, dy: 0)).Concat(y.Column(0).Select(v => (v, dx: 0, dy: 1))).OrderBy(e => e.v).ToList();
        double area = 0;
        int countX = 0, countY = 0;
        for (int k = 0; k < events.Count - 1; k++)
        {
            countX += events[k].dx;
            countY += events[k].dy;
            area += Math.Abs(countX - countY) / 60.0 * (events[k + 1].v - events[k].v);
        }
        // In 1D every direction is ±1, which both give the same sorted gaps, so the estimate is exact for any L.
        double sw = SlicedWasserstein.Distance(new Random(92), x, y, 3, p: 1);
        double err = Math.Abs(sw - area);
        Assert.True(err < 1e-12, $"SW₁ {sw:R} vs ∫|F − G| {area:R}, error {err:E3}");
    }

    [Fact]
    public void Distance_ForAPureShift_SquaredIsShiftSquaredOverDimensionWithinMonteCarloError()
    {
        const int d = 3, directions = 4000;
        var delta = Vector<double>.Build.DenseOfArray([1.0, -2.0, 0.5]);
        var x = TwoSampleData.Normal(new Random(93), 50, d);
        var y = Matrix<double>.Build.Dense(50, d, (i, j) => x[i, j] + delta[j]);
        double sw2 = Math.Pow(SlicedWasserstein.Distance(new Random(94), x, y, directions), 2);
        // (θᵀΔ)² = ‖Δ‖² θ₁² in distribution, with θ₁² ~ Beta(½, (d − 1)/2): mean 1/d, variance 2(d − 1)/(d²(d + 2)).
        double expected = delta.DotProduct(delta) / d;
        double se = delta.DotProduct(delta) * Math.Sqrt(2.0 * (d - 1) / (d * d * (d + 2)) / directions);
        double z = Math.Abs(sw2 - expected) / se;
        Assert.True(z < 4, $"SW₂² = {sw2:G6} vs ‖Δ‖²/d = {expected:G6}, {z:F2} standard errors");
    }

    [Fact]
    public void Distance_ForAPureShiftInThreeDimensionsWithPOne_IsHalfTheShiftLength()
    {
        // In 3D, θ₁ is uniform on [−1, 1] (Archimedes), so SW₁ = ‖Δ‖ E|θ₁| = ‖Δ‖/2, with Var|θ₁| = 1/12.
        const int directions = 4000;
        var delta = Vector<double>.Build.DenseOfArray([0.3, 0.0, -1.1]);
        var x = TwoSampleData.Normal(new Random(95), 40, 3);
        var y = Matrix<double>.Build.Dense(40, 3, (i, j) => x[i, j] + delta[j]);
        double sw1 = SlicedWasserstein.Distance(new Random(96), x, y, directions, p: 1);
        double se = delta.L2Norm() * Math.Sqrt(1.0 / 12 / directions);
        double z = Math.Abs(sw1 - delta.L2Norm() / 2) / se;
        Assert.True(z < 4, $"SW₁ = {sw1:G6} vs ‖Δ‖/2 = {delta.L2Norm() / 2:G6}, {z:F2} standard errors");
    }

    [Fact]
    public void Distance_OfASampleAndItsRowPermutation_IsZero_AndASeedReproducesTheEstimate()
    {
        var x = TwoSampleData.Normal(new Random(97), 30, 2);
        var reversed = Matrix<double>.Build.DenseOfRowVectors(Enumerable.Range(0, 30).Reverse().Select(x.Row));
        Assert.Equal(0.0, SlicedWasserstein.Distance(new Random(98), x, reversed, 50));
        var y = TwoSampleData.Normal(new Random(99), 30, 2, shift: 1);
        Assert.Equal(SlicedWasserstein.Distance(new Random(100), x, y, 20, 1.5), SlicedWasserstein.Distance(new Random(100), x, y, 20, 1.5));
    }

    [Fact]
    public void BadInput_ThrowsArgumentExceptionNamingTheParameter()
    {
        var rng = new Random(101);
        var x = TwoSampleData.Normal(rng, 10, 2);
        var y = TwoSampleData.Normal(rng, 10, 2);
        Assert.Equal("y", Assert.Throws<ArgumentException>(() => SlicedWasserstein.Distance(rng, x, TwoSampleData.Normal(rng, 11, 2), 5)).ParamName);
        Assert.Equal("y", Assert.Throws<ArgumentException>(() => SlicedWasserstein.Distance(rng, x, TwoSampleData.Normal(rng, 10, 3), 5)).ParamName);
        Assert.Equal("projections", Assert.Throws<ArgumentOutOfRangeException>(() => SlicedWasserstein.Distance(rng, x, y, 0)).ParamName);
        Assert.Equal("p", Assert.Throws<ArgumentOutOfRangeException>(() => SlicedWasserstein.Distance(rng, x, y, 5, 0.5)).ParamName);
        Assert.Equal("p", Assert.Throws<ArgumentException>(() => SlicedWasserstein.Distance(rng, x, y, 5, double.PositiveInfinity)).ParamName);
        var nan = x.Clone();
        nan[2, 0] = double.NaN;
        Assert.Equal("x", Assert.Throws<ArgumentException>(() => SlicedWasserstein.Distance(rng, nan, y, 5)).ParamName);
        Assert.Equal("rng", Assert.Throws<ArgumentNullException>(() => SlicedWasserstein.Distance(null!, x, y, 5)).ParamName);
    }
}
