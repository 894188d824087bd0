using MathNet.Numerics.LinearAlgebra;
using ScoreNotebooks.Numerics;

namespace ScoreNotebooks.Tests.Numerics;

public class LogSumExpTests
{
    [Fact]
    public void Of_ModerateValues_EqualsNaiveLogOfSumOfExp()
    {
        var rng = new Random(1);
        for (int trial = 0; trial < 100; trial++)
        {
            var values = Enumerable.Range(0, 1 + trial % 7).Select(_ => 20 * rng.NextDouble() - 10).ToArray();
            double naive = Math.Log(values.Sum(Math.Exp));
            double err = Math.Abs(LogSumExp.Of(values) - naive);
            Assert.True(err < 1e-12 * Math.Max(1, Math.Abs(naive)), $"trial {trial}: error {err:E3}");
        }
    }

    [Fact]
    public void Of_WeightedModerateValues_EqualsNaiveLogOfWeightedSum()
    {
        var rng = new Random(2);
        for (int trial = 0; trial < 100; trial++)
        {
            int n = 1 + trial % 5;
            var values = Enumerable.Range(0, n).Select(_ => 10 * rng.NextDouble() - 5).ToArray();
            var weights = Enumerable.Range(0, n).Select(_ => rng.NextDouble()).ToArray();
            double naive = Math.Log(values.Zip(weights, (a, w) => w * Math.Exp(a)).Sum());
            double err = Math.Abs(LogSumExp.Of(values, weights) - naive);
            Assert.True(err < 1e-12 * Math.Max(1, Math.Abs(naive)), $"trial {trial}: error {err:E3}");
        }
    }

    [Theory]
    [InlineData(1000.0)]
    [InlineData(-1000.0)]
    public void Of_LargeMagnitudes_IsStableWhereNaiveOverflowsOrUnderflows(double shift)
    {
        // log(e^{s} + e^{s+1} + e^{s-2}) = s + log(1 + e + e^{-2}), exactly.
        double[] values = [shift, shift + 1, shift - 2];
        double expected = shift + Math.Log(1 + Math.E + Math.Exp(-2));
        double naive = Math.Log(values.Sum(Math.Exp));
        Assert.False(double.IsFinite(naive), $"naive log Σ exp should fail at shift {shift}, got {naive}");
        double err = Math.Abs(LogSumExp.Of(values) - expected);
        Assert.True(err < 1e-12 * Math.Abs(shift), $"shift {shift}: error {err:E3}");
    }

    [Fact]
    public void Of_WeightedLargeMagnitudes_IsStable()
    {
        double[] values = [1000, 1001];
        double[] weights = [0.25, 0.75];
        double expected = 1000 + Math.Log(0.25 + 0.75 * Math.E);
        double err = Math.Abs(LogSumExp.Of(values, weights) - expected);
        Assert.True(err < 1e-12 * 1000, $"error {err:E3}");
    }

    [Fact]
    public void Of_InfiniteEntries_FollowTheLimits()
    {
        Assert.Equal(double.NegativeInfinity, LogSumExp.Of([double.NegativeInfinity, double.NegativeInfinity]));
        Assert.Equal(double.PositiveInfinity, LogSumExp.Of([1.0, double.PositiveInfinity]));
        double withMinusInfinity = LogSumExp.Of([double.NegativeInfinity, 2.0]);
        Assert.True(Math.Abs(withMinusInfinity - 2.0) < 1e-15, $"log(0 + e²) = {withMinusInfinity:R}");
        // A zero weight removes its term even where the exponent is +∞.
        double zeroWeight = LogSumExp.Of([double.PositiveInfinity, 3.0], [0.0, 1.0]);
        Assert.True(Math.Abs(zeroWeight - 3.0) < 1e-15, $"zero-weighted +∞ gave {zeroWeight:R}");
        Assert.Equal(double.NegativeInfinity, LogSumExp.Of([1.0, 2.0], [0.0, 0.0]));
    }

    [Fact]
    public void OfRows_EqualsOfEachRow()
    {
        var rng = new Random(3);
        var m = Matrix<double>.Build.Dense(6, 4, (_, _) => 50 * rng.NextDouble() - 25);
        var rows = LogSumExp.OfRows(m);
        for (int i = 0; i < 6; i++)
        {
            double err = Math.Abs(rows[i] - LogSumExp.Of(m.Row(i)));
            Assert.True(err == 0, $"row {i}: error {err:E3}");
        }
    }

    [Fact]
    public void BadInput_ThrowsArgumentExceptionNamingTheParameter()
    {
        Assert.Equal("values", Assert.Throws<ArgumentException>(() => LogSumExp.Of(ReadOnlySpan<double>.Empty)).ParamName);
        Assert.Equal("values", Assert.Throws<ArgumentException>(() => LogSumExp.Of([1.0, double.NaN])).ParamName);
        Assert.Equal("weights", Assert.Throws<ArgumentException>(() => LogSumExp.Of([1.0, 2.0], [1.0])).ParamName);
        Assert.Equal("weights", Assert.Throws<ArgumentException>(() => LogSumExp.Of([1.0, 2.0], [1.0, -0.5])).ParamName);
        Assert.Equal("weights", Assert.Throws<ArgumentException>(() => LogSumExp.Of([1.0, 2.0], [1.0, double.NaN])).ParamName);
        Assert.Equal("values", Assert.Throws<ArgumentException>(() => LogSumExp.OfRows(Matrix<double>.Build.Dense(3, 0))).ParamName);
        Assert.Equal("values", Assert.Throws<ArgumentNullException>(() => LogSumExp.Of((Vector<double>)null!)).ParamName);
    }
}
