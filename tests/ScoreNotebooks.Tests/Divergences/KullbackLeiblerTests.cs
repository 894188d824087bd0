using MathNet.Numerics.LinearAlgebra;
using ScoreNotebooks.Distributions;
using ScoreNotebooks.Divergences;

namespace ScoreNotebooks.Tests.Divergences;

public class KullbackLeiblerTests
{
    // Textbook scalar formula: KL(N(m0,v0) ‖ N(m1,v1)) = ½[log(v1/v0) + (v0 + (m0−m1)²)/v1 − 1].
    private static double ScalarKl(double m0, double v0, double m1, double v1) =>
        0.5 * (Math.Log(v1 / v0) + (v0 + (m0 - m1) * (m0 - m1)) / v1 - 1);

    [Theory]
    [InlineData(0.0, 1.0, 0.0, 1.0)]
    [InlineData(0.3, 2.0, -1.2, 0.5)]
    [InlineData(-4.0, 0.01, 3.0, 9.0)]
    public void Between_In1D_EqualsScalarFormula(double m0, double v0, double m1, double v1)
    {
        double kl = KullbackLeibler.Between(Gaussian.WithMeanVariance(m0, v0), Gaussian.WithMeanVariance(m1, v1));
        double expected = ScalarKl(m0, v0, m1, v1);
        double err = Math.Abs(kl - expected);
        Assert.True(err < 1e-12 * Math.Max(1, expected), $"KL {kl:R} vs scalar {expected:R}, error {err:E3}");
    }

    [Fact]
    public void Between_In1D_AgreesWithMonteCarloWithinFourStandardErrors()
    {
        var p = Gaussian.WithMeanVariance(0.5, 2.0);
        var q = Gaussian.WithMeanVariance(-0.3, 0.7);
        var estimate = KullbackLeibler.MonteCarlo(p, q, new Random(11), 20_000);
        double exact = KullbackLeibler.Between(p, q);
        double z = estimate.StandardErrorsFrom(exact);
        Assert.True(z < 4, $"MC {estimate} vs exact {exact:G6}: {z:F2} standard errors");
    }

    [Fact]
    public void Between_In3DWithFullCovariances_AgreesWithMonteCarloWithinFourStandardErrors()
    {
        var p = GaussianPairs.Full3A();
        var q = GaussianPairs.Full3B();
        var estimate = KullbackLeibler.MonteCarlo(p, q, new Random(12), 20_000);
        double exact = KullbackLeibler.Between(p, q);
        double z = estimate.StandardErrorsFrom(exact);
        Assert.True(z < 4, $"MC {estimate} vs exact {exact:G6}: {z:F2} standard errors");
        Assert.True(estimate.StandardError < 0.05 * exact, $"standard error {estimate.StandardError:E3} too large to test against {exact:G4}");
    }

    [Fact]
    public void Between_SameDistribution_IsZero()
    {
        var p = GaussianPairs.Full3A();
        double kl = KullbackLeibler.Between(p, GaussianPairs.Full3A());
        Assert.True(Math.Abs(kl) < 1e-12, $"KL(p, p) = {kl:E3}");
    }

    [Fact]
    public void Between_RandomPairs_IsNonNegativeAndPositiveWhenDifferent()
    {
        var rng = new Random(13);
        for (int trial = 0; trial < 50; trial++)
        {
            int d = 1 + trial % 4;
            var p = GaussianPairs.Random(rng, d);
            var q = GaussianPairs.Random(rng, d);
            double kl = KullbackLeibler.Between(p, q);
            Assert.True(kl > 0, $"trial {trial}: KL = {kl:E3} for two different Gaussians");
        }
    }

    [Fact]
    public void Between_DifferentVariances_IsAsymmetric()
    {
        var narrow = Gaussian.WithMeanVariance(0, 0.1);
        var wide = Gaussian.WithMeanVariance(0, 10);
        double forward = KullbackLeibler.Between(narrow, wide);  // ½[log 100 + 0.01 − 1] ≈ 1.80
        double reverse = KullbackLeibler.Between(wide, narrow);  // ½[log 0.01 + 100 − 1] ≈ 47.2
        Assert.True(reverse - forward > 40, $"KL(narrow‖wide) = {forward:G4}, KL(wide‖narrow) = {reverse:G4}");
    }

