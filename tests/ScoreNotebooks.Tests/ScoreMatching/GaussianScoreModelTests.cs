using MathNet.Numerics.LinearAlgebra;
using ScoreNotebooks.Distributions;
using ScoreNotebooks.MaximumLikelihood;
using ScoreNotebooks.Numerics;
using ScoreNotebooks.ScoreMatching;
using static ScoreNotebooks.Tests.ScoreMatching.ScoreModels;

namespace ScoreNotebooks.Tests.ScoreMatching;

public class GaussianScoreModelTests
{
    [Fact]
    public void Score_EqualsFiniteDifferenceGradientOfGaussianLogDensity()
    {
        var rng = new Random(1);
        var model = new GaussianScoreModel(V(0.3, -0.2, 1.0), RandomSpd(rng, 3));
        var gaussian = model.ToGaussian();
        for (int trial = 0; trial < 10; trial++)
        {
            var x = Vector<double>.Build.Dense(3, _ => 4 * rng.NextDouble() - 2);
            var fd = FiniteDifferences.Gradient(gaussian.LogDensity, x);
            double err = RelativeError(model.Score(x), fd);
            Assert.True(err < 1e-8, $"trial {trial}: relative error {err:E3}");
        }
    }

    [Fact]
    public void BatchForms_EqualPointForms()
    {
        var rng = new Random(2);
        var model = new GaussianScoreModel(V(1.0, 2.0), RandomSpd(rng, 2));
        var xs = Matrix<double>.Build.Dense(7, 2, (_, _) => rng.NextDouble() * 3);
        var scores = model.Score(xs);
        var divergences = model.Divergence(xs);
        for (int i = 0; i < xs.RowCount; i++)
        {
            double err = (scores.Row(i) - model.Score(xs.Row(i))).InfinityNorm();
            Assert.True(err < 1e-13, $"row {i}: score error {err:E3}");
            Assert.Equal(model.Divergence(xs.Row(i)), divergences[i]);
        }
    }

    [Fact]
    public void Divergence_EqualsFiniteDifferenceDivergence()
    {
        var rng = new Random(3);
        var model = new GaussianScoreModel(V(0.0, 1.0, -1.0), RandomSpd(rng, 3));
        var x = V(0.4, -0.7, 2.0);
        double fd = FiniteDifferences.Divergence(model.Score, x);
        double err = Math.Abs(model.Divergence(x) - fd);
        Assert.True(err < 1e-7, $"−tr P = {model.Divergence(x):R} vs finite differences {fd:R}, error {err:E3}");
    }

    [Theory]
    [InlineData(1, 50)]
    [InlineData(2, 200)]
    [InlineData(3, 500)]
    public void FitByScoreMatching_EqualsMaximumLikelihood(int d, int n)
    {
        var rng = new Random(10 + d);
        var data = new Gaussian(Vector<double>.Build.Dense(d, i => i - 0.5), RandomSpd(rng, d));
        var samples = data.Sample(rng, n);
        var sm = GaussianScoreModel.FitByScoreMatching(samples);
        var mle = GaussianMle.Fit(samples);
        double meanErr = RelativeError(sm.Mean, mle.Mean);
        double precisionErr = RelativeError(sm.Precision, mle.Covariance.Inverse());
        Assert.True(meanErr < 1e-10, $"d = {d}: mean relative error {meanErr:E3}");
        Assert.True(precisionErr < 1e-10, $"d = {d}: precision relative error {precisionErr:E3}");
    }

    [Fact]
    public void FitByScoreMatching_MinimisesHyvarinenObjectiveOnTheSamples()
    {
        var rng = new Random(4);
        var samples = Data2D().Sample(rng, 300);
        var fit = GaussianScoreModel.FitByScoreMatching(samples);
        double best = ScoreMatchingObjective.Hyvarinen(fit, samples).Value;
        for (int trial = 0; trial < 30; trial++)
        {
            var dMean = Vector<double>.Build.Dense(2, _ => 0.05 * (2 * rng.NextDouble() - 1));
            var e = Matrix<double>.Build.Dense(2, 2, (_, _) => 0.05 * (2 * rng.NextDouble() - 1));
            var precision = fit.Precision + (e + e.Transpose()) * 0.5;
            var perturbed = new GaussianScoreModel(fit.Mean + dMean, precision);
            double value = ScoreMatchingObjective.Hyvarinen(perturbed, samples).Value;
            Assert.True(value > best, $"trial {trial}: perturbed L_SM {value:R} ≤ fitted {best:R}");
        }
    }

    [Fact]
    public void ExpectedHyvarinenObjective_AgreesWithMonteCarloWithinFourStandardErrors()
    {
        var data = Data2D();
        var model = new GaussianScoreModel(V(0.0, 0.0), M(new[,] { { 1.5, -0.3 }, { -0.3, 0.9 } }));
        var estimate = ScoreMatchingObjective.Hyvarinen(model, data.Sample(new Random(5), 40_000));
        double exact = model.ExpectedHyvarinenObjective(data);
        double z = estimate.StandardErrorsFrom(exact);
        Assert.True(z < 4, $"MC {estimate} vs exact {exact:G6}: {z:F2} standard errors");
    }

    [Fact]
    public void FromGaussian_RoundTripsThroughToGaussian()
    {
        var data = Data2D();
        var back = GaussianScoreModel.FromGaussian(data).ToGaussian();
        double err = RelativeError(back.Covariance, data.Covariance) + RelativeError(back.Mean, data.Mean);
        Assert.True(err < 1e-12, $"round-trip error {err:E3}");
    }

    [Fact]
    public void BadInput_ThrowsArgumentExceptionNamingTheParameter()
    {
        var notSpd = M(new[,] { { 1.0, 2.0 }, { 2.0, 1.0 } });
        Assert.Equal("precision", Assert.Throws<ArgumentException>(() => new GaussianScoreModel(V(0, 0), notSpd)).ParamName);
        Assert.Equal("precision", Assert.Throws<ArgumentException>(() => new GaussianScoreModel(V(0, 0), Matrix<double>.Build.DenseIdentity(3))).ParamName);
        Assert.Equal("mean", Assert.Throws<ArgumentException>(() => new GaussianScoreModel(V(double.NaN, 0), Matrix<double>.Build.DenseIdentity(2))).ParamName);
        Assert.Equal("variance", Assert.Throws<ArgumentOutOfRangeException>(() => GaussianScoreModel.WithMeanVariance(0, 0)).ParamName);
        var collinear = M(new[,] { { 0.0, 0.0 }, { 1.0, 1.0 }, { 2.0, 2.0 } });
        Assert.Equal("samples", Assert.Throws<ArgumentException>(() => GaussianScoreModel.FitByScoreMatching(collinear)).ParamName);
        Assert.Equal("samples", Assert.Throws<ArgumentException>(() => GaussianScoreModel.FitByScoreMatching(Matrix<double>.Build.Dense(100, 33))).ParamName);
        var model = GaussianScoreModel.WithMeanVariance(0, 1);
        Assert.Equal("x", Assert.Throws<ArgumentException>(() => model.Score(V(1, 2))).ParamName);
        Assert.Equal("data", Assert.Throws<ArgumentException>(() => model.ExpectedHyvarinenObjective(Data2D())).ParamName);
    }
}
