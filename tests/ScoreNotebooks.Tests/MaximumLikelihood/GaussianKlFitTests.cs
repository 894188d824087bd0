using ScoreNotebooks.Distributions;
using ScoreNotebooks.Divergences;
using ScoreNotebooks.MaximumLikelihood;
using static ScoreNotebooks.Tests.ScoreMatching.ScoreModels;

namespace ScoreNotebooks.Tests.MaximumLikelihood;

public class GaussianKlFitTests
{
    // 0.6 N(−3, 0.5²) + 0.4 N(3, 0.7²): two modes six standard deviations apart.
    private static GaussianMixture Bimodal() => new(
        [0.6, 0.4], [Gaussian.WithMeanVariance(-3, 0.25), Gaussian.WithMeanVariance(3, 0.49)]);

    [Fact]
    public void Forward_OnBimodalTarget_MatchesItsMeanAndVariance()
    {
        // By hand: mean 0.6·(−3) + 0.4·3 = −0.6; E[x²] = 0.6·(0.25 + 9) + 0.4·(0.49 + 9) = 9.346; variance 9.346 − 0.36 = 8.986.
        var fit = GaussianKlFit.Forward(Bimodal());
        Assert.True(Math.Abs(fit.Mean[0] + 0.6) < 1e-12, $"mean {fit.Mean[0]:R}");
        Assert.True(Math.Abs(fit.Covariance[0, 0] - 8.986) < 1e-12, $"variance {fit.Covariance[0, 0]:R}");
    }

    [Fact]
    public void ReverseDivergence_ForGaussianTarget_EqualsClosedFormKl()
    {
        var p = Gaussian.WithMeanVariance(1.3, 0.36);
        double value = GaussianKlFit.ReverseDivergence(x => p.LogDensity(V(x)), -0.5, 1.7);
        double exact = KullbackLeibler.Between(Gaussian.WithMeanVariance(-0.5, 1.7 * 1.7), p);
        Assert.True(Math.Abs(value - exact) < 1e-10, $"quadrature {value:R} vs closed form {exact:R}");
    }

    [Fact]
    public void Reverse_OnGaussianTarget_RecoversTheTarget()
    {
        var p = Gaussian.WithMeanVariance(1.3, 0.36);
        var fit = GaussianKlFit.Reverse(p, 0.0, 1.0);
        double meanErr = Math.Abs(fit.Fit.Mean[0] - 1.3), stdErr = Math.Abs(Math.Sqrt(fit.Fit.Covariance[0, 0]) - 0.6);
        Assert.True(meanErr < 1e-5 && stdErr < 1e-5, $"fit {fit.Fit}: mean error {meanErr:E2}, std error {stdErr:E2}");
        Assert.True(fit.Divergence < 1e-9, $"KL at the fit {fit.Divergence:E3}");
    }

    [Theory]
    [InlineData(2.0, 3.0, 0.7)]
    [InlineData(-1.5, -3.0, 0.5)]
    public void Reverse_OnBimodalTarget_LocksOntoTheNearerMode(double start, double mode, double modeStd)
    {
        var target = Bimodal();
        var reverse = GaussianKlFit.Reverse(target, start, 1.0);
        var forward = GaussianKlFit.Forward(target);
        double mean = reverse.Fit.Mean[0], std = Math.Sqrt(reverse.Fit.Covariance[0, 0]);
        // The other mode is 6 units away, so the fit is the mode's own Gaussian up to a tiny pull.
        Assert.True(Math.Abs(mean - mode) < 0.01, $"start {start}: mean {mean:R}, mode {mode}");
        Assert.True(Math.Abs(std - modeStd) < 0.01, $"start {start}: std {std:R}, mode std {modeStd}");
        Assert.True(reverse.Fit.Covariance[0, 0] < 0.1 * forward.Covariance[0, 0],
            $"reverse variance {reverse.Fit.Covariance[0, 0]:G4} vs forward {forward.Covariance[0, 0]:G4}");
    }

    [Fact]
    public void Reverse_OnTwoSeparatedEqualModes_PaysLogTwo()
    {
        // q settles on one component N; p = ½N + ½(far away), so log q − log p = log 2 wherever q has mass.
        var target = new GaussianMixture([0.5, 0.5], [Gaussian.WithMeanVariance(-2, 0.25), Gaussian.WithMeanVariance(2, 0.25)]);
        var reverse = GaussianKlFit.Reverse(target, 1.0, 1.0);
        Assert.True(Math.Abs(reverse.Divergence - Math.Log(2)) < 1e-3, $"KL(q‖p) = {reverse.Divergence:R}, log 2 = {Math.Log(2):R}");
        Assert.True(Math.Abs(reverse.Fit.Mean[0] - 2) < 1e-3, $"mean {reverse.Fit.Mean[0]:R}");
    }

    [Fact]
    public void Reverse_DoesNotDependOnTheNormaliser()
    {
        var target = Bimodal();
        var normalised = GaussianKlFit.Reverse(target, 2.0, 1.0);
        var shifted = GaussianKlFit.Reverse(x => target.LogDensity(V(x)) + 5, 2.0, 1.0);
        double err = Math.Abs(normalised.Fit.Mean[0] - shifted.Fit.Mean[0]) + Math.Abs(normalised.Fit.Covariance[0, 0] - shifted.Fit.Covariance[0, 0]);
        Assert.True(err < 1e-5, $"fits {normalised.Fit} and {shifted.Fit}");
        Assert.True(Math.Abs(shifted.Divergence - (normalised.Divergence - 5)) < 1e-6, $"KL {normalised.Divergence:R} vs shifted {shifted.Divergence:R}");
    }

    [Fact]
    public void BadInput_ThrowsArgumentExceptionNamingTheParameter()
    {
        Assert.Equal("target", Assert.Throws<ArgumentException>(() => GaussianKlFit.Reverse(Gaussian.Standard(2), 0, 1)).ParamName);
        Assert.Equal("initialStd", Assert.Throws<ArgumentOutOfRangeException>(() => GaussianKlFit.Reverse(Bimodal(), 0, 0)).ParamName);
        Assert.Equal("initialMean", Assert.Throws<ArgumentException>(() => GaussianKlFit.Reverse(Bimodal(), double.NaN, 1)).ParamName);
        Assert.Equal("points", Assert.Throws<ArgumentException>(() => GaussianKlFit.Reverse(Bimodal(), 0, 1, 100)).ParamName);
        Assert.Equal("logTarget", Assert.Throws<ArgumentException>(() => GaussianKlFit.Reverse(x => x > 0 ? 0 : double.NegativeInfinity, 0, 1)).ParamName);
        Assert.Equal("logTarget", Assert.Throws<ArgumentException>(() => GaussianKlFit.ReverseDivergence(_ => double.NaN, 0, 1)).ParamName);
        Assert.Equal("target", Assert.Throws<ArgumentNullException>(() => GaussianKlFit.Forward(null!)).ParamName);
    }
}
