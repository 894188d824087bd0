using MathNet.Numerics.LinearAlgebra;
using ScoreNotebooks.Distributions;
using ScoreNotebooks.MaximumLikelihood;
using ScoreNotebooks.Tests.Distributions;
using static ScoreNotebooks.Tests.ScoreMatching.ScoreModels;

namespace ScoreNotebooks.Tests.MaximumLikelihood;

public class ExpectationMaximizationTests
{
    // Three well-separated components with unequal weights and full covariances.
    private static GaussianMixture Separated() => new(
        [0.5, 0.3, 0.2],
        [
            new Gaussian(V(-5.0, 0.0), M(new[,] { { 0.8, 0.3 }, { 0.3, 0.5 } })),
            new Gaussian(V(5.0, 0.5), M(new[,] { { 0.4, -0.1 }, { -0.1, 0.9 } })),
            new Gaussian(V(0.0, 6.0), M(new[,] { { 0.3, 0.0 }, { 0.0, 0.3 } })),
        ]);

    [Theory]
    [InlineData(EmInitialisation.KMeansPlusPlus)]
    [InlineData(EmInitialisation.RandomPoints)]
    public void LogLikelihood_NeverDecreases(EmInitialisation initialisation)
    {
        var rng = new Random(1);
        var samples = TestMixtures.ThreeIn2D().Sample(rng, 1500);
        var steps = ExpectationMaximization.Run(rng, samples, 3, 60, initialisation).ToList();
        Assert.Equal(61, steps.Count);
        for (int t = 1; t < steps.Count; t++)
        {
            double drop = steps[t - 1].MeanLogLikelihood - steps[t].MeanLogLikelihood;
            Assert.True(drop < 1e-10, $"{initialisation}: log-likelihood fell by {drop:E3} at iteration {t}");
        }
        Assert.True(steps[^1].MeanLogLikelihood > steps[0].MeanLogLikelihood + 0.1,
            $"{initialisation}: no progress, {steps[0].MeanLogLikelihood:G6} → {steps[^1].MeanLogLikelihood:G6}");
    }

    [Fact]
    public void OnWellSeparatedData_RecoversTheMixture()
    {
        var truth = Separated();
        var rng = new Random(2);
        var samples = truth.Sample(rng, 6000);
        var fit = ExpectationMaximization.Run(rng, samples, 3, 100).Last();
        // EM's optimum fits the sample at least as well as the generator does.
        double trueLogLikelihood = truth.LogDensity(samples).Average();
        Assert.True(fit.MeanLogLikelihood >= trueLogLikelihood - 1e-9, $"EM {fit.MeanLogLikelihood:R} < truth {trueLogLikelihood:R}");
        foreach (var (component, k) in truth.Components.Select((c, k) => (c, k)))
        {
            int match = Enumerable.Range(0, 3).MinBy(j => (fit.Mixture.Components[j].Mean - component.Mean).L2Norm());
            var found = fit.Mixture.Components[match];
            double weightErr = Math.Abs(fit.Mixture.Weights[match] - truth.Weights[k]);
            double meanErr = (found.Mean - component.Mean).L2Norm();
            double covErr = (found.Covariance - component.Covariance).InfinityNorm();
            Assert.True(weightErr < 0.02 && meanErr < 0.06 && covErr < 0.1,
                $"component {k}: weight error {weightErr:E2}, mean error {meanErr:E2}, covariance error {covErr:E2}");
        }
    }

    [Fact]
    public void WithOneComponent_OneIterationGivesTheGaussianMle()
    {
        var samples = Data2D().Sample(new Random(3), 300);
        var step = ExpectationMaximization.Run(new Random(4), samples, 1, 1).Last();
        var mle = GaussianMle.Fit(samples);
        var fitted = step.Mixture.Components[0];
        double err = RelativeError(fitted.Covariance, mle.Covariance) + RelativeError(fitted.Mean, mle.Mean);
        Assert.True(err < 1e-12, $"relative error {err:E3}");
        double expected = mle.LogDensity(samples).Average();
        Assert.True(Math.Abs(step.MeanLogLikelihood - expected) < 1e-12, $"log-likelihood {step.MeanLogLikelihood:R} vs MLE {expected:R}");
    }

