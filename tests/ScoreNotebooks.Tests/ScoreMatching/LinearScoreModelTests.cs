using MathNet.Numerics.LinearAlgebra;
using ScoreNotebooks.Distributions;
using ScoreNotebooks.MaximumLikelihood;
using ScoreNotebooks.ScoreMatching;
using ScoreNotebooks.Tests.Distributions;
using static ScoreNotebooks.Tests.ScoreMatching.ScoreModels;

namespace ScoreNotebooks.Tests.ScoreMatching;

public class LinearScoreModelTests
{
    [Fact]
    public void Fit_WithDegreeOnePolynomials_RecoversMinusInverseSampleCovarianceTimesOffset()
    {
        var rng = new Random(1);
        var samples = Data2D().Sample(rng, 500);
        var model = LinearScoreModel.Fit(samples, new PolynomialFeatures(1, 2));
        var mean = GaussianMle.Mean(samples);
        var precision = GaussianMle.Covariance(samples).Inverse();
        for (int trial = 0; trial < 10; trial++)
        {
            var x = Vector<double>.Build.Dense(2, _ => 6 * rng.NextDouble() - 3);
            var expected = -(precision * (x - mean));
            double err = RelativeError(model.Score(x), expected);
            Assert.True(err < 1e-9, $"trial {trial}: relative error {err:E3}");
        }
    }

    [Fact]
    public void ClosedFormWeights_AreAMinimum_RandomPerturbationsRaiseTheObjective()
    {
        var rng = new Random(2);
        var samples = TestMixtures.ThreeIn2D().Sample(rng, 400);
        var moments = FeatureMoments.FromSamples(samples, RbfFeatures.OnGrid(-2.5, 2.5, 4, 2, 1.0));
        var best = moments.Minimiser(1e-6);
        double bestValue = moments.Objective(best) + 1e-6 * Math.Pow(best.FrobeniusNorm(), 2);
        for (int trial = 0; trial < 30; trial++)
        {
            var e = Matrix<double>.Build.Dense(2, moments.FeatureCount, (_, _) => 0.01 * (2 * rng.NextDouble() - 1));
            var w = best + e;
            double value = moments.Objective(w) + 1e-6 * Math.Pow(w.FrobeniusNorm(), 2);
            Assert.True(value > bestValue, $"trial {trial}: perturbed {value:R} ≤ minimum {bestValue:R}");
        }
    }

    [Theory]
    [InlineData(0.05)]
    [InlineData(1e-3)]
    public void AtTheOptimum_MeanDivergencePaysForMeanSquaredLengthPlusRidge(double ridge)
    {
        // d/dε of the penalised objective along W* ↦ (1 + ε)W* vanishes at ε = 0:
        // 2E‖s‖² + 2λ‖W‖² + 2E[∇·s] = 0, whatever the data and the features.
        var samples = TestMixtures.ThreeIn2D().Sample(new Random(4), 14);
        var model = LinearScoreModel.Fit(samples, RbfFeatures.OnGrid(-4, 4, 9, 2, 1.0), ridge);
        double meanDivergence = model.Divergence(samples).Average();
        double meanSquare = model.Score(samples).EnumerateRows().Average(r => r.DotProduct(r));
        double penalty = ridge * Math.Pow(model.Weights.FrobeniusNorm(), 2);
        double err = Math.Abs(-meanDivergence - (meanSquare + penalty));
        Assert.True(err < 1e-9 * Math.Max(1, meanSquare), $"−E[∇·s] = {-meanDivergence:R}, E‖s‖² + λ‖W‖² = {meanSquare + penalty:R}");
        Assert.True(meanDivergence < 0, $"the data are sinks on average: E[∇·s] = {meanDivergence:R}");
    }

