using MathNet.Numerics.LinearAlgebra;
using ScoreNotebooks.Datasets;
using ScoreNotebooks.Numerics;
using ScoreNotebooks.ScoreMatching;
using ScoreNotebooks.Torch.Distributions;
using ScoreNotebooks.Torch.Networks;
using ScoreNotebooks.Torch.ScoreMatching;
using TorchSharp;
using static TorchSharp.torch;

namespace ScoreNotebooks.Torch.Tests.ScoreMatching;

/// <summary>
/// Every TorchSharp loss against an independent double-precision computation on the same weights,
/// data and random draws: the CPU reference's objective where it has one, otherwise the formula
/// evaluated with <see cref="DoubleMlp"/> (exact Jacobians by the chain rule, no autograd).
/// </summary>
public class LossAgreementTests : TorchTest
{
    // float32 forward passes through a 3-layer MLP agree with double to ~1e-6 relative; 1e-4 leaves room.
    private const double Relative = 1e-4;

    private static (ScoreMlp Net, DoubleMlp Reference, Matrix<double> Points) Setup(int dimension = 2, int n = 64)
    {
        var net = new ScoreMlp(dimension, 32, 2, seed: 11);
        var points = ToyData.EightGaussians().Sample(new Random(12), n);
        if (dimension != 2)
            points = Matrix<double>.Build.Random(n, dimension, 12);
        return (net, new DoubleMlp(net), points);
    }

    [Fact]
    public void Hyvarinen_EqualsTheCpuReferenceObjective()
    {
        var (net, reference, points) = Setup();
        using var x = points.ToTensor();
        double torchLoss = ScoreMatchingLoss.Hyvarinen(net.forward, x).item<float>();
        double cpuLoss = ScoreMatchingObjective.Hyvarinen(reference.AsScoreModel(), points).Value;
        AssertClose(cpuLoss, torchLoss);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(5)]
    public void ExactDivergence_ByAutograd_EqualsFiniteDifferences(int dimension)
    {
        var (net, reference, points) = Setup(dimension, 16);
        using var x = points.ToTensor();
        var divergence = ScoreDivergence.Exact(net.forward, x).ToVector();
        for (int i = 0; i < points.RowCount; i++)
        {
            double fd = FiniteDifferences.Divergence(reference.Score, points.Row(i));
            Assert.True(Math.Abs(divergence[i] - fd) < 1e-4 * Math.Max(1, Math.Abs(fd)), $"row {i}: autograd {divergence[i]}, finite differences {fd}");
        }
    }

