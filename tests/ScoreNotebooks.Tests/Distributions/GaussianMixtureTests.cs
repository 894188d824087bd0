using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;
using ScoreNotebooks.Distributions;
using ScoreNotebooks.Numerics;

namespace ScoreNotebooks.Tests.Distributions;

public class GaussianMixtureTests
{
    public static TheoryData<string> Mixtures => new() { "ThreeIn2D", "TwoIn3D", "ThreeIn1D" };

    private static GaussianMixture Named(string name) => name switch
    {
        "ThreeIn2D" => TestMixtures.ThreeIn2D(),
        "TwoIn3D" => TestMixtures.TwoIn3D(),
        _ => TestMixtures.ThreeIn1D(),
    };

    // Independent density: MathNet's matrix normal with a d×1 mean and a 1×1 column covariance.
    private static double ReferenceDensity(GaussianMixture mixture, Vector<double> x)
    {
        double density = 0;
        for (int k = 0; k < mixture.ComponentCount; k++)
        {
            var c = mixture.Components[k];
            var matrixNormal = new MatrixNormal(c.Mean.ToColumnMatrix(), c.Covariance, Matrix<double>.Build.DenseIdentity(1));
            density += mixture.Weights[k] * matrixNormal.Density(x.ToColumnMatrix());
        }
        return density;
    }

    [Theory]
    [MemberData(nameof(Mixtures))]
    public void LogDensity_EqualsLogOfWeightedMatrixNormalDensities(string name)
    {
        var mixture = Named(name);
        var rng = new Random(11);
        for (int trial = 0; trial < 50; trial++)
        {
            var x = TestMixtures.RandomPoint(rng, mixture.Dimension, 3);
            double expected = Math.Log(ReferenceDensity(mixture, x));
            double err = Math.Abs(mixture.LogDensity(x) - expected);
            Assert.True(err < 1e-10 * Math.Max(1, Math.Abs(expected)), $"{name} trial {trial}: error {err:E3}");
        }
    }

    [Theory]
    [MemberData(nameof(Mixtures))]
    public void Score_EqualsFiniteDifferencesOfLogDensity(string name)
    {
        var mixture = Named(name);
        var rng = new Random(12);
        for (int trial = 0; trial < 50; trial++)
        {
            var x = TestMixtures.RandomPoint(rng, mixture.Dimension, 4);
            var fd = FiniteDifferences.Gradient(mixture.LogDensity, x);
            var score = mixture.Score(x);
            double err = (score - fd).L2Norm() / Math.Max(1, score.L2Norm());
            Assert.True(err < 1e-6, $"{name} trial {trial}: relative error {err:E3}");
        }
    }

    [Theory]
    [MemberData(nameof(Mixtures))]
    public void Responsibilities_AreNormalisedWeightedDensities(string name)
    {
        var mixture = Named(name);
        var rng = new Random(13);
        for (int trial = 0; trial < 30; trial++)
        {
            var x = TestMixtures.RandomPoint(rng, mixture.Dimension, 3);
            double total = ReferenceDensity(mixture, x);
            var r = mixture.Responsibilities(x);
            for (int k = 0; k < mixture.ComponentCount; k++)
            {
                var c = mixture.Components[k];
                var mn = new MatrixNormal(c.Mean.ToColumnMatrix(), c.Covariance, Matrix<double>.Build.DenseIdentity(1));
                double expected = mixture.Weights[k] * mn.Density(x.ToColumnMatrix()) / total;
                double err = Math.Abs(r[k] - expected);
                Assert.True(err < 1e-10, $"{name} trial {trial} component {k}: error {err:E3}");
            }
            Assert.True(Math.Abs(r.Sum() - 1) < 1e-14, $"responsibilities sum to {r.Sum():R}");
        }
    }

