using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Statistics;
using ScoreNotebooks.Diffusion;
using ScoreNotebooks.Distributions;
using ScoreNotebooks.Metrics;
using ScoreNotebooks.Torch.Diffusion;
using ScoreNotebooks.Torch.Distributions;
using static TorchSharp.torch;

namespace ScoreNotebooks.Torch.Tests.Diffusion;

/// <summary>
/// The tensor reverse samplers driven by the exact mixture score agree in distribution with the CPU reference's
/// samplers: on a Gaussian both follow the exact law of the discrete scheme, and on the toy mixtures the two
/// samples pass an MMD check against each other and have the same means, covariances and mode weights within
/// their standard errors.
/// </summary>
public class TensorReverseSamplerTests : TorchTest
{
    private const double M0 = DiscreteEulerMaruyama.M0, V0 = DiscreteEulerMaruyama.V0;

    /// <summary>Kernel bandwidth 0.3 and threshold 2.5e−3 for MMD²ᵤ between 1000 and 1000 points (the CPU sampler tests' check): five null standard deviations.</summary>
    private const double Bandwidth = 0.3, MmdThreshold = 2.5e-3;

    private static (double Mean, double Variance) DiscreteLaw(Sde sde, int steps) => DiscreteEulerMaruyama.Law(sde, steps);

    [Theory]
    [MemberData(nameof(DiffusionCases.SdeNames), MemberType = typeof(DiffusionCases))]
    public void EulerMaruyama_OnAGaussian_MatchesTheExactLawOfTheDiscreteScheme(string name)
    {
        var sde = DiffusionCases.Named(name);
        var score = sde.ExactScore(new TensorGaussianMixture(DiffusionCases.OneDimensionalGaussian()));
        const int n = 10_000;
        foreach (int steps in new[] { 8, 32 })
        {
            var generator = new Generator((ulong)(60 + steps));
            using var xT = sde.SamplePrior(generator, n, 1);
            var column = TensorReverseSampler.EulerMaruyama(sde, score, xT, steps, generator).ToMatrix().Column(0);
            double mean = column.Average(), variance = (column - mean).PointwisePower(2).Sum() / (n - 1);
            var (predictedMean, predictedVariance) = DiscreteLaw(sde, steps);
            double meanZ = Math.Abs(mean - predictedMean) / Math.Sqrt(predictedVariance / n);
            double varianceZ = Math.Abs(variance - predictedVariance) / (predictedVariance * Math.Sqrt(2.0 / (n - 1)));
            Assert.True(meanZ < 5, $"{name} N = {steps}: mean {mean:G6} vs the scheme's {predictedMean:G6}, {meanZ:F2} standard errors");
            Assert.True(varianceZ < 5, $"{name} N = {steps}: variance {variance:G6} vs the scheme's {predictedVariance:G6}, {varianceZ:F2} standard errors");
        }
    }

