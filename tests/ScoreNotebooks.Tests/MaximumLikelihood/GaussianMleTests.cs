using MathNet.Numerics.LinearAlgebra;
using ScoreNotebooks.Distributions;
using ScoreNotebooks.MaximumLikelihood;
using static ScoreNotebooks.Tests.ScoreMatching.ScoreModels;

namespace ScoreNotebooks.Tests.MaximumLikelihood;

public class GaussianMleTests
{
    [Fact]
    public void MeanAndCovariance_EqualHandComputedValues()
    {
        // Points (0, 0), (2, 0), (1, 3): mean (1, 1); centred (−1, −1), (1, −1), (0, 2).
        var samples = M(new[,] { { 0.0, 0.0 }, { 2.0, 0.0 }, { 1.0, 3.0 } });
        Assert.Equal(V(1, 1), GaussianMle.Mean(samples));
        var expected = M(new[,] { { 2.0 / 3, 0.0 }, { 0.0, 2.0 } });
        double err = (GaussianMle.Covariance(samples) - expected).InfinityNorm();
        Assert.True(err < 1e-15, $"covariance error {err:E3}");
    }

    [Fact]
    public void Fit_MaximisesTheLogLikelihood_PerturbationsLowerIt()
    {
        var rng = new Random(1);
        var samples = Data2D().Sample(rng, 200);
        var fit = GaussianMle.Fit(samples);
        double best = fit.LogDensity(samples).Sum();
        for (int trial = 0; trial < 30; trial++)
        {
            var dMean = Vector<double>.Build.Dense(2, _ => 0.05 * (2 * rng.NextDouble() - 1));
            var e = Matrix<double>.Build.Dense(2, 2, (_, _) => 0.05 * (2 * rng.NextDouble() - 1));
            var other = new Gaussian(fit.Mean + dMean, fit.Covariance + (e + e.Transpose()) * 0.5);
            double value = other.LogDensity(samples).Sum();
            Assert.True(value < best, $"trial {trial}: perturbed log-likelihood {value:R} ≥ MLE {best:R}");
        }
    }

    [Fact]
    public void Fit_OnManySamples_RecoversTheGenerator()
    {
        var data = Data2D();
        var fit = GaussianMle.Fit(data.Sample(new Random(2), 100_000));
        double meanErr = (fit.Mean - data.Mean).InfinityNorm();
        double covErr = (fit.Covariance - data.Covariance).InfinityNorm();
        Assert.True(meanErr < 0.02 && covErr < 0.03, $"mean error {meanErr:E3}, covariance error {covErr:E3}");
    }

    [Fact]
    public void BadInput_ThrowsArgumentExceptionNamingTheParameter()
    {
        Assert.Equal("samples", Assert.Throws<ArgumentException>(() => GaussianMle.Fit(M(new[,] { { 1.0, 2.0 } }))).ParamName);
        Assert.Equal("samples", Assert.Throws<ArgumentException>(() => GaussianMle.Mean(Matrix<double>.Build.Dense(0, 2))).ParamName);
        Assert.Equal("samples", Assert.Throws<ArgumentException>(() => GaussianMle.Covariance(M(new[,] { { double.NaN } }))).ParamName);
        Assert.Equal("samples", Assert.Throws<ArgumentNullException>(() => GaussianMle.Fit(null!)).ParamName);
    }
}
