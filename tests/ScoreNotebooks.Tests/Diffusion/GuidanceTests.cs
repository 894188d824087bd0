using MathNet.Numerics.LinearAlgebra;
using ScoreNotebooks.Diffusion;
using ScoreNotebooks.Distributions;
using ScoreNotebooks.Numerics;

namespace ScoreNotebooks.Tests.Diffusion;

/// <summary>
/// Classifier-free guidance with exact scores: the guided score against finite differences of the tilted noisy density,
/// and the tilted samples against a direct numerical integral of p(x | c)^{1+w} p(x)^{−w}.
/// </summary>
public class GuidanceTests
{
    // Class c: two modes; the other class (probability 1/2): one mode beside c's right one.
    private static readonly GaussianMixture Conditional =
        new([0.5, 0.5], [Gaussian.WithMeanVariance(-2, 0.25), Gaussian.WithMeanVariance(2, 0.25)]);

    private static readonly GaussianMixture Unconditional = new([0.25, 0.25, 0.5],
        [Gaussian.WithMeanVariance(-2, 0.25), Gaussian.WithMeanVariance(2, 0.25), Gaussian.WithMeanVariance(2.8, 0.25)]);

    [Theory]
    [InlineData(0.0, 0.0)]
    [InlineData(1.0, 0.3)]
    [InlineData(4.0, 1.5)]
    public void Score_IsTheGradientOfTheTiltedNoisyLogDensity(double weight, double sigma)
    {
        var score = Guidance.Score(Conditional, Unconditional, weight);
        var conditional = sigma == 0 ? Conditional : Conditional.AddNoise(sigma);
        var unconditional = sigma == 0 ? Unconditional : Unconditional.AddNoise(sigma);
        double TiltedLog(Vector<double> x) => (1 + weight) * conditional.LogDensity(x) - weight * unconditional.LogDensity(x);

        foreach (double x in new[] { -2.7, -0.4, 1.9, 2.5, 3.6 })
        {
            var point = Vector<double>.Build.Dense([x]);
            double expected = FiniteDifferences.Gradient(TiltedLog, point)[0];
            double actual = score(Matrix<double>.Build.Dense(1, 1, x), sigma)[0, 0];
            Assert.True(Math.Abs(actual - expected) < 1e-6 * Math.Max(1, Math.Abs(expected)), $"x = {x}: {actual} vs {expected}");
        }
    }

    [Fact]
    public void Score_WithWeightZero_IsTheConditionalScore()
    {
        var x = Matrix<double>.Build.DenseOfColumnArrays(new[] { -1.0, 0.5, 2.2 });

        var guided = Guidance.Score(Conditional, Unconditional, 0)(x, 0.7);

        Assert.True((guided - Conditional.AddNoise(0.7).Score(x)).InfinityNorm() < 1e-15);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(3.0)]
    public void SampleTilted_HasTheMomentsOfTheTiltedDensity_WithinStandardErrors(double weight)
    {
        // The tilted density's mean and variance by a Simpson sum on [−6, 8] (its tails there are below e^{−70}).
        const int points = 4001;
        double h = 14.0 / (points - 1), mass = 0, first = 0, second = 0;
        for (int i = 0; i < points; i++)
        {
            double x = -6 + i * h;
            var point = Vector<double>.Build.Dense([x]);
            double density = Math.Exp((1 + weight) * Conditional.LogDensity(point) - weight * Unconditional.LogDensity(point));
            double simpson = i == 0 || i == points - 1 ? 1 : i % 2 == 1 ? 4 : 2;
            mass += simpson * density;
            first += simpson * density * x;
            second += simpson * density * x * x;
        }
        double mean = first / mass, variance = second / mass - mean * mean;
        const int n = 20_000;

        var samples = Guidance.SampleTilted(new Random(5), Conditional, Unconditional, 0.5, weight, n).Column(0);

        double sampleMean = samples.Average();
        double sampleVariance = samples.Select(s => (s - sampleMean) * (s - sampleMean)).Sum() / (n - 1);
        double meanError = Math.Sqrt(variance / n);
        double fourthMoment = samples.Select(s => Math.Pow(s - sampleMean, 4)).Average();
        double varianceError = Math.Sqrt((fourthMoment - variance * variance) / n);
        Assert.True(Math.Abs(sampleMean - mean) < 4 * meanError, $"w = {weight}: mean {sampleMean} vs {mean} (se {meanError:E2})");
        Assert.True(Math.Abs(sampleVariance - variance) < 4 * varianceError,
            $"w = {weight}: variance {sampleVariance} vs {variance} (se {varianceError:E2})");
    }

