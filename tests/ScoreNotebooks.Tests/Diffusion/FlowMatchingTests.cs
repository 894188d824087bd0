using MathNet.Numerics.LinearAlgebra;
using ScoreNotebooks.Diffusion;
using ScoreNotebooks.Distributions;

namespace ScoreNotebooks.Tests.Diffusion;

/// <summary>
/// The exact marginal velocity of the conditional optimal-transport path carries the marginal along: the continuity
/// equation ∂ₜpₜ + ∇·(pₜ u) = 0 holds at every point and time, checked by central finite differences of the closed-form
/// density; and its value agrees with E[x₁ − z | xₜ] estimated by Monte Carlo.
/// </summary>
public class FlowMatchingTests
{
    private static readonly GaussianMixture Data = new([0.8, 0.2],
    [
        new Gaussian(Vector<double>.Build.DenseOfArray([-1.5, 0.5]), Matrix<double>.Build.DenseOfArray(new[,] { { 0.3, 0.1 }, { 0.1, 0.2 } })),
        new Gaussian(Vector<double>.Build.DenseOfArray([2.0, -1.0]), Matrix<double>.Build.DenseOfArray(new[,] { { 0.5, -0.2 }, { -0.2, 0.4 } })),
    ]);

    [Theory]
    [InlineData(0.1)]
    [InlineData(0.5)]
    [InlineData(0.9)]
    public void Velocity_SatisfiesTheContinuityEquation(double t)
    {
        const double h = 1e-4;
        double P(double[] x, double time) => Math.Exp(FlowMatching.Marginal(Data, time).LogDensity(Vector<double>.Build.DenseOfArray(x)));
        double Flux(double[] x, int j) =>
            P(x, t) * FlowMatching.Velocity(Data, Matrix<double>.Build.DenseOfRowArrays(x), t)[0, j];
        foreach (var x in new[] { new[] { -1.0, 0.3 }, new[] { 0.4, -0.2 }, new[] { 1.5, -0.8 }, new[] { -0.2, 1.1 } })
        {
            double dpdt = (P(x, t + h) - P(x, t - h)) / (2 * h);
            double divergence = 0;
            for (int j = 0; j < 2; j++)
            {
                double[] plus = (double[])x.Clone(), minus = (double[])x.Clone();
                plus[j] += h;
                minus[j] -= h;
                divergence += (Flux(plus, j) - Flux(minus, j)) / (2 * h);
            }
            Assert.True(Math.Abs(dpdt + divergence) < 1e-6 * Math.Max(1, Math.Abs(dpdt)),
                $"t = {t}, x = ({x[0]}, {x[1]}): ∂p/∂t = {dpdt:E6}, −∇·(p u) = {-divergence:E6}");
        }
    }

    [Fact]
    public void Velocity_AgreesWithTheConditionalMeanOfX1MinusZ_ByMonteCarlo()
    {
        // Sample (z, x₁), keep the pairs whose xₜ falls in a small box around a point, and average x₁ − z there.
        const double t = 0.6, half = 0.08;
        var point = Vector<double>.Build.DenseOfArray([-0.6, 0.2]);
        var rng = new Random(17);
        var x1 = Data.Sample(rng, 400_000);
        var sum = Vector<double>.Build.Dense(2);
        var sumSquares = Vector<double>.Build.Dense(2);
        int kept = 0;
        for (int i = 0; i < x1.RowCount; i++)
        {
            var z = Vector<double>.Build.DenseOfArray([MathNet.Numerics.Distributions.Normal.Sample(rng, 0, 1),
                MathNet.Numerics.Distributions.Normal.Sample(rng, 0, 1)]);
            var xt = (1 - t) * z + t * x1.Row(i);
            if (Math.Abs(xt[0] - point[0]) > half || Math.Abs(xt[1] - point[1]) > half) continue;
            var v = x1.Row(i) - z;
            sum += v;
            sumSquares += v.PointwiseMultiply(v);
            kept++;
        }
        var mean = sum / kept;
        var exact = FlowMatching.Velocity(Data, point.ToRowMatrix(), t).Row(0);

        Assert.True(kept > 2000, $"only {kept} pairs landed in the box");
        for (int j = 0; j < 2; j++)
        {
            double se = Math.Sqrt((sumSquares[j] / kept - mean[j] * mean[j]) / kept);
            // 4 standard errors, plus 0.02 for averaging over a box rather than at its centre.
            Assert.True(Math.Abs(mean[j] - exact[j]) < 4 * se + 0.02, $"coordinate {j}: {mean[j]:F4} vs {exact[j]:F4} (s.e. {se:F4})");
        }
    }

    [Fact]
    public void AtTimeZero_TheMarginalIsTheStandardNormal_AndTheVelocityPointsFromXToTheDataMean()
    {
        var x = Matrix<double>.Build.DenseOfArray(new[,] { { 0.3, -1.2 }, { 2.0, 0.5 } });
        var marginal = FlowMatching.Marginal(Data, 0);
        var velocity = FlowMatching.Velocity(Data, x, 0);

        Assert.All(marginal.Components, c => Assert.Equal(Matrix<double>.Build.DenseIdentity(2), c.Covariance));
        for (int i = 0; i < 2; i++)
            Assert.True((velocity.Row(i) - (Data.Mean - x.Row(i))).L2Norm() < 1e-12);
    }

    [Fact]
    public void BadTimes_AndShapes_AreRefusedWithTheirName()
    {
        var x = Matrix<double>.Build.Dense(1, 2);
        Assert.Equal("t", Assert.Throws<ArgumentOutOfRangeException>(() => FlowMatching.Velocity(Data, x, 1)).ParamName);
        Assert.Equal("t", Assert.Throws<ArgumentOutOfRangeException>(() => FlowMatching.Marginal(Data, -0.1)).ParamName);
        Assert.Equal("t", Assert.Throws<ArgumentException>(() => FlowMatching.Marginal(Data, double.NaN)).ParamName);
        Assert.Equal("x", Assert.Throws<ArgumentException>(() => FlowMatching.Velocity(Data, Matrix<double>.Build.Dense(1, 3), 0.5)).ParamName);
    }

    [Fact]
    public void Velocity_WithATimePerRow_EqualsTheOneTimeVelocity_RowByRow()
    {
        var x = Matrix<double>.Build.DenseOfRowArrays([-1.0, 0.3], [0.4, -0.2], [1.5, -0.8], [3.0, 2.0], [0.0, 0.0]);
        double[] times = [0.0, 0.1, 0.5, 0.93, 0.999];

        var perRow = FlowMatching.Velocity(Data, x, times);

        for (int i = 0; i < x.RowCount; i++)
        {
            var oneTime = FlowMatching.Velocity(Data, x.SubMatrix(i, 1, 0, 2), times[i]).Row(0);
            Assert.True((perRow.Row(i) - oneTime).InfinityNorm() < 1e-9 * Math.Max(1, oneTime.InfinityNorm()),
                $"row {i}, t = {times[i]}: {perRow.Row(i)} vs {oneTime}");
        }
    }

    [Fact]
    public void Velocity_WithATimePerRow_RefusesAMismatchedOrOutOfRangeTime()
    {
        var x = Matrix<double>.Build.Dense(2, 2);

        Assert.Equal("times", Assert.Throws<ArgumentException>(() => FlowMatching.Velocity(Data, x, [0.5])).ParamName);
        Assert.Equal("times", Assert.Throws<ArgumentOutOfRangeException>(() => FlowMatching.Velocity(Data, x, [0.5, 1.0])).ParamName);
    }
}
