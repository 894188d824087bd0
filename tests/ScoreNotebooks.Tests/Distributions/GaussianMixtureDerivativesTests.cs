using MathNet.Numerics.LinearAlgebra;
using ScoreNotebooks.Distributions;
using ScoreNotebooks.Numerics;

namespace ScoreNotebooks.Tests.Distributions;

public class GaussianMixtureDerivativesTests
{
    public static TheoryData<string> Mixtures => new() { "ThreeIn2D", "TwoIn3D", "ThreeIn1D" };

    private static GaussianMixture Named(string name) => name switch
    {
        "ThreeIn2D" => TestMixtures.ThreeIn2D(),
        "TwoIn3D" => TestMixtures.TwoIn3D(),
        _ => TestMixtures.ThreeIn1D(),
    };

    [Theory]
    [MemberData(nameof(Mixtures))]
    public void ScoreDivergence_EqualsFiniteDifferenceDivergenceOfTheScore(string name)
    {
        var mixture = Named(name);
        var rng = new Random(31);
        for (int trial = 0; trial < 40; trial++)
        {
            var x = TestMixtures.RandomPoint(rng, mixture.Dimension, 4);
            double expected = FiniteDifferences.Divergence(mixture.Score, x);
            double err = Math.Abs(mixture.ScoreDivergence(x) - expected);
            Assert.True(err < 1e-6 * Math.Max(1, Math.Abs(expected)), $"{name} trial {trial}: Δ log p {mixture.ScoreDivergence(x):G8} vs {expected:G8}");
        }
    }

    [Theory]
    [MemberData(nameof(Mixtures))]
    public void ScoreJacobian_EqualsFiniteDifferenceJacobianOfTheScore_IsSymmetric_AndItsTraceIsTheDivergence(string name)
    {
        var mixture = Named(name);
        var rng = new Random(37);
        for (int trial = 0; trial < 40; trial++)
        {
            var x = TestMixtures.RandomPoint(rng, mixture.Dimension, 4);
            var expected = FiniteDifferences.Jacobian(mixture.Score, x);
            var jacobian = mixture.ScoreJacobian(x);
            double err = (jacobian - expected).Enumerate().Max(Math.Abs);
            double scale = Math.Max(1, expected.Enumerate().Max(Math.Abs));
            Assert.True(err < 1e-6 * scale, $"{name} trial {trial}: largest entry error {err:E2} against finite differences");
            Assert.Equal(0, (jacobian - jacobian.Transpose()).Enumerate().Max(Math.Abs), 12);
            Assert.Equal(mixture.ScoreDivergence(x), jacobian.Trace(), 9);
        }
    }

    [Fact]
    public void ScoreJacobian_OfOneGaussian_IsMinusThePrecision_AndBadPointsAreRefused()
    {
        var covariance = Matrix<double>.Build.DenseOfArray(new[,] { { 2.0, 0.3 }, { 0.3, 0.5 } });
        var single = new GaussianMixture([1.0], [new Gaussian(Vector<double>.Build.Dense([1.0, -1.0]), covariance)]);
        var jacobian = single.ScoreJacobian(Vector<double>.Build.Dense([0.4, 2.0]));
        Assert.True((jacobian + covariance.Inverse()).Enumerate().Max(Math.Abs) < 1e-12, jacobian.ToString());
        Assert.Equal("x", Assert.Throws<ArgumentException>(() => single.ScoreJacobian(Vector<double>.Build.Dense(3))).ParamName);
        Assert.Equal("x", Assert.Throws<ArgumentException>(() => single.ScoreJacobian(Vector<double>.Build.Dense([double.NaN, 0]))).ParamName);
    }

    [Fact]
    public void ScoreDivergence_OfOneGaussian_IsMinusTheTraceOfThePrecision()
    {
        var gaussian = TestMixtures.TwoIn3D().Components[0];
        var single = new GaussianMixture([1.0], [gaussian]);
        double expected = -gaussian.Precision().Trace();
        var x = Vector<double>.Build.DenseOfArray([3.0, -2.0, 0.5]);
        Assert.True(Math.Abs(single.ScoreDivergence(x) - expected) < 1e-12, $"{single.ScoreDivergence(x):R} vs {expected:R}");
    }

    [Theory]
    [MemberData(nameof(Mixtures))]
    public void BatchForms_AgreeWithThePerPointForms(string name)
    {
        var mixture = Named(name);
        var xs = Matrix<double>.Build.Dense(25, mixture.Dimension, (i, j) => 3 * Math.Sin(1.7 * i + 2.3 * j));
        var (score, divergence) = mixture.ScoreAndDivergence(xs);
        var batchScore = mixture.Score(xs);
        var batchDivergence = mixture.ScoreDivergence(xs);
        for (int i = 0; i < xs.RowCount; i++)
        {
            var row = xs.Row(i);
            double scoreErr = (score.Row(i) - mixture.Score(row)).InfinityNorm() + (batchScore.Row(i) - mixture.Score(row)).InfinityNorm();
            double divergenceErr = Math.Abs(divergence[i] - mixture.ScoreDivergence(row)) + Math.Abs(batchDivergence[i] - divergence[i]);
            Assert.True(scoreErr < 1e-11 && divergenceErr < 1e-10, $"{name} row {i}: score error {scoreErr:E3}, divergence error {divergenceErr:E3}");
        }
    }

    [Fact]
    public void ScoreDivergence_BetweenSeparatedModes_IsPositive()
    {
        // Halfway between two far modes log p is convex across the gap: the variance of the component scores wins.
        var twoModes = ScoreNotebooks.Datasets.ToyData.TwoModes();
        double midpoint = twoModes.ScoreDivergence(Vector<double>.Build.DenseOfArray([0.0, 0.0]));
        double atMode = twoModes.ScoreDivergence(Vector<double>.Build.DenseOfArray([-4.0, 0.0]));
        Assert.True(midpoint > 0, $"Δ log p at the midpoint is {midpoint:G6}");
        Assert.True(Math.Abs(atMode - (-2 / 0.25)) < 1e-9, $"Δ log p at a mode is {atMode:G10}, expected −d/s² = −8");
    }

    [Fact]
    public void BadInput_ThrowsArgumentExceptionNamingTheParameter()
    {
        var mixture = TestMixtures.ThreeIn2D();
        Assert.Equal("x", Assert.Throws<ArgumentException>(() => mixture.ScoreDivergence(Vector<double>.Build.Dense(3))).ParamName);
        Assert.Equal("xs", Assert.Throws<ArgumentException>(() => mixture.ScoreDivergence(Matrix<double>.Build.Dense(2, 3))).ParamName);
        Assert.Equal("xs", Assert.Throws<ArgumentException>(
            () => mixture.ScoreAndDivergence(Matrix<double>.Build.Dense(1, 2, double.NaN))).ParamName);
        Assert.Equal("xs", Assert.Throws<ArgumentException>(() => mixture.Score(Matrix<double>.Build.Dense(1, 2, 1e200))).ParamName);
    }
}
