using MathNet.Numerics.LinearAlgebra;
using ScoreNotebooks.Distributions;
using ScoreNotebooks.Divergences;

namespace ScoreNotebooks.Tests.Divergences;

public class FisherDivergenceTests
{
    // By hand in 1D: s_p − s_q = (1/vq − 1/vp) x + (mp/vp − mq/vq); under x ~ N(mp, vp) its mean is
    // (mp − mq)/vq and its variance (1/vq − 1/vp)² vp, so F = vp (1/vq − 1/vp)² + (mp − mq)²/vq².
    private static double ScalarFisher(double mp, double vp, double mq, double vq)
    {
        double slope = 1 / vq - 1 / vp;
        return vp * slope * slope + (mp - mq) * (mp - mq) / (vq * vq);
    }

    [Theory]
    [InlineData(0.0, 1.0, 0.0, 1.0)]
    [InlineData(0.3, 2.0, -1.2, 0.5)]
    [InlineData(-4.0, 0.01, 3.0, 9.0)]
    public void Between_In1D_EqualsScalarFormula(double mp, double vp, double mq, double vq)
    {
        double f = FisherDivergence.Between(Gaussian.WithMeanVariance(mp, vp), Gaussian.WithMeanVariance(mq, vq));
        double expected = ScalarFisher(mp, vp, mq, vq);
        double err = Math.Abs(f - expected);
        Assert.True(err < 1e-12 * Math.Max(1, expected), $"F {f:R} vs scalar {expected:R}, error {err:E3}");
    }

    [Fact]
    public void Between_In1D_AgreesWithMonteCarloWithinFourStandardErrors()
    {
        var p = Gaussian.WithMeanVariance(0.5, 2.0);
        var q = Gaussian.WithMeanVariance(-0.3, 0.7);
        var estimate = FisherDivergence.MonteCarlo(p, q, new Random(21), 20_000);
        double exact = FisherDivergence.Between(p, q);
        double z = estimate.StandardErrorsFrom(exact);
        Assert.True(z < 4, $"MC {estimate} vs exact {exact:G6}: {z:F2} standard errors");
    }

    [Fact]
    public void Between_In3DWithFullCovariances_AgreesWithMonteCarloWithinFourStandardErrors()
    {
        var p = GaussianPairs.Full3A();
        var q = GaussianPairs.Full3B();
        var estimate = FisherDivergence.MonteCarlo(p, q, new Random(22), 20_000);
        double exact = FisherDivergence.Between(p, q);
        double z = estimate.StandardErrorsFrom(exact);
        Assert.True(z < 4, $"MC {estimate} vs exact {exact:G6}: {z:F2} standard errors");
        Assert.True(estimate.StandardError < 0.05 * exact, $"standard error {estimate.StandardError:E3} too large to test against {exact:G4}");
    }

    [Fact]
    public void Between_In3D_EqualsTraceFormulaWithExplicitPrecisions()
    {
        // Independent route: tr(QΣ_pQ) − 2 tr(Q) + tr(P) + ‖Q(μ_p − μ_q)‖² with explicit inverses.
        var p = GaussianPairs.Full3A();
        var q = GaussianPairs.Full3B();
        var pp = p.Covariance.Inverse();
        var qq = q.Covariance.Inverse();
        var offset = qq * (p.Mean - q.Mean);
        double expected = (qq * p.Covariance * qq).Trace() - 2 * qq.Trace() + pp.Trace() + offset.DotProduct(offset);
        double f = FisherDivergence.Between(p, q);
        double err = Math.Abs(f - expected) / expected;
        Assert.True(err < 1e-10, $"F {f:R} vs trace formula {expected:R}, relative error {err:E3}");
    }

    [Fact]
    public void Between_SameDistribution_IsZero()
    {
        double f = FisherDivergence.Between(GaussianPairs.Full3A(), GaussianPairs.Full3A());
        Assert.True(Math.Abs(f) < 1e-12, $"F(p, p) = {f:E3}");
    }

    [Fact]
    public void Between_RandomPairs_IsPositiveWhenDifferent()
    {
        var rng = new Random(23);
        for (int trial = 0; trial < 50; trial++)
        {
            int d = 1 + trial % 4;
            double f = FisherDivergence.Between(GaussianPairs.Random(rng, d), GaussianPairs.Random(rng, d));
            Assert.True(f > 0, $"trial {trial}: F = {f:E3} for two different Gaussians");
        }
    }

    [Fact]
    public void Between_DifferentVariances_IsAsymmetric()
    {
        var narrow = Gaussian.WithMeanVariance(0, 0.1);
        var wide = Gaussian.WithMeanVariance(0, 10);
        double forward = FisherDivergence.Between(narrow, wide);  // 0.1 (0.1 − 10)² ≈ 9.80
        double reverse = FisherDivergence.Between(wide, narrow);  // 10 (10 − 0.1)² ≈ 980
        Assert.True(reverse - forward > 900, $"F(narrow‖wide) = {forward:G4}, F(wide‖narrow) = {reverse:G4}");
    }

    [Fact]
    public void FromSamples_EqualsPointwiseSquaredScoreDifference()
    {
        var p = GaussianPairs.Full3A();
        var q = GaussianPairs.Full3B();
        var samples = p.Sample(new Random(3), 300);
        var estimate = FisherDivergence.FromSamples(samples, p.Score, q.Score);
        var terms = Enumerable.Range(0, 300).Select(i =>
        {
            var gap = p.Score(samples.Row(i)) - q.Score(samples.Row(i));
            return gap.DotProduct(gap);
        }).ToArray();
        double err = Math.Abs(estimate.Value - terms.Average());
        Assert.True(err < 1e-12, $"value error {err:E3}");
        Assert.Equal(300, estimate.SampleCount);
    }

    [Fact]
    public void BadInput_Throws()
    {
        var p = Gaussian.Standard(2);
        Assert.Equal("q", Assert.Throws<ArgumentException>(() => FisherDivergence.Between(p, Gaussian.Standard(3))).ParamName);
        Assert.Equal("sampleCount", Assert.Throws<ArgumentOutOfRangeException>(() => FisherDivergence.MonteCarlo(p, p, new Random(1), 0)).ParamName);
        var samples = p.Sample(new Random(1), 5);
        Func<Matrix<double>, Matrix<double>> wrongShape = xs => Matrix<double>.Build.Dense(xs.RowCount, 1);
        Assert.Equal("scoreQ", Assert.Throws<ArgumentException>(() => FisherDivergence.FromSamples(samples, p.Score, wrongShape)).ParamName);
        Func<Matrix<double>, Matrix<double>> nan = xs => Matrix<double>.Build.Dense(xs.RowCount, xs.ColumnCount, double.NaN);
        Assert.Equal("scoreP", Assert.Throws<ArgumentException>(() => FisherDivergence.FromSamples(samples, nan, p.Score)).ParamName);
        Assert.Equal("samples", Assert.Throws<ArgumentException>(() => FisherDivergence.FromSamples(Matrix<double>.Build.Dense(0, 2), p.Score, p.Score)).ParamName);
    }
}