    [Fact]
    public void FromSamples_WithGivenLogDensities_MatchesMonteCarloOnSameDraws()
    {
        var p = GaussianPairs.Full3A();
        var q = GaussianPairs.Full3B();
        var viaSampler = KullbackLeibler.MonteCarlo(p, q, new Random(5), 500);
        var samples = p.Sample(new Random(5), 500);
        var viaSamples = KullbackLeibler.FromSamples(samples, p.LogDensity, q.LogDensity);
        // Independent recomputation of the terms, one point at a time.
        var terms = Enumerable.Range(0, 500).Select(i => p.LogDensity(samples.Row(i)) - q.LogDensity(samples.Row(i))).ToArray();
        double mean = terms.Average();
        double se = Math.Sqrt(terms.Sum(t => (t - mean) * (t - mean)) / 499 / 500);
        Assert.Equal(viaSampler.Value, viaSamples.Value, 12);
        Assert.True(Math.Abs(viaSamples.Value - mean) < 1e-12, $"value error {Math.Abs(viaSamples.Value - mean):E3}");
        Assert.True(Math.Abs(viaSamples.StandardError - se) < 1e-12, $"standard error error {Math.Abs(viaSamples.StandardError - se):E3}");
        Assert.Equal(500, viaSamples.SampleCount);
    }

    [Fact]
    public void Between_DimensionMismatch_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => KullbackLeibler.Between(Gaussian.Standard(2), Gaussian.Standard(3)));
        Assert.Equal("q", ex.ParamName);
    }

    [Fact]
    public void MonteCarlo_BadArguments_Throw()
    {
        var p = Gaussian.Standard(2);
        Assert.Equal("q", Assert.Throws<ArgumentException>(() => KullbackLeibler.MonteCarlo(p, Gaussian.Standard(1), new Random(1), 10)).ParamName);
        Assert.Equal("sampleCount", Assert.Throws<ArgumentOutOfRangeException>(() => KullbackLeibler.MonteCarlo(p, p, new Random(1), 1)).ParamName);
        Assert.Equal("rng", Assert.Throws<ArgumentNullException>(() => KullbackLeibler.MonteCarlo(p, p, null!, 10)).ParamName);
    }

    [Fact]
    public void FromSamples_BadInput_Throws()
    {
        var p = Gaussian.Standard(2);
        var good = p.Sample(new Random(1), 10);
        var withNaN = good.Clone();
        withNaN[3, 1] = double.NaN;
        Assert.Equal("samples", Assert.Throws<ArgumentException>(() => KullbackLeibler.FromSamples(withNaN, p.LogDensity, p.LogDensity)).ParamName);
        Assert.Equal("samples", Assert.Throws<ArgumentException>(() => KullbackLeibler.FromSamples(good.SubMatrix(0, 1, 0, 2), p.LogDensity, p.LogDensity)).ParamName);
        Assert.Equal("samples", Assert.Throws<ArgumentException>(() => KullbackLeibler.FromSamples(Matrix<double>.Build.Dense(0, 2), p.LogDensity, p.LogDensity)).ParamName);
        Func<Matrix<double>, Vector<double>> minusInfinity = xs => Vector<double>.Build.Dense(xs.RowCount, double.NegativeInfinity);
        Assert.Equal("logQ", Assert.Throws<ArgumentException>(() => KullbackLeibler.FromSamples(good, p.LogDensity, minusInfinity)).ParamName);
        Func<Matrix<double>, Vector<double>> tooShort = xs => Vector<double>.Build.Dense(xs.RowCount - 1);
        Assert.Equal("logP", Assert.Throws<ArgumentException>(() => KullbackLeibler.FromSamples(good, tooShort, p.LogDensity)).ParamName);
    }
}