    public static TheoryData<string, string, bool> Cases => new()
    {
        { "VP", "eight", false }, { "VE", "two", false }, { "subVP", "two", true }, { "VE", "eight", true },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Samples_AgreeInDistributionWithTheCpuSampler(string sdeName, string targetName, bool predictorCorrector)
    {
        var sde = DiffusionCases.Named(sdeName);
        var p0 = DiffusionCases.Target(targetName);
        const int n = 1000;
        using var xT = sde.SamplePrior(new Generator(62), n, 2);
        var exact = sde.ExactScore(new TensorGaussianMixture(p0));
        var generator = new Generator(63);
        var fromTensors = (predictorCorrector
            ? TensorReverseSampler.PredictorCorrector(sde, exact, xT, 100, generator)
            : TensorReverseSampler.EulerMaruyama(sde, exact, xT, 200, generator)).ToMatrix();
        var rng = new Random(64);
        var start = sde.SamplePrior(rng, n, 2);
        var fromCpu = predictorCorrector
            ? ReverseSampler.PredictorCorrector(rng, sde, sde.ExactScore(p0), start, 100)
            : ReverseSampler.EulerMaruyama(rng, sde, sde.ExactScore(p0), start, 200);

        string label = $"{sdeName} on {targetName}, {(predictorCorrector ? "predictor–corrector" : "Euler–Maruyama")}";
        double mmd = MaximumMeanDiscrepancy.SquaredUnbiased(fromTensors, fromCpu, Bandwidth);
        Assert.True(mmd < MmdThreshold, $"{label}: MMD² between the tensor and CPU samples {mmd:E3}");
        AssertSameMoments(fromTensors, fromCpu, label);
        var wTensor = ModeWeights.ByMaximalResponsibility(p0, fromTensors);
        var wCpu = ModeWeights.ByMaximalResponsibility(p0, fromCpu);
        for (int k = 0; k < p0.ComponentCount; k++)
        {
            double p = p0.Weights[k], se = Math.Sqrt(2 * p * (1 - p) / n);
            Assert.True(Math.Abs(wTensor[k] - wCpu[k]) < 4 * se, $"{label}: mode {k} weight {wTensor[k]:F3} (tensor) vs {wCpu[k]:F3} (CPU), standard error {se:F3}");
        }
    }

    // Means within 4 standard errors of their difference; covariance entries within 4 standard errors, each entry's
    // variance Var[(x − μ)ᵢ(x − μ)ⱼ]/n estimated from the pooled sample.
    private static void AssertSameMoments(Matrix<double> a, Matrix<double> b, string label)
    {
        int n = a.RowCount, d = a.ColumnCount;
        var pooled = a.Stack(b);
        var mu = pooled.ColumnSums() / pooled.RowCount;
        for (int i = 0; i < d; i++)
        {
            double ma = a.Column(i).Average(), mb = b.Column(i).Average();
            double sd = Math.Sqrt((pooled.Column(i) - mu[i]).PointwisePower(2).Sum() / (pooled.RowCount - 1));
            double z = (ma - mb) / (sd * Math.Sqrt(2.0 / n));
            Assert.True(Math.Abs(z) < 4, $"{label}: mean {i} {ma:G4} vs {mb:G4}, {z:F2} standard errors");
            for (int j = 0; j <= i; j++)
            {
                var products = (pooled.Column(i) - mu[i]).PointwiseMultiply(pooled.Column(j) - mu[j]);
                double spread = Math.Sqrt((products - products.Average()).PointwisePower(2).Sum() / (products.Count - 1));
                double ca = Covariance(a, i, j), cb = Covariance(b, i, j);
                double zc = (ca - cb) / (spread * Math.Sqrt(2.0 / n));
                Assert.True(Math.Abs(zc) < 4, $"{label}: covariance ({i}, {j}) {ca:G4} vs {cb:G4}, {zc:F2} standard errors");
            }
        }
    }

    private static double Covariance(Matrix<double> x, int i, int j)
    {
        double mi = x.Column(i).Average(), mj = x.Column(j).Average();
        return (x.Column(i) - mi).PointwiseMultiply(x.Column(j) - mj).Sum() / (x.RowCount - 1);
    }

    [Fact]
    public void CorrectorSteps_PullACoarsePredictorTowardsTheTarget()
    {
        // VP, 8 predictor steps on N(1, 0.25): the scheme's variance is far from the target's; Langevin steps aimed at
        // the exact pₜ reduce the error, as on the CPU.
        var sde = new VpSde();
        var score = sde.ExactScore(new TensorGaussianMixture(DiffusionCases.OneDimensionalGaussian()));
        const int n = 10_000;
        using var xT = sde.SamplePrior(new Generator(65), n, 1);
        double alpha = sde.MeanScale(sde.Eps), target = alpha * alpha * V0 + Math.Pow(sde.Std(sde.Eps), 2);
        double Error(int m) => Math.Abs(TensorReverseSampler.PredictorCorrector(sde, score, xT, 8, new Generator(66), correctorSteps: m)
            .ToMatrix().Column(0).PopulationVariance() - target);
        double plain = Error(0), corrected = Error(5);
        double se = DiscreteLaw(sde, 8).Variance * Math.Sqrt(2.0 / n);
        Assert.True(plain - corrected > 5 * se, $"variance error {plain:G4} without corrector, {corrected:G4} with 5 corrector steps (standard error {se:G3})");
    }

    [Fact]
    public void Steps_RecordTheGridAndOwnTheirCopies_AndASeedRepeatsTheChain()
    {
        var sde = new SubVpSde();
        var score = sde.ExactScore(new TensorGaussianMixture(DiffusionCases.Correlated()));
        using var xT = sde.SamplePrior(new Generator(67), 50, 2);
        var path = TensorReverseSampler.EulerMaruyamaSteps(sde, score, xT, 10, new Generator(68), recordEvery: 4).ToList();
        Assert.Equal(new[] { 0, 4, 8, 10 }, path.Select(s => s.Step));
        double h = (sde.T - sde.Eps) / 10;
        Assert.Equal(new[] { sde.T, sde.T - 4 * h, sde.T - 8 * h, sde.Eps }, path.Select(s => s.Time));
        Assert.Equal(xT.ToMatrix(), path[0].Particles.ToMatrix());
        path[0].Particles.add_(1);
        Assert.NotEqual(xT.ToMatrix(), path[0].Particles.ToMatrix());

        var again = TensorReverseSampler.EulerMaruyama(sde, score, xT, 10, new Generator(68)).ToMatrix();
        Assert.Equal(path[^1].Particles.ToMatrix(), again);
        var pc = TensorReverseSampler.PredictorCorrectorSteps(sde, score, xT, 6, new Generator(69), recordEvery: 3).ToList();
        Assert.Equal(new[] { 0, 3, 6 }, pc.Select(s => s.Step));
    }

    [Fact]
    public void BadInput_ThrowsNamingTheParameter()
    {
        var sde = new VpSde();
        var score = sde.ExactScore(new TensorGaussianMixture(DiffusionCases.Correlated()));
        using var xT = zeros(5, 2);
        var generator = new Generator(70);
        Assert.Equal("xT", Assert.Throws<ArgumentException>(() => TensorReverseSampler.EulerMaruyama(sde, score, zeros(5), 10, generator)).ParamName);
        Assert.Equal("xT", Assert.Throws<ArgumentException>(() => TensorReverseSampler.EulerMaruyama(sde, score, full(5, 2, float.NaN), 10, generator)).ParamName);
        Assert.Equal("steps", Assert.Throws<ArgumentOutOfRangeException>(() => TensorReverseSampler.EulerMaruyama(sde, score, xT, 0, generator)).ParamName);
        Assert.Equal("score", Assert.Throws<ArgumentException>(() => TensorReverseSampler.EulerMaruyamaSteps(sde, (x, _) => x[.., 0], xT, 10, generator)).ParamName);
        Assert.Equal("snr", Assert.Throws<ArgumentOutOfRangeException>(() => TensorReverseSampler.PredictorCorrector(sde, score, xT, 10, generator, snr: 0)).ParamName);
        Assert.Equal("correctorSteps", Assert.Throws<ArgumentOutOfRangeException>(() => TensorReverseSampler.PredictorCorrector(sde, score, xT, 10, generator, correctorSteps: -1)).ParamName);
        Assert.Equal("recordEvery", Assert.Throws<ArgumentOutOfRangeException>(() => TensorReverseSampler.EulerMaruyamaSteps(sde, score, xT, 10, generator, 0)).ParamName);
        var diverging = TensorReverseSampler.EulerMaruyamaSteps(sde, (x, _) => full(x.shape, float.PositiveInfinity), xT, 3, generator);
        Assert.Equal("score", Assert.Throws<ArgumentException>(() => diverging.ToList()).ParamName);
    }
}