    [Theory]
    [MemberData(nameof(Mixtures))]
    public void BatchMethods_EqualPerPointMethods(string name)
    {
        var mixture = Named(name);
        var xs = Matrix<double>.Build.Dense(25, mixture.Dimension, (_, _) => 0);
        var rng = new Random(14);
        for (int i = 0; i < xs.RowCount; i++)
            xs.SetRow(i, TestMixtures.RandomPoint(rng, mixture.Dimension, 4));
        var logDensity = mixture.LogDensity(xs);
        var score = mixture.Score(xs);
        var r = mixture.Responsibilities(xs);
        var denoised = mixture.PosteriorMean(xs, 0.7);
        for (int i = 0; i < xs.RowCount; i++)
        {
            var x = xs.Row(i);
            double err = Math.Max(
                Math.Max(Math.Abs(logDensity[i] - mixture.LogDensity(x)), (score.Row(i) - mixture.Score(x)).InfinityNorm()),
                Math.Max((r.Row(i) - mixture.Responsibilities(x)).InfinityNorm(), (denoised.Row(i) - mixture.PosteriorMean(x, 0.7)).InfinityNorm()));
            Assert.True(err < 1e-12, $"{name} row {i}: batch vs point error {err:E3}");
        }
    }

    [Fact]
    public void Density_In2D_IntegratesToOneOnAGrid()
    {
        var mixture = TestMixtures.ThreeIn2D();
        // Midpoint rule on [−8, 8]²; the tails beyond are below e^{−40} and the rule is spectrally accurate for Gaussians.
        const int cells = 400;
        const double lo = -8, hi = 8;
        double h = (hi - lo) / cells;
        var points = Matrix<double>.Build.Dense(cells * cells, 2, (i, j) => lo + h * ((j == 0 ? i / cells : i % cells) + 0.5));
        double integral = mixture.LogDensity(points).PointwiseExp().Sum() * h * h;
        double err = Math.Abs(integral - 1);
        Assert.True(err < 1e-3, $"∫p = {integral:R}, error {err:E3}");
    }

    [Theory]
    [MemberData(nameof(Mixtures))]
    public void MeanAndCovariance_EqualSecondMomentFormula(string name)
    {
        // Independent route: Cov = Σₖ πₖ (Σₖ + μₖμₖᵀ) − μμᵀ, via raw second moments.
        var mixture = Named(name);
        int d = mixture.Dimension;
        var mean = Vector<double>.Build.Dense(d);
        var second = Matrix<double>.Build.Dense(d, d);
        for (int k = 0; k < mixture.ComponentCount; k++)
        {
            var c = mixture.Components[k];
            mean += mixture.Weights[k] * c.Mean;
            second += mixture.Weights[k] * (c.Covariance + c.Mean.OuterProduct(c.Mean));
        }
        double meanErr = (mixture.Mean - mean).InfinityNorm();
        double covErr = (mixture.Covariance - (second - mean.OuterProduct(mean))).InfinityNorm();
        Assert.True(meanErr < 1e-13 && covErr < 1e-12, $"{name}: mean error {meanErr:E3}, covariance error {covErr:E3}");
    }

    [Theory]
    [InlineData(0.1)]
    [InlineData(0.5)]
    [InlineData(1.0)]
    [InlineData(3.0)]
    public void Tweedie_NoisyPointPlusSigmaSquaredNoisyScore_EqualsPosteriorMean(double sigma)
    {
        // Efron (2011): E[x | x̂] = x̂ + σ² ∇log q_σ(x̂), checked against the component-wise posterior formula.
        foreach (var mixture in new[] { TestMixtures.ThreeIn2D(), TestMixtures.TwoIn3D(), TestMixtures.ThreeIn1D() })
        {
            var noisy = mixture.AddNoise(sigma);
            var rng = new Random(15);
            for (int trial = 0; trial < 100; trial++)
            {
                var xHat = TestMixtures.RandomPoint(rng, mixture.Dimension, 5);
                var tweedie = xHat + sigma * sigma * noisy.Score(xHat);
                double err = (tweedie - mixture.PosteriorMean(xHat, sigma)).InfinityNorm();
                Assert.True(err < 1e-9, $"{mixture}, σ = {sigma}, trial {trial}: error {err:E3}");
            }
        }
    }

