using ScoreNotebooks.Tests.Datasets;
using MathNet.Numerics.LinearAlgebra;
using ScoreNotebooks.Datasets;
using ScoreNotebooks.Distributions;
using ScoreNotebooks.MaximumLikelihood;
using ScoreNotebooks.Numerics;

namespace ScoreNotebooks.Tests.MaximumLikelihood;

/// <summary>
/// Multinomial logistic regression: its objective's gradient against finite differences, the fit's optimality
/// condition, the closed-form log-odds of two Gaussian classes with a shared variance, and the real digits.
/// </summary>
public class SoftmaxRegressionTests
{
    private static (Matrix<double> X, int[] Y) TwoGaussianClasses(int perClass, int seed)
    {
        // Classes N(−1, 1) and N(+1, 1), equally likely: log p(1 | x)/p(0 | x) = 2x exactly.
        var rng = new Random(seed);
        var left = Gaussian.WithMeanVariance(-1, 1).Sample(rng, perClass);
        var right = Gaussian.WithMeanVariance(1, 1).Sample(rng, perClass);
        return (left.Stack(right), Enumerable.Repeat(0, perClass).Concat(Enumerable.Repeat(1, perClass)).ToArray());
    }

    private static string DataFile() => DataFiles.File("digits.csv.gz");

    [Fact]
    public void ObjectiveGradient_MatchesFiniteDifferences()
    {
        var rng = new Random(3);
        var x = Matrix<double>.Build.Dense(12, 3, (_, _) => rng.NextDouble() * 4 - 2);
        int[] y = Enumerable.Range(0, 12).Select(i => i % 4).ToArray();
        var theta = Vector<double>.Build.Dense(4 * 4, _ => rng.NextDouble() - 0.5);

        var (_, gradient) = SoftmaxRegression.Objective(x, y, 4, 0.3, theta);
        var numeric = FiniteDifferences.Gradient(t => SoftmaxRegression.Objective(x, y, 4, 0.3, t).Value, theta);

        Assert.True((gradient - numeric).InfinityNorm() < 1e-7, $"largest difference {(gradient - numeric).InfinityNorm():E2}");
    }

    [Fact]
    public void Fit_EndsWhereTheGradientVanishes()
    {
        var (x, y) = TwoGaussianClasses(200, 5);

        var model = SoftmaxRegression.Fit(x, y, 2, ridge: 0.05);

        var theta = Vector<double>.Build.Dense([.. model.Weights.Row(0), .. model.Weights.Row(1), .. model.Biases]);
        var (_, gradient) = SoftmaxRegression.Objective(x, y, 2, 0.05, theta);
        Assert.True(gradient.InfinityNorm() < 1e-6, $"gradient {gradient.InfinityNorm():E2} at the fit");
    }

    [Fact]
    public void Fit_OfTwoGaussianClasses_RecoversTheLogOdds2x()
    {
        // With 20 000 points per class and no penalty the fitted slope and intercept are maximum-likelihood estimates of
        // 2 and 0; the inverse Fisher information, 1/(n E[p(1 − p) x²]) and 1/(n E[p(1 − p)]) with n = 40 000 and
        // E[p(1 − p) x²] ≈ 0.1, E[p(1 − p)] ≈ 0.13, puts both standard errors below 0.02.
        var (x, y) = TwoGaussianClasses(20_000, 7);

        var model = SoftmaxRegression.Fit(x, y, 2, ridge: 0);

        double slope = model.Weights[1, 0] - model.Weights[0, 0];
        double intercept = model.Biases[1] - model.Biases[0];
        Assert.InRange(slope, 2 - 4 * 0.02, 2 + 4 * 0.02);
        Assert.InRange(intercept, -4 * 0.02, 4 * 0.02);
    }

    [Fact]
    public void Probabilities_SumToOne_AndPredictTakesTheLargest()
    {
        var (x, y) = TwoGaussianClasses(50, 9);
        var model = SoftmaxRegression.Fit(x, y, 2);

        var p = model.Probabilities(x);
        var predicted = model.Predict(x);

        for (int i = 0; i < x.RowCount; i++)
        {
            Assert.Equal(1, p.Row(i).Sum(), 1e-12);
            Assert.Equal(p[i, 1] > p[i, 0] ? 1 : 0, predicted[i]);
        }
    }

    [Fact]
    public void Fit_OnTheDigits_ClassifiesHeldOutImagesWell()
    {
        var (training, heldOut) = Digits.Split(Digits.Load(DataFile()), new Random(1), 0.2);
        var scale = 1.0 / Digits.MaximumPixel;

        var model = SoftmaxRegression.Fit(training.Pixels * scale, training.Labels, Digits.ClassCount, ridge: 1e-3);

        // Linear classifiers reach about 95 % on this data; chance is 10 %.
        Assert.True(model.Accuracy(heldOut.Pixels * scale, heldOut.Labels) > 0.9);
    }

    [Theory]
    [InlineData(new[] { 0, 2 }, 2, "labels")]
    [InlineData(new[] { 0, -1 }, 2, "labels")]
    [InlineData(new[] { 0 }, 2, "labels")]
    [InlineData(new[] { 0, 0 }, 1, "classCount")]
    public void BadLabelsOrClassCount_AreRefused_ByName(int[] labels, int classCount, string name)
    {
        var x = Matrix<double>.Build.Dense(2, 1, [0.0, 1.0]);

        var error = Assert.ThrowsAny<ArgumentException>(() => SoftmaxRegression.Fit(x, labels, classCount));

        Assert.Equal(name, error.ParamName);
    }

    [Fact]
    public void ANegativeRidgeOrANonFiniteFeature_IsRefused()
    {
        var x = Matrix<double>.Build.Dense(2, 1, [0.0, 1.0]);
        var bad = Matrix<double>.Build.Dense(2, 1, [0.0, double.NaN]);

        Assert.Equal("ridge", Assert.ThrowsAny<ArgumentException>(() => SoftmaxRegression.Fit(x, [0, 1], 2, ridge: -1)).ParamName);
        Assert.Equal("features", Assert.ThrowsAny<ArgumentException>(() => SoftmaxRegression.Fit(bad, [0, 1], 2)).ParamName);
    }
}