    [Theory]
    [InlineData(0.0, false)]
    [InlineData(3.0, true)]
    public void TheGuidedProbabilityFlow_SamplesTheTiltedDensity_OnlyWithoutGuidance(double weight, bool differs)
    {
        // The flow solved accurately (Heun, 128 steps), so what differs is the law, not the discretisation.
        const int n = 4000;
        var start = Conditional.AddNoise(80).Sample(new Random(11), n);
        var flowed = EdmSampler.Heun(Guidance.Score(Conditional, Unconditional, weight), start,
            SigmaSchedules.Edm(0.002, 80, 128)).Particles.Column(0);
        var tilted = Guidance.SampleTilted(new Random(12), Conditional, Unconditional, 0.5, weight, n).Column(0);

        // Share of the right-hand mode (x > 0), and its standard error for the difference of two shares.
        double flowedShare = flowed.Count(x => x > 0) / (double)n, tiltedShare = tilted.Count(x => x > 0) / (double)n;
        double se = Math.Sqrt((flowedShare * (1 - flowedShare) + tiltedShare * (1 - tiltedShare)) / n);
        double z = Math.Abs(flowedShare - tiltedShare) / se;
        if (differs)
            Assert.True(z > 10, $"w = {weight}: share {flowedShare:F3} by the flow, {tiltedShare:F3} tilted (z = {z:F1})");
        else
            Assert.True(z < 4, $"w = {weight}: share {flowedShare:F3} by the flow, {tiltedShare:F3} tilted (z = {z:F1})");
    }

    [Fact]
    public void SampleTilted_IsReproducibleFromTheSeed()
    {
        var a = Guidance.SampleTilted(new Random(9), Conditional, Unconditional, 0.5, 2, 50);
        var b = Guidance.SampleTilted(new Random(9), Conditional, Unconditional, 0.5, 2, 50);

        Assert.Equal(a, b);
    }

    [Fact]
    public void SampleTilted_RefusesAnUnconditionalLawThatDoesNotContainTheClass()
    {
        // p(c) · p(x | c) = p(x | c) > p(x) near −2: p(c | x) would exceed 1.
        var error = Assert.Throws<ArgumentException>(() =>
            Guidance.SampleTilted(new Random(1), Conditional, Unconditional, 1.0, 1, 10));

        Assert.Equal("unconditional", error.ParamName);
        Assert.Contains("> 1", error.Message);
    }

    [Fact]
    public void SampleTilted_RefusesAWeightThatKeepsAlmostNothing()
    {
        // Class c sits under a mode of the other class that is a thousand times heavier: p(c | x) ≈ 1/1000 everywhere.
        var narrow = new GaussianMixture([1.0], [Gaussian.WithMeanVariance(0, 1)]);
        var heavy = new GaussianMixture([0.001, 0.999], [Gaussian.WithMeanVariance(0, 1), Gaussian.WithMeanVariance(0, 1)]);

        var error = Assert.Throws<ArgumentException>(() => Guidance.SampleTilted(new Random(1), narrow, heavy, 0.001, 3, 5));

        Assert.Equal("weight", error.ParamName);
        Assert.Contains("rejection sampling", error.Message);
    }

    [Theory]
    [InlineData(-0.5, 0.5, 10, "weight")]
    [InlineData(double.NaN, 0.5, 10, "weight")]
    [InlineData(1, 0.0, 10, "classProbability")]
    [InlineData(1, 1.5, 10, "classProbability")]
    [InlineData(1, 0.5, 0, "n")]
    public void BadArguments_AreRefused_ByName(double weight, double classProbability, int n, string name)
    {
        var error = Assert.ThrowsAny<ArgumentException>(() =>
            Guidance.SampleTilted(new Random(1), Conditional, Unconditional, classProbability, weight, n));

        Assert.Equal(name, error.ParamName);
    }

    [Fact]
    public void MixturesOfDifferentDimension_AreRefused()
    {
        var plane = new GaussianMixture([1.0], [new Gaussian(Vector<double>.Build.Dense(2), Matrix<double>.Build.DenseIdentity(2))]);

        var error = Assert.Throws<ArgumentException>(() => Guidance.Score(Conditional, plane, 1));

        Assert.Equal("unconditional", error.ParamName);
    }
}