    [Fact]
    public void QuadraticObjective_EqualsPerSampleHyvarinenObjective()
    {
        // tr(W C Wᵀ) + 2 tr(W B) against the average of ‖Wφ‖² + 2∇·(Wφ) over the samples.
        var rng = new Random(3);
        var samples = Data2D().Sample(rng, 200);
        var features = new PolynomialFeatures(2, 2);
        var w = Matrix<double>.Build.Dense(2, features.FeatureCount, (_, _) => 2 * rng.NextDouble() - 1);
        double quadratic = FeatureMoments.FromSamples(samples, features).Objective(w);
        double perSample = ScoreMatchingObjective.Hyvarinen(new LinearScoreModel(w, features), samples).Value;
        Assert.True(Math.Abs(quadratic - perSample) < 1e-11 * Math.Max(1, Math.Abs(perSample)), $"quadratic {quadratic:R} vs per-sample {perSample:R}");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Divergence_EqualsFiniteDifferenceDivergence(bool rbf)
    {
        var rng = new Random(4);
        IFeatureMap features = rbf ? RbfFeatures.OnGrid(-2, 2, 3, 2, 0.9) : new PolynomialFeatures(3, 2);
        var model = new LinearScoreModel(Matrix<double>.Build.Dense(2, features.FeatureCount, (_, _) => rng.NextDouble() - 0.5), features);
        var closure = new FunctionScoreModel(2, model.Score);
        for (int trial = 0; trial < 5; trial++)
        {
            var x = Vector<double>.Build.Dense(2, _ => 3 * rng.NextDouble() - 1.5);
            double err = Math.Abs(model.Divergence(x) - closure.Divergence(x));
            Assert.True(err < 1e-7, $"trial {trial}: exact {model.Divergence(x):R} vs finite differences {closure.Divergence(x):R}");
        }
    }

    [Fact]
    public void Fit_WithRbfFeaturesOnMixtureData_ApproachesTheTrueScore()
    {
        var data = TestMixtures.ThreeIn2D();
        var rng = new Random(5);
        var samples = data.Sample(rng, 4000);
        var model = LinearScoreModel.Fit(samples, RbfFeatures.OnGrid(-3, 3.5, 8, 2, 0.7), ridge: 1e-4);
        var test = data.Sample(rng, 4000);
        var fitted = ScoreMatchingObjective.Explicit(model, test, data);
        var zero = ScoreMatchingObjective.Explicit(new FunctionScoreModel(2, _ => V(0, 0), _ => 0), test, data);
        Assert.True(fitted.Value < 0.1 * zero.Value, $"J_ESM of the fit {fitted} vs of s = 0 {zero}");
    }

    [Fact]
    public void Ridge_ShrinksTheWeights()
    {
        var samples = Data2D().Sample(new Random(6), 300);
        var moments = FeatureMoments.FromSamples(samples, RbfFeatures.OnGrid(-2, 2, 3, 2, 1.0));
        double[] norms = new[] { 1e-6, 1e-2, 1.0, 100.0 }.Select(l => moments.Minimiser(l).FrobeniusNorm()).ToArray();
        for (int i = 1; i < norms.Length; i++)
            Assert.True(norms[i] < norms[i - 1], $"‖W‖ at ridges 1e-6, 1e-2, 1, 100: {string.Join(", ", norms.Select(v => v.ToString("G4")))}");
    }

    [Fact]
    public void BadInput_ThrowsArgumentExceptionNamingTheParameter()
    {
        var samples = Data2D().Sample(new Random(7), 50);
        var duplicated = new RbfFeatures(M(new[,] { { 0.0, 0.0 }, { 0.0, 0.0 } }), 1.0);
        Assert.Equal("ridge", Assert.Throws<ArgumentException>(() => LinearScoreModel.Fit(samples, duplicated)).ParamName);
        Assert.Equal("ridge", Assert.Throws<ArgumentOutOfRangeException>(() => LinearScoreModel.Fit(samples, duplicated, -1)).ParamName);
        var features = new PolynomialFeatures(1, 2);
        Assert.Equal("weights", Assert.Throws<ArgumentException>(() => new LinearScoreModel(Matrix<double>.Build.Dense(3, 2), features)).ParamName);
        Assert.Equal("samples", Assert.Throws<ArgumentException>(() => LinearScoreModel.Fit(Matrix<double>.Build.Dense(5, 3), features)).ParamName);
        Assert.Equal("features", Assert.Throws<ArgumentNullException>(() => LinearScoreModel.Fit(samples, null!)).ParamName);
        var moments = FeatureMoments.FromSamples(samples, features);
        Assert.Equal("weights", Assert.Throws<ArgumentException>(() => moments.Objective(Matrix<double>.Build.Dense(2, 2))).ParamName);
    }
}
