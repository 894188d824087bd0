using MathNet.Numerics.LinearAlgebra;
using ScoreNotebooks.Divergences;
using ScoreNotebooks.Metrics;

namespace ScoreNotebooks.Tests.Metrics;

public class EnergyDistanceTests
{
    [Fact]
    public void Unbiased_InOneDimension_EqualsSortedOrderStatisticFormula()
    {
        var rng = new Random(81);
        var x = TwoSampleData.Normal(rng, 37, 1);
        var y = TwoSampleData.Normal(rng, 52, 1, shift: 0.7, s: 2);
        // Σ_{i<j} |aᵢ − aⱼ| = Σₖ (2k − N − 1) a₍ₖ₎ for sorted a (k = 1 … N); the cross sum is the pooled sum minus both within sums.
        double withinX = SumOfGaps(x.Column(0).ToArray()), withinY = SumOfGaps(y.Column(0).ToArray());
        double across = SumOfGaps(x.Column(0).Concat(y.Column(0)).ToArray()) - withinX - withinY;
        int m = x.RowCount, n = y.RowCount;
        double expected = 2 * across / (m * n) - 2 * withinX / (m * (m - 1.0)) - 2 * withinY / (n * (n - 1.0));
        double err = Math.Abs(EnergyDistance.Unbiased(x, y) - expected);
        Assert.True(err < 1e-12, $"|estimate − order-statistic formula| = {err:E3} (formula {expected:G6})");
    }

    [Fact]
    public void Unbiased_InThreeDimensions_EqualsNaivePairMeans()
    {
        var rng = new Random(82);
        var x = TwoSampleData.Normal(rng, 20, 3, shift: 40);
        var y = TwoSampleData.Normal(rng, 17, 3, shift: 41);
        double expected = 2 * TwoSampleData.PairMean(x, y, TwoSampleData.Distance, false)
            - TwoSampleData.PairMean(x, x, TwoSampleData.Distance, true) - TwoSampleData.PairMean(y, y, TwoSampleData.Distance, true);
        double err = Math.Abs(EnergyDistance.Unbiased(x, y) - expected);
        Assert.True(err < 1e-12, $"|estimate − naive| = {err:E3} (naive {expected:G6})");
    }

    [Fact]
    public void Unbiased_IsTwiceTheUnbiasedMmdOfTheDistanceInducedKernel()
    {
        // k(a, b) = ½(‖a‖ + ‖b‖ − ‖a − b‖) (Sejdinovic et al. 2013): the norm terms cancel between the within and across means.
        var rng = new Random(86);
        var x = TwoSampleData.Normal(rng, 23, 2, shift: 0.3);
        var y = TwoSampleData.Normal(rng, 31, 2, s: 1.4);
        double K(Vector<double> a, Vector<double> b) => 0.5 * (a.L2Norm() + b.L2Norm() - TwoSampleData.Distance(a, b));
        double mmd2 = TwoSampleData.PairMean(x, x, K, true) + TwoSampleData.PairMean(y, y, K, true) - 2 * TwoSampleData.PairMean(x, y, K, false);
        double err = Math.Abs(EnergyDistance.Unbiased(x, y) - 2 * mmd2);
        Assert.True(err < 1e-12, $"|ℰ̂ − 2 MMD²ᵤ| = {err:E3} (2 MMD²ᵤ = {2 * mmd2:G6})");
    }

    [Theory]
    [InlineData(0.0, 1.0, 0.0, 1.0)] // one distribution: ℰ = 0
    [InlineData(0.0, 1.0, 1.0, 1.0)]
    [InlineData(-0.5, 0.5, 1.0, 2.0)]
    public void Unbiased_ForTwoNormals_AveragesToTheClosedForm(double m1, double s1, double m2, double s2)
    {
        // X − Y ~ N(m₁ − m₂, s₁² + s₂²) and X − X' ~ N(0, 2s₁²), so each term is a mean absolute value of a normal.
        double exact = 2 * MeanAbsoluteNormal(m1 - m2, Math.Sqrt(s1 * s1 + s2 * s2))
            - MeanAbsoluteNormal(0, Math.Sqrt(2) * s1) - MeanAbsoluteNormal(0, Math.Sqrt(2) * s2);
        var rng = new Random(83);
        var estimates = Enumerable.Range(0, 30).Select(_ =>
            EnergyDistance.Unbiased(Shifted(TwoSampleData.Normal(rng, 300, 1, s: s1), m1), Shifted(TwoSampleData.Normal(rng, 250, 1, s: s2), m2))).ToList();
        var mean = MonteCarloEstimate.FromTerms(estimates);
        double z = mean.StandardErrorsFrom(exact);
        Assert.True(z < 4, $"N({m1}, {s1}²) vs N({m2}, {s2}²): mean estimate {mean} vs exact {exact:G6}, {z:F2} standard errors");
    }

    [Fact]
    public void Unbiased_SameDistributionNearZero_DifferentDistributionsClearlyPositive()
    {
        var rng = new Random(84);
        var x = TwoSampleData.Normal(rng, 1000, 2);
        double same = EnergyDistance.Unbiased(x, TwoSampleData.Normal(rng, 1000, 2));
        double different = EnergyDistance.Unbiased(x, TwoSampleData.Normal(rng, 1000, 2, shift: 0.5));
        // For a shift of 0.5 between unit normals in 2D, ‖X − Y‖ is Rice distributed with ν = 0.5, σ = √2, giving
        // ℰ = 2(E‖X − Y‖ − E‖X − X'‖) ≈ 2(1.8275 − 1.7725) ≈ 0.110. At n = 1000 the estimate's standard
        // deviation is about 0.02 under this shift and an order of magnitude smaller without one (a degenerate U-statistic).
        Assert.True(Math.Abs(same) < 0.02, $"one distribution: ℰ̂ = {same:E3}");
        Assert.True(different > 0.05, $"shifted by 0.5: ℰ̂ = {different:E3}");
    }

    [Fact]
    public void BadInput_ThrowsArgumentExceptionNamingTheParameter()
    {
        var rng = new Random(85);
        var x = TwoSampleData.Normal(rng, 10, 2);
        Assert.Equal("y", Assert.Throws<ArgumentException>(() => EnergyDistance.Unbiased(x, TwoSampleData.Normal(rng, 10, 1))).ParamName);
        Assert.Equal("y", Assert.Throws<ArgumentException>(() => EnergyDistance.Unbiased(x, Matrix<double>.Build.Dense(1, 2))).ParamName);
        var nan = x.Clone();
        nan[0, 0] = double.PositiveInfinity;
        Assert.Equal("x", Assert.Throws<ArgumentException>(() => EnergyDistance.Unbiased(nan, x)).ParamName);
        Assert.Equal("x", Assert.Throws<ArgumentNullException>(() => EnergyDistance.Unbiased(null!, x)).ParamName);
    }

    // E|N(μ, s²)| = s√(2/π) e^{−μ²/(2s²)} + μ(1 − 2Φ(−μ/s)).
    private static double MeanAbsoluteNormal(double mu, double s) =>
        s * Math.Sqrt(2 / Math.PI) * Math.Exp(-mu * mu / (2 * s * s)) + mu * (1 - 2 * MathNet.Numerics.Distributions.Normal.CDF(0, 1, -mu / s));

    private static Matrix<double> Shifted(Matrix<double> a, double by) => a.Map(v => v + by);

    private static double SumOfGaps(double[] a)
    {
        Array.Sort(a);
        double sum = 0;
        for (int k = 1; k <= a.Length; k++)
            sum += (2.0 * k - a.Length - 1) * a[k - 1];
        return sum;
    }
}
