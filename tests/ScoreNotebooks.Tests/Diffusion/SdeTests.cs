using MathNet.Numerics.LinearAlgebra;
using ScoreNotebooks.Diffusion;
using ScoreNotebooks.Numerics;
using ScoreNotebooks.Tests.Distributions;

namespace ScoreNotebooks.Tests.Diffusion;

public class SdeTests
{
    private static readonly double[] Times = [0.05, 0.2, 0.5, 0.8, 1.0];

    [Theory]
    [MemberData(nameof(Sdes.Names), MemberType = typeof(Sdes))]
    public void KernelMoments_SolveTheMomentEquationsOfTheSde(string name)
    {
        // dα/dt = a α and d(σ²)/dt = 2a σ² + g² (Särkkä & Solin 2019, Eq. 5.51), checked by finite differences.
        var sde = Sdes.Named(name);
        foreach (double t in Times.Where(t => t < sde.T))
        {
            double dAlpha = FiniteDifferences.Derivative(sde.MeanScale, t, 1e-6);
            double dVariance = FiniteDifferences.Derivative(s => Math.Pow(sde.Std(s), 2), t, 1e-6);
            double alpha = sde.MeanScale(t), variance = Math.Pow(sde.Std(t), 2), a = sde.DriftRate(t), g = sde.Diffusion(t);
            double alphaErr = Math.Abs(dAlpha - a * alpha) / Math.Max(1, Math.Abs(a * alpha));
            double varianceRhs = 2 * a * variance + g * g;
            double varianceErr = Math.Abs(dVariance - varianceRhs) / Math.Max(1, Math.Abs(varianceRhs));
            Assert.True(alphaErr < 1e-6, $"{name} t = {t}: dα/dt {dAlpha:G8} vs aα {a * alpha:G8}");
            Assert.True(varianceErr < 1e-6, $"{name} t = {t}: dσ²/dt {dVariance:G8} vs 2aσ² + g² {varianceRhs:G8}");
        }
        Assert.Equal(1, sde.MeanScale(0));
        Assert.Equal(0, sde.Std(0));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.3)]
    [InlineData(1.0)]
    public void VpAndSubVp_MatchTheClosedFormsOfSongEtAl(double t)
    {
        // B(t) = 0.1 t + ½ t² (20 − 0.1); VP: α = e^{−B/2}, σ² = 1 − e^{−B}; sub-VP: σ = 1 − e^{−B}, g² = β(1 − e^{−2B}).
        double beta = 0.1 + t * 19.9, b = 0.1 * t + 0.5 * t * t * 19.9;
        var vp = new VpSde();
        var subVp = new SubVpSde();
        AssertClose(Math.Exp(-b / 2), vp.MeanScale(t), "VP α");
        AssertClose(Math.Sqrt(1 - Math.Exp(-b)), vp.Std(t), "VP σ");
        AssertClose(Math.Sqrt(beta), vp.Diffusion(t), "VP g");
        AssertClose(-beta / 2, vp.DriftRate(t), "VP a");
        AssertClose(b, vp.BetaIntegral(t), "VP B");
        AssertClose(Math.Exp(-b / 2), subVp.MeanScale(t), "sub-VP α");
        AssertClose(1 - Math.Exp(-b), subVp.Std(t), "sub-VP σ");
        AssertClose(Math.Sqrt(beta * (1 - Math.Exp(-2 * b))), subVp.Diffusion(t), "sub-VP g");
        Assert.True(subVp.Std(t) <= vp.Std(t), $"sub-VP σ {subVp.Std(t)} exceeds VP σ {vp.Std(t)}");
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.4)]
    [InlineData(1.0)]
    public void Ve_MatchesTheClosedFormsOfSongEtAl(double t)
    {
        var ve = new VeSde(sigmaMin: 0.02, sigmaMax: 20);
        double sigma = 0.02 * Math.Pow(1000, t);
        AssertClose(sigma, ve.Sigma(t), "σ(t)");
        AssertClose(sigma * Math.Sqrt(2 * Math.Log(1000)), ve.Diffusion(t), "g");
        AssertClose(Math.Sqrt(sigma * sigma - 0.02 * 0.02), ve.Std(t), "kernel σ");
        Assert.Equal(1, ve.MeanScale(t));
        Assert.Equal(0, ve.DriftRate(t));
        Assert.Equal(20, ve.PriorStd);
    }

    [Fact]
    public void Std_AtTinyTimes_KeepsItsRelativeAccuracy()
    {
        // σ(t)² ≈ B(t) ≈ β_min t for VP as t → 0; the naive 1 − e^{−B} would lose about half its digits at t = 1e−9.
        double t = 1e-9, b = 0.1 * t + 0.5 * t * t * 19.9;
        AssertClose(Math.Sqrt(b - b * b / 2), new VpSde().Std(t), "VP σ at t = 1e−9");
        var ve = new VeSde();
        double logRatio = Math.Log(5000);
        AssertClose(0.01 * Math.Sqrt(2 * t * logRatio + 2 * Math.Pow(t * logRatio, 2)), ve.Std(t), "VE σ at t = 1e−9");
    }

    [Theory]
    [MemberData(nameof(Sdes.Names), MemberType = typeof(Sdes))]
    public void Marginal_HasTheScaledMeanAndTheScaledPlusNoiseCovariance(string name)
    {
        var sde = Sdes.Named(name);
        var p0 = TestMixtures.ThreeIn2D();
        foreach (double t in Times)
        {
            var pt = sde.Marginal(p0, t);
            double alpha = sde.MeanScale(t), sigma = sde.Std(t);
            var covariance = alpha * alpha * p0.Covariance + sigma * sigma * Matrix<double>.Build.DenseIdentity(2);
            double meanErr = (pt.Mean - alpha * p0.Mean).InfinityNorm();
            double covErr = (pt.Covariance - covariance).InfinityNorm() / covariance.InfinityNorm();
            Assert.True(meanErr < 1e-12 && covErr < 1e-12, $"{name} t = {t}: mean error {meanErr:E3}, covariance error {covErr:E3}");
            Assert.Equal(p0.Weights, pt.Weights);
        }
        Assert.Same(p0, sde.Marginal(p0, 0));
    }

    [Theory]
    [MemberData(nameof(Sdes.Names), MemberType = typeof(Sdes))]
    public void ExactScoreAndDivergence_AreThoseOfTheMarginal(string name)
    {
        var sde = Sdes.Named(name);
        var p0 = TestMixtures.ThreeIn2D();
        var x = Matrix<double>.Build.DenseOfArray(new[,] { { 0.3, -0.2 }, { 2.0, 1.0 } });
        var score = sde.ExactScore(p0)(x, 0.1);
        var divergence = sde.ExactScoreDivergence(p0)(x, 0.1);
        var pt = sde.Marginal(p0, 0.1);
        for (int i = 0; i < 2; i++)
        {
            var fd = FiniteDifferences.Gradient(pt.LogDensity, x.Row(i));
            double fdDivergence = FiniteDifferences.Divergence(pt.Score, x.Row(i));
            Assert.True((score.Row(i) - fd).InfinityNorm() < 1e-6, $"{name} row {i}: score {score.Row(i)} vs ∇ log pₜ {fd}");
            Assert.True(Math.Abs(divergence[i] - fdDivergence) < 1e-5, $"{name} row {i}: divergence {divergence[i]:G8} vs {fdDivergence:G8}");
        }
    }

    [Theory]
    [MemberData(nameof(Sdes.Names), MemberType = typeof(Sdes))]
    public void Prior_LogDensityIsTheIsotropicGaussianOfPriorStd(string name)
    {
        var sde = Sdes.Named(name);
        var x = Matrix<double>.Build.DenseOfArray(new[,] { { 0.5, -1.0, 2.0 }, { 30.0, 0.0, -4.0 } });
        var prior = sde.Prior(3);
        var batch = sde.PriorLogDensity(x);
        for (int i = 0; i < 2; i++)
        {
            AssertClose(prior.LogDensity(x.Row(i)), batch[i], $"{name} row {i}");
            AssertClose(batch[i], sde.PriorLogDensity(x.Row(i)), $"{name} row {i} (vector overload)");
        }
        var samples = sde.SamplePrior(new Random(7), 20_000, 1).Column(0);
        double sd = Math.Sqrt(samples.PointwisePower(2).Average());
        Assert.True(Math.Abs(sd / sde.PriorStd - 1) < 5 * Math.Sqrt(0.5 / 20_000), $"{name}: prior sample sd {sd:G6} vs {sde.PriorStd}");
    }

    [Fact]
    public void BadInput_ThrowsArgumentExceptionNamingTheParameter()
    {
        var vp = new VpSde();
        Assert.Equal("t", Assert.Throws<ArgumentOutOfRangeException>(() => vp.Std(-0.1)).ParamName);
        Assert.Equal("t", Assert.Throws<ArgumentOutOfRangeException>(() => vp.Diffusion(1.5)).ParamName);
        Assert.Equal("t", Assert.Throws<ArgumentException>(() => vp.MeanScale(double.NaN)).ParamName);
        Assert.Equal("t", Assert.Throws<ArgumentOutOfRangeException>(() => vp.Marginal(TestMixtures.ThreeIn2D(), 2)).ParamName);
        Assert.Equal("p0", Assert.Throws<ArgumentNullException>(() => vp.ExactScore(null!)).ParamName);
        Assert.Equal("x", Assert.Throws<ArgumentException>(() => vp.Drift(Matrix<double>.Build.Dense(1, 1, double.NaN), 0.5)).ParamName);
        Assert.Equal("xs", Assert.Throws<ArgumentException>(() => vp.PriorLogDensity(Matrix<double>.Build.Dense(2, 0))).ParamName);
        Assert.Equal("dimension", Assert.Throws<ArgumentOutOfRangeException>(() => vp.SamplePrior(new Random(1), 3, 0)).ParamName);
        Assert.Equal("betaMin", Assert.Throws<ArgumentOutOfRangeException>(() => new VpSde(betaMin: -1)).ParamName);
        Assert.Equal("betaMax", Assert.Throws<ArgumentOutOfRangeException>(() => new SubVpSde(betaMin: 5, betaMax: 1)).ParamName);
        Assert.Equal("sigmaMin", Assert.Throws<ArgumentOutOfRangeException>(() => new VeSde(sigmaMin: 0)).ParamName);
        Assert.Equal("sigmaMax", Assert.Throws<ArgumentOutOfRangeException>(() => new VeSde(sigmaMin: 1, sigmaMax: 1)).ParamName);
        Assert.Equal("eps", Assert.Throws<ArgumentOutOfRangeException>(() => new VpSde(endTime: 1, eps: 1)).ParamName);
        Assert.Equal("endTime", Assert.Throws<ArgumentOutOfRangeException>(() => new VeSde(endTime: 0)).ParamName);
        Assert.Equal("eps", Assert.Throws<ArgumentException>(() => new VeSde(eps: double.NaN)).ParamName);
    }

    // Relative agreement to 1e−11 (exact zeros must be exact).
    private static void AssertClose(double expected, double actual, string what) =>
        Assert.True(Math.Abs(actual - expected) <= 1e-11 * Math.Abs(expected), $"{what}: {actual:R} vs {expected:R}");
}