    [Theory]
    [InlineData(0.3)]
    [InlineData(1.5)]
    public void PosteriorMean_In1D_EqualsQuadratureOfBayesRule(double sigma)
    {
        // E[x | x̂] = ∫ x p(x) N(x̂ | x, σ²) dx / ∫ p(x) N(x̂ | x, σ²) dx by a fine midpoint rule on [−12, 12].
        var mixture = TestMixtures.ThreeIn1D();
        const int cells = 20_000;
        double h = 24.0 / cells;
        var grid = Enumerable.Range(0, cells).Select(i => -12 + h * (i + 0.5)).ToArray();
        var prior = mixture.LogDensity(Matrix<double>.Build.Dense(cells, 1, grid)).PointwiseExp();
        foreach (double xHat in new[] { -3.0, -1.0, 0.0, 0.8, 2.5, 5.0 })
        {
            double num = 0, den = 0;
            for (int i = 0; i < cells; i++)
            {
                double w = prior[i] * Normal.PDF(grid[i], sigma, xHat);
                num += grid[i] * w;
                den += w;
            }
            double posteriorMean = mixture.PosteriorMean(Vector<double>.Build.Dense(1, xHat), sigma)[0];
            double err = Math.Abs(posteriorMean - num / den);
            Assert.True(err < 1e-8, $"σ = {sigma}, x̂ = {xHat}: posterior mean {posteriorMean:R} vs quadrature {num / den:R}, error {err:E3}");
        }
    }

    [Fact]
    public void AddNoise_SamplesOfXPlusSigmaEpsilon_MatchNoisyMixtureMoments()
    {
        const double sigma = 0.8;
        var mixture = TestMixtures.ThreeIn2D();
        var rng = new Random(16);
        var xs = mixture.Sample(rng, 40_000);
        var noisySamples = xs + Gaussian.StandardNormalMatrix(rng, xs.RowCount, xs.ColumnCount) * sigma;
        var noisy = mixture.AddNoise(sigma);
        SampleMoments.AssertMatch(noisySamples, noisy.Mean, noisy.Covariance, "x + σε");
        var expectedCov = mixture.Covariance + Matrix<double>.Build.DenseIdentity(2) * (sigma * sigma);
        double err = (noisy.Covariance - expectedCov).InfinityNorm();
        Assert.True(err < 1e-12, $"Cov[q_σ] − (Cov[p] + σ²I) = {err:E3}");
    }

    [Theory]
    [InlineData(0.4)]
    [InlineData(-1.7)]
    public void Scale_SamplesOfAlphaX_MatchScaledMixtureMoments(double alpha)
    {
        var mixture = TestMixtures.TwoIn3D();
        var scaledSamples = mixture.Sample(new Random(17), 40_000) * alpha;
        var scaled = mixture.Scale(alpha);
        SampleMoments.AssertMatch(scaledSamples, scaled.Mean, scaled.Covariance, $"αx, α = {alpha}");
        double err = Math.Max((scaled.Mean - alpha * mixture.Mean).InfinityNorm(), (scaled.Covariance - alpha * alpha * mixture.Covariance).InfinityNorm());
        Assert.True(err < 1e-12, $"scaled moments vs α-scaled moments: error {err:E3}");
    }

    [Fact]
    public void SampleWithComponents_LabelFractionsMatchWeightsAndZeroWeightIsNeverDrawn()
    {
        var c = TestMixtures.ThreeIn2D().Components;
        var mixture = new GaussianMixture([0.7, 0.0, 0.3], c);
        const int n = 20_000;
        var (samples, labels) = mixture.SampleWithComponents(new Random(18), n);
        Assert.Equal(n, samples.RowCount);
        Assert.DoesNotContain(1, labels);
        double fraction = labels.Count(k => k == 0) / (double)n;
        double se = Math.Sqrt(0.7 * 0.3 / n);
        Assert.True(Math.Abs(fraction - 0.7) < 4 * se, $"fraction {fraction:F4} vs 0.7, {Math.Abs(fraction - 0.7) / se:F2} s.e.");
    }