    [Fact]
    public void ExactDivergence_InDoublePrecision_EqualsTheChainRuleTraceTo1e10()
    {
        var (net, reference, points) = Setup(3, 8);
        net.to(ScalarType.Float64);
        using var x = points.ToTensor().to(ScalarType.Float64);
        var divergence = ScoreDivergence.Exact(net.forward, x).ToVector();
        var rounded = points.ToSingle().ToDouble(); // the tensor holds the float32 points
        for (int i = 0; i < points.RowCount; i++)
            Assert.Equal(reference.Divergence(rounded.Row(i)), divergence[i], 10);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Sliced_OnGivenDirections_EqualsTheFormulaInDouble(bool varianceReduction)
    {
        var (net, reference, points) = Setup(n: 32);
        using var x = points.ToTensor();
        using var generator = new Generator(5);
        using var v = randn([3, 32, 2], generator: generator);
        double torchLoss = ScoreMatchingLoss.Sliced(net.forward, x, v, varianceReduction).item<float>();
        double sum = 0;
        for (int m = 0; m < 3; m++)
        {
            for (int i = 0; i < 32; i++)
            {
                var xi = points.Row(i);
                var vi = v[m, i].ToVector();
                var s = reference.Score(xi);
                double quadratic = vi * (reference.Jacobian(xi) * vi);
                sum += 2 * quadratic + (varianceReduction ? s * s : Math.Pow(vi * s, 2));
            }
        }
        AssertClose(sum / (3 * 32), torchLoss);
    }

    [Fact]
    public void HutchinsonForm_EqualsSlicedWithVarianceReduction_OnTheSameProbes()
    {
        var (net, _, points) = Setup();
        using var x = points.ToTensor();
        using var generator = new Generator(8);
        using var v = ScoreDivergence.DrawProbes(generator, x, 4, ProbeDistribution.Rademacher);
        double hutchinson = ScoreMatchingLoss.Hutchinson(net.forward, x, v).item<float>();
        double sliced = ScoreMatchingLoss.Sliced(net.forward, x, v, varianceReduction: true).item<float>();
        AssertClose(sliced, hutchinson);
    }

    [Fact]
    public void Denoising_EqualsTheCpuReferenceObjective_OnTheSameNoise()
    {
        var (net, reference, points) = Setup();
        const double sigma = 0.3;
        using var x = points.ToTensor();
        using var z = randn([64, 2], generator: new Generator(3));
        double torchLoss = ScoreMatchingLoss.Denoising(net.forward, x, sigma, z).item<float>();
        var clean = points.ToSingle().ToDouble();
        var noisy = clean + sigma * z.ToMatrix();
        double cpuLoss = DenoisingScoreMatching.Objective(reference.AsScoreModel(), clean, noisy, sigma).Value;
        AssertClose(cpuLoss, torchLoss);
    }

    [Fact]
    public void DenoisingMultiScale_WithTheExactNoisyScore_EqualsTheCpuReferenceInDouble()
    {
        var mixture = ToyData.TwoModes();
        var exact = new TensorGaussianMixture(mixture);
        var points = mixture.Sample(new Random(4), 100);
        double[] sigmas = Enumerable.Range(0, 100).Select(i => 0.05 * Math.Pow(1.06, i)).ToArray();
        using var x = points.ToTensor();
        using var levels = tensor(sigmas.Select(s => (float)s).ToArray());
        using var z = randn([100, 2], generator: new Generator(4));
        var noise = z.ToMatrix();
        double torchLoss = ScoreMatchingLoss.DenoisingMultiScale(exact.Score, x, levels, z).item<float>();
        double sum = 0;
        for (int i = 0; i < 100; i++)
        {
            double sigma = (float)sigmas[i];
            var xNoisy = points.Row(i).ToSingle().ToDouble() + sigma * noise.Row(i);
            var r = sigma * mixture.AddNoise(sigma).Score(xNoisy) + noise.Row(i);
            sum += r * r;
        }
        AssertClose(sum / 100, torchLoss);
    }

    [Fact]
    public void HyvarinenGradient_EqualsCentralDifferencesInAParameter_InDoublePrecision()
    {
        var (net, _, points) = Setup(n: 16);
        net.to(ScalarType.Float64);
        using var x = points.ToTensor().to(ScalarType.Float64);
        var weight = net.parameters().First();
        net.zero_grad();
        ScoreMatchingLoss.Hyvarinen(net.forward, x).backward();
        double analytic = weight.grad![0, 1].item<double>();
        const double h = 1e-6;
        double Loss(double delta)
        {
            using (no_grad())
                weight[0, 1] = weight[0, 1].add(delta);
            double value = ScoreMatchingLoss.Hyvarinen(net.forward, x).item<double>();
            using (no_grad())
                weight[0, 1] = weight[0, 1].sub(delta);
            return value;
        }
        double numeric = (Loss(h) - Loss(-h)) / (2 * h);
        Assert.True(Math.Abs(analytic - numeric) < 1e-6 * Math.Max(1, Math.Abs(numeric)), $"autograd {analytic}, central difference {numeric}");
    }

    [Fact]
    public void Losses_UnderNoGrad_AreValuesWithoutAGraph()
    {
        var (net, _, points) = Setup();
        using var x = points.ToTensor();
        using var noGrad = no_grad();
        using var loss = ScoreMatchingLoss.Hyvarinen(net.forward, x);
        Assert.False(loss.requires_grad);
        Assert.True(double.IsFinite(loss.item<float>()));
    }

    [Fact]
    public void Losses_RejectAScoreOfTheWrongShape_NamingIt()
    {
        using var x = zeros(4, 2);
        var e = Assert.Throws<ArgumentException>(() => ScoreMatchingLoss.Hyvarinen(input => input.sum(1), x));
        Assert.Equal("score", e.ParamName);
        var noise = Assert.Throws<ArgumentException>(() => ScoreMatchingLoss.Denoising(input => input, x, 0.1, zeros(3, 2)));
        Assert.Equal("noise", noise.ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => ScoreMatchingLoss.Denoising(input => input, x, 0, zeros(4, 2)));
    }

    private static void AssertClose(double expected, double actual) =>
        Assert.True(Math.Abs(expected - actual) <= Relative * Math.Max(1, Math.Abs(expected)),
            $"expected {expected:R}, TorchSharp gave {actual:R} (difference {Math.Abs(expected - actual):E2})");
}
