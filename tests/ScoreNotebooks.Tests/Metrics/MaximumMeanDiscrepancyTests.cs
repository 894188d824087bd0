using MathNet.Numerics.LinearAlgebra;
using ScoreNotebooks.Metrics;

namespace ScoreNotebooks.Tests.Metrics;

public class MaximumMeanDiscrepancyTests
{
    [Theory]
    [InlineData(0.0)]
    [InlineData(50.0)] // far from the origin, where ‖a‖² + ‖b‖² − 2a·b would cancel without centring
    public void SquaredUnbiased_EqualsNaiveDoubleLoop(double offset)
    {
        var rng = new Random(71);
        var x = TwoSampleData.Normal(rng, 30, 3, shift: offset);
        var y = TwoSampleData.Normal(rng, 25, 3, shift: offset + 0.4, s: 1.3);
        foreach (double h in new[] { 0.3, 0.9, 4.0 })
        {
            double naive = NaiveSquaredUnbiased(x, y, h);
            double err = Math.Abs(MaximumMeanDiscrepancy.SquaredUnbiased(x, y, h) - naive);
            Assert.True(err < 1e-12, $"h = {h}: |fast − naive| = {err:E3} (naive {naive:G6})");
        }
        double hMedian = TwoSampleData.NaiveMedianDistance(x, y);
        double errMedian = Math.Abs(MaximumMeanDiscrepancy.SquaredUnbiased(x, y) - NaiveSquaredUnbiased(x, y, hMedian));
        Assert.True(errMedian < 1e-12, $"median bandwidth: |fast − naive| = {errMedian:E3}");
    }

    [Theory]
    [InlineData(2, 3)] // 10 pairs: the median averages the two middle distances
    [InlineData(3, 3)] // 15 pairs: the median is the middle distance
    [InlineData(40, 27)]
    public void MedianHeuristic_EqualsMedianOfSortedPairwiseDistances(int m, int n)
    {
        var rng = new Random(72);
        var x = TwoSampleData.Normal(rng, m, 2);
        var y = TwoSampleData.Normal(rng, n, 2, shift: 1);
        double naive = TwoSampleData.NaiveMedianDistance(x, y);
        double err = Math.Abs(MaximumMeanDiscrepancy.MedianHeuristic(x, y) - naive) / naive;
        Assert.True(err < 1e-12, $"relative error {err:E3} against the sorted median {naive:G6}");
    }

    [Fact]
    public void SquaredUnbiased_AveragedOverReplicates_MatchesPopulationMmdOfTwoGaussians()
    {
        // For x ~ N(μ₁, s₁²I), y ~ N(μ₂, s₂²I) in d dimensions, E exp(−‖x − y‖²/2h²) = (h²/(h² + v))^{d/2} exp(−‖δ‖²/(2(h² + v)))
        // with v = s₁² + s₂² and δ = μ₁ − μ₂. Here d = 2, h = 1, s = 1: MMD² = 2/3 − 2/3·e^{−1/6} for a unit shift, 0 for none.
        const double h = 1;
        static double Ek(double delta2, double v) => h * h / (h * h + v) * Math.Exp(-delta2 / (2 * (h * h + v)));
        foreach (double shift in new[] { 0.0, 1.0 })
        {
            double exact = Ek(0, 2) + Ek(0, 2) - 2 * Ek(shift * shift, 2);
            var rng = new Random(73);
            var estimates = Enumerable.Range(0, 40).Select(_ =>
                MaximumMeanDiscrepancy.SquaredUnbiased(TwoSampleData.Normal(rng, 200, 2), TwoSampleData.Normal(rng, 150, 2, shift), h)).ToList();
            var mean = ScoreNotebooks.Divergences.MonteCarloEstimate.FromTerms(estimates);
            double z = mean.StandardErrorsFrom(exact);
            Assert.True(z < 4, $"shift {shift}: mean MMD²ᵤ {mean} vs exact {exact:G6}, {z:F2} standard errors");
        }
    }

