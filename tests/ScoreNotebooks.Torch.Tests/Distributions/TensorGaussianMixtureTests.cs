using MathNet.Numerics.LinearAlgebra;
using ScoreNotebooks.Datasets;
using ScoreNotebooks.Distributions;
using ScoreNotebooks.Torch.Distributions;
using static TorchSharp.torch;

namespace ScoreNotebooks.Torch.Tests.Distributions;

public class TensorGaussianMixtureTests : TorchTest
{
    // Two full-covariance components, so the eigen-decomposition path is exercised.
    private static GaussianMixture Correlated() => new(
        [0.3, 0.7],
        [
            new Gaussian(Vector<double>.Build.Dense([1.0, -0.5]), Matrix<double>.Build.DenseOfArray(new[,] { { 0.8, 0.3 }, { 0.3, 0.5 } })),
            new Gaussian(Vector<double>.Build.Dense([-1.5, 1.0]), Matrix<double>.Build.DenseOfArray(new[,] { { 0.4, -0.1 }, { -0.1, 1.2 } })),
        ]);

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.3)]
    [InlineData(2.0)]
    public void ScoreAndLogDensity_EqualTheCpuReferenceOfTheNoisyMixture(double sigma)
    {
        var mixture = Correlated();
        var reference = sigma == 0 ? mixture : mixture.AddNoise(sigma);
        var points = reference.Sample(new Random(5), 200);
        var exact = new TensorGaussianMixture(mixture);
        using var x = points.ToTensor();
        var score = exact.Score(x, sigma).ToMatrix();
        var logDensity = exact.LogDensity(x, sigma).ToVector();
        double scoreError = (score - reference.Score(points)).Enumerate().Max(Math.Abs);
        double densityError = (logDensity - reference.LogDensity(points)).AbsoluteMaximum();
        Assert.True(scoreError < 1e-4, $"max score error {scoreError:E2}");
        Assert.True(densityError < 1e-4, $"max log-density error {densityError:E2}");
    }

    [Fact]
    public void Score_WithOneLevelPerRow_EqualsEachRowsOwnNoisyScore()
    {
        var mixture = ToyData.EightGaussians();
        var exact = new TensorGaussianMixture(mixture);
        var points = mixture.Sample(new Random(6), 4);
        double[] sigmas = [0.1, 0.5, 1.0, 3.0];
        using var x = points.ToTensor();
        using var levels = tensor(sigmas.Select(s => (float)s).ToArray());
        var score = exact.Score(x, levels).ToMatrix();
        for (int i = 0; i < 4; i++)
        {
            var expected = mixture.AddNoise(sigmas[i]).Score(points.Row(i));
            Assert.True((score.Row(i) - expected).AbsoluteMaximum() < 1e-4, $"row {i}: {score.Row(i)} vs {expected}");
        }
    }

    [Fact]
    public void Score_OfPointsOfTheWrongDimension_ThrowsNamingTheShape()
    {
        var exact = new TensorGaussianMixture(ToyData.TwoModes());
        using var x = zeros(5, 3);
        var e = Assert.Throws<ArgumentException>(() => exact.Score(x));
        Assert.Equal("x", e.ParamName);
        Assert.Contains("expected (B, 2)", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => exact.Score(zeros(5, 2), -1.0));
    }
}