    [Fact]
    public void Sample_SameSeed_GivesSameMatrix()
    {
        var mixture = TestMixtures.ThreeIn2D();
        Assert.Equal(mixture.Sample(new Random(19), 100), mixture.Sample(new Random(19), 100));
    }

    [Fact]
    public void BadWeights_ThrowArgumentExceptionNamingWeights()
    {
        var c = TestMixtures.ThreeIn2D().Components;
        Assert.Equal("weights", Assert.Throws<ArgumentException>(() => new GaussianMixture([1.2, -0.1, -0.1], c)).ParamName);
        Assert.Equal("weights", Assert.Throws<ArgumentException>(() => new GaussianMixture([0.5, 0.3, 0.3], c)).ParamName);
        Assert.Equal("weights", Assert.Throws<ArgumentException>(() => new GaussianMixture([0.5, 0.5], c)).ParamName);
        Assert.Equal("weights", Assert.Throws<ArgumentException>(() => new GaussianMixture([0.5, double.NaN, 0.5], c)).ParamName);
        Assert.Equal("weights", Assert.Throws<ArgumentNullException>(() => new GaussianMixture(null!, c)).ParamName);
    }

    [Fact]
    public void BadComponents_ThrowArgumentExceptionNamingComponents()
    {
        Assert.Equal("components", Assert.Throws<ArgumentException>(() => new GaussianMixture([], [])).ParamName);
        Assert.Equal("components", Assert.Throws<ArgumentException>(() =>
            new GaussianMixture([0.5, 0.5], [Gaussian.Standard(2), Gaussian.Standard(3)])).ParamName);
        Assert.Equal("components", Assert.Throws<ArgumentException>(() =>
            new GaussianMixture([0.5, 0.5], [Gaussian.Standard(2), null!])).ParamName);
    }

    [Fact]
    public void BadSigmaAlphaOrPoint_ThrowArgumentExceptionNamingTheParameter()
    {
        var mixture = TestMixtures.ThreeIn2D();
        var x = Vector<double>.Build.Dense(2);
        foreach (double bad in new[] { 0.0, -1.0, double.NaN, double.PositiveInfinity })
        {
            Assert.Equal("sigma", Assert.ThrowsAny<ArgumentException>(() => mixture.AddNoise(bad)).ParamName);
            Assert.Equal("sigma", Assert.ThrowsAny<ArgumentException>(() => mixture.PosteriorMean(x, bad)).ParamName);
            Assert.Equal("sigma", Assert.ThrowsAny<ArgumentException>(() => GaussianMixture.Isotropic([1.0], Matrix<double>.Build.Dense(1, 2), bad)).ParamName);
        }
        Assert.Equal("alpha", Assert.ThrowsAny<ArgumentException>(() => mixture.Scale(0)).ParamName);
        Assert.Equal("alpha", Assert.ThrowsAny<ArgumentException>(() => mixture.Scale(double.NaN)).ParamName);
        Assert.Equal("x", Assert.Throws<ArgumentException>(() => mixture.LogDensity(Vector<double>.Build.Dense(3))).ParamName);
        Assert.Equal("x", Assert.Throws<ArgumentException>(() => mixture.Score(Vector<double>.Build.Dense(2, double.NaN))).ParamName);
        Assert.Equal("xs", Assert.Throws<ArgumentException>(() => mixture.Responsibilities(Matrix<double>.Build.Dense(4, 3))).ParamName);
        Assert.Equal("xNoisy", Assert.Throws<ArgumentException>(() => mixture.PosteriorMean(Vector<double>.Build.Dense(1), 1.0)).ParamName);
        Assert.Equal("n", Assert.Throws<ArgumentOutOfRangeException>(() => mixture.Sample(new Random(1), -1)).ParamName);
    }
}