    [Fact]
    public void Steps_AreNumberedSnapshotsAndTheRunIsReproducible()
    {
        var samples = TestMixtures.ThreeIn2D().Sample(new Random(5), 500);
        var first = ExpectationMaximization.Run(new Random(6), samples, 3, 10).ToList();
        var second = ExpectationMaximization.Run(new Random(6), samples, 3, 10).ToList();
        Assert.Equal(Enumerable.Range(0, 11), first.Select(s => s.Iteration));
        Assert.Equal(first.Select(s => s.MeanLogLikelihood), second.Select(s => s.MeanLogLikelihood));
        Assert.NotEqual(first[0].Mixture.Components[0].Mean, first[^1].Mixture.Components[0].Mean);
    }

    [Fact]
    public void CovarianceFloor_StopsAComponentCollapsingOntoRepeatedPoints()
    {
        // Ten copies of one point beside a Gaussian cloud: the component that takes them would otherwise shrink to zero variance.
        var rng = new Random(7);
        var cloud = Gaussian.Standard(1).Sample(rng, 200);
        var samples = Matrix<double>.Build.Dense(210, 1, (i, _) => i < 200 ? cloud[i, 0] : 8.0);
        double floor = 1e-4 * GaussianMle.Covariance(samples)[0, 0];
        var last = ExpectationMaximization.Run(rng, samples, 2, 50, EmInitialisation.KMeansPlusPlus, 1e-4).Last();
        double smallest = last.Mixture.Components.Min(c => c.Covariance[0, 0]);
        Assert.True(double.IsFinite(last.MeanLogLikelihood), $"log-likelihood {last.MeanLogLikelihood}");
        Assert.True(Math.Abs(smallest - floor) < 1e-9 * floor, $"smallest variance {smallest:E4}, floor {floor:E4}");
    }

    [Fact]
    public void BadInput_ThrowsArgumentExceptionNamingTheParameter_WhenRunIsCalled()
    {
        var samples = Data2D().Sample(new Random(8), 20);
        var rng = new Random(9);
        Assert.Equal("rng", Assert.Throws<ArgumentNullException>(() => ExpectationMaximization.Run(null!, samples, 2, 5)).ParamName);
        Assert.Equal("components", Assert.Throws<ArgumentOutOfRangeException>(() => ExpectationMaximization.Run(rng, samples, 0, 5)).ParamName);
        Assert.Equal("iterations", Assert.Throws<ArgumentOutOfRangeException>(() => ExpectationMaximization.Run(rng, samples, 2, -1)).ParamName);
        Assert.Equal("samples", Assert.Throws<ArgumentException>(() => ExpectationMaximization.Run(rng, samples, 21, 5)).ParamName);
        Assert.Equal("samples", Assert.Throws<ArgumentException>(() => ExpectationMaximization.Run(rng, M(new[,] { { 1.0, 1.0 }, { 1.0, 1.0 }, { 1.0, 1.0 } }), 2, 5)).ParamName);
        Assert.Equal("covarianceFloor", Assert.Throws<ArgumentOutOfRangeException>(() => ExpectationMaximization.Run(rng, samples, 2, 5, EmInitialisation.RandomPoints, 0)).ParamName);
        Assert.Equal("covarianceFloor", Assert.Throws<ArgumentOutOfRangeException>(() => ExpectationMaximization.Run(rng, samples, 2, 5, EmInitialisation.RandomPoints, 1)).ParamName);
        Assert.Equal("initialisation", Assert.Throws<ArgumentException>(() => ExpectationMaximization.Run(rng, samples, 2, 5, (EmInitialisation)5)).ParamName);
    }
}