    [Fact]
    public void PermutationTest_SameDistributionAccepts_ShiftedDistributionRejects()
    {
        var rng = new Random(74);
        var x = TwoSampleData.Normal(rng, 200, 2);
        var same = MaximumMeanDiscrepancy.PermutationTest(new Random(75), x, TwoSampleData.Normal(rng, 200, 2), 500);
        var shifted = MaximumMeanDiscrepancy.PermutationTest(new Random(75), x, TwoSampleData.Normal(rng, 200, 2, shift: 0.6), 500);

        Assert.True(same.PValue > 0.05, $"same distribution: MMD²ᵤ = {same.Statistic:E3}, p = {same.PValue:F4}");
        Assert.True(shifted.PValue < 0.01, $"shifted by 0.6: MMD²ᵤ = {shifted.Statistic:E3}, p = {shifted.PValue:F4}");
        Assert.True(Math.Abs(same.Statistic) < 0.2 * shifted.Statistic,
            $"|MMD²ᵤ| = {Math.Abs(same.Statistic):E3} for one distribution is not small beside {shifted.Statistic:E3} for two");
        Assert.Equal(500, shifted.Permutations);
    }

    [Fact]
    public void PermutationTest_OnFivePoints_ConvergesToTheExactPValueOverAllTenSplits()
    {
        var rng = new Random(76);
        var x = TwoSampleData.Normal(rng, 2, 2);
        var y = TwoSampleData.Normal(rng, 3, 2, shift: 0.5);
        const double h = 1.0;
        // Enumerate every choice of 2 of the 5 pooled points as x; the observed split counts as "at least as large".
        var pooled = x.Stack(y);
        double observed = NaiveSquaredUnbiased(x, y, h);
        var statistics = new List<double>();
        int atLeast = 0, splits = 0;
        for (int i = 0; i < 5; i++)
        {
            for (int j = i + 1; j < 5; j++)
            {
                var rest = Enumerable.Range(0, 5).Where(k => k != i && k != j).ToArray();
                double t = NaiveSquaredUnbiased(Rows(pooled, [i, j]), Rows(pooled, rest), h);
                statistics.Add(t);
                splits++;
                if ((i, j) == (0, 1) || t >= observed)
                    atLeast++;
            }
        }
        double exact = (double)atLeast / splits;
        const int b = 20_000;
        var result = MaximumMeanDiscrepancy.PermutationTest(new Random(77), x, y, b, h);
        double se = Math.Sqrt(exact * (1 - exact) / b);
        double z = Math.Abs(result.PValue - exact) / se;
        Assert.True(z < 4, $"p = {result.PValue:F4} vs exact {exact:F4} over {splits} splits, {z:F2} standard errors");
        Assert.True(Math.Abs(result.Statistic - observed) < 1e-12, $"statistic {result.Statistic:R} vs naive {observed:R}");

        // Each relabelling is one of the ten splits, uniformly: the null's mean and spread are those over the splits.
        double splitMean = statistics.Average();
        double splitSd = Math.Sqrt(statistics.Average(t => (t - splitMean) * (t - splitMean)));
        double meanZ = Math.Abs(result.NullMean - splitMean) / (splitSd / Math.Sqrt(b));
        Assert.True(meanZ < 4, $"null mean {result.NullMean:G6} vs {splitMean:G6} over the splits, {meanZ:F2} standard errors");
        Assert.True(Math.Abs(result.NullStandardDeviation / splitSd - 1) < 0.03,
            $"null standard deviation {result.NullStandardDeviation:G6} vs {splitSd:G6} over the splits");
        Assert.Equal((observed - result.NullMean) / result.NullStandardDeviation, result.NullDeviations, 12);
    }

    [Fact]
    public void PermutationTest_FarFromTheNull_PValueStopsAtItsFloor_WhileNullDeviationsKeepGrowing()
    {
        var rng = new Random(81);
        var x = TwoSampleData.Normal(rng, 100, 2);
        var near = MaximumMeanDiscrepancy.PermutationTest(new Random(82), x, TwoSampleData.Normal(rng, 100, 2, shift: 1), 49, 1.0);
        var far = MaximumMeanDiscrepancy.PermutationTest(new Random(82), x, TwoSampleData.Normal(rng, 100, 2, shift: 3), 49, 1.0);

        Assert.Equal(1.0 / 50, near.PValue);
        Assert.Equal(1.0 / 50, far.PValue);
        Assert.True(near.NullDeviations > 5, $"shift 1: {near.NullDeviations:F1} null standard deviations");
        Assert.True(far.NullDeviations > 2 * near.NullDeviations,
            $"shift 3: {far.NullDeviations:F1} null standard deviations, shift 1: {near.NullDeviations:F1}");
        Assert.True(double.IsNaN(MaximumMeanDiscrepancy.PermutationTest(new Random(83), x, x, 1).NullStandardDeviation));
    }

    [Fact]
    public void PermutationTest_PValueIsOnePlusCountOverOnePlusPermutations_AndReproducibleForASeed()
    {
        var rng = new Random(78);
        var x = TwoSampleData.Normal(rng, 20, 2);
        var y = TwoSampleData.Normal(rng, 15, 2, shift: 0.3);
        var first = MaximumMeanDiscrepancy.PermutationTest(new Random(79), x, y, 99);
        var again = MaximumMeanDiscrepancy.PermutationTest(new Random(79), x, y, 99);
        Assert.Equal(first, again);
        double count = first.PValue * 100 - 1;
        Assert.True(Math.Abs(count - Math.Round(count)) < 1e-9 && count >= 0 && count <= 99, $"p·(1 + B) − 1 = {count:R} is not a count in 0…99");
    }

    [Fact]
    public void BadInput_ThrowsArgumentExceptionNamingTheParameter()
    {
        var rng = new Random(80);
        var x = TwoSampleData.Normal(rng, 10, 2);
        var y = TwoSampleData.Normal(rng, 12, 2);
        Assert.Equal("bandwidth", Assert.Throws<ArgumentOutOfRangeException>(() => MaximumMeanDiscrepancy.SquaredUnbiased(x, y, 0.0)).ParamName);
        Assert.Equal("bandwidth", Assert.Throws<ArgumentOutOfRangeException>(() => MaximumMeanDiscrepancy.SquaredUnbiased(x, y, -1.0)).ParamName);
        Assert.Equal("bandwidth", Assert.Throws<ArgumentException>(() => MaximumMeanDiscrepancy.SquaredUnbiased(x, y, double.NaN)).ParamName);
        Assert.Equal("y", Assert.Throws<ArgumentException>(() => MaximumMeanDiscrepancy.SquaredUnbiased(x, TwoSampleData.Normal(rng, 12, 3))).ParamName);
        Assert.Equal("x", Assert.Throws<ArgumentException>(() => MaximumMeanDiscrepancy.SquaredUnbiased(x.SubMatrix(0, 1, 0, 2), y)).ParamName);
        var nan = y.Clone();
        nan[3, 1] = double.NaN;
        Assert.Equal("y", Assert.Throws<ArgumentException>(() => MaximumMeanDiscrepancy.MedianHeuristic(x, nan)).ParamName);
        Assert.Equal("permutations", Assert.Throws<ArgumentOutOfRangeException>(() => MaximumMeanDiscrepancy.PermutationTest(rng, x, y, 0)).ParamName);
        Assert.Equal("rng", Assert.Throws<ArgumentNullException>(() => MaximumMeanDiscrepancy.PermutationTest(null!, x, y, 10)).ParamName);
        var allSame = Matrix<double>.Build.Dense(4, 2, 1.0);
        Assert.Equal("bandwidth", Assert.Throws<ArgumentException>(() => MaximumMeanDiscrepancy.SquaredUnbiased(allSame, allSame)).ParamName);
    }

    private static Matrix<double> Rows(Matrix<double> m, int[] rows) => Matrix<double>.Build.DenseOfRowVectors(rows.Select(m.Row));

    private static double NaiveSquaredUnbiased(Matrix<double> x, Matrix<double> y, double h)
    {
        double K(Vector<double> a, Vector<double> b)
        {
            double r = TwoSampleData.Distance(a, b);
            return Math.Exp(-r * r / (2 * h * h));
        }
        return TwoSampleData.PairMean(x, x, K, true) + TwoSampleData.PairMean(y, y, K, true) - 2 * TwoSampleData.PairMean(x, y, K, false);
    }
}
