using MathNet.Numerics.LinearAlgebra;
using ScoreNotebooks.Diffusion;
using ScoreNotebooks.Distributions;
using ScoreNotebooks.Divergences;
using ScoreNotebooks.Numerics;
using ScoreNotebooks.ScoreMatching;
using ScoreNotebooks.Torch.Diffusion;
using ScoreNotebooks.Torch.Distributions;
using ScoreNotebooks.Torch.Networks;
using ScoreNotebooks.Torch.ScoreMatching;
using static TorchSharp.torch;

namespace ScoreNotebooks.Torch.Tests.Diffusion;

/// <summary>
/// ODE log-likelihoods on tensors: with the exact score they match the analytic log-density of the mixture and the
/// CPU reference's likelihood; with Hutchinson probes they are unbiased for the exact-divergence likelihood.
/// </summary>
public class TensorLikelihoodTests : TorchTest
{
    // 30 samples of the target and three points between or beyond its modes.
    private static Matrix<double> TestPoints(GaussianMixture target)
    {
        var samples = target.Sample(new Random(81), 30);
        var extra = Matrix<double>.Build.DenseOfArray(new[,] { { 0.0, 0.0 }, { 1.0, 1.0 }, { -5.0, 0.5 } });
        return samples.Stack(extra).ToSingle().ToDouble();
    }

    [Theory]
    [InlineData("VP", "eight")]
    [InlineData("subVP", "eight")]
    [InlineData("VE", "eight")]
    [InlineData("VP", "two")]
    [InlineData("subVP", "correlated")]
    public void LogDensity_WithTheExactScore_MatchesTheAnalyticLogDensityAndTheCpuLikelihood(string sdeName, string targetName)
    {
        var sde = DiffusionCases.Named(sdeName);
        var p0 = DiffusionCases.Target(targetName);
        var x = TestPoints(p0);
        using var xs = x.ToTensor();
        var result = TensorLikelihood.LogDensity(sde, sde.ExactScore(new TensorGaussianMixture(p0)), xs, steps: 100);
        var logDensity = result.LogDensity.ToVector();
        double mae = (logDensity - sde.Marginal(p0, sde.Eps).LogDensity(x)).PointwiseAbs().Average();
        Assert.True(mae < 0.05, $"{sdeName} on {targetName}: mean |error| {mae:E3} nats against log p_ε");
        var cpu = Likelihood.LogDensity(sde, p0, x, new RungeKutta4(100));
        double difference = (logDensity - cpu.LogDensity).AbsoluteMaximum();
        Assert.True(difference < 1e-3, $"{sdeName} on {targetName}: largest difference from the CPU likelihood {difference:E3} nats");
    }

    [Theory]
    [MemberData(nameof(DiffusionCases.SdeNames), MemberType = typeof(DiffusionCases))]
    public void LogDensity_WithTheExactTerminalDensity_LeavesOnlyTheSolverError(string name)
    {
        // Replacing the prior by the exact p_T removes the prior's mismatch; what is left is RK4's error and float32 rounding.
        var sde = DiffusionCases.Named(name);
        var p0 = DiffusionCases.Target("eight");
        var x = TestPoints(p0);
        using var xs = x.ToTensor();
        var terminal = sde.Marginal(p0, sde.T);
        var result = TensorLikelihood.LogDensity(sde, sde.ExactScore(new TensorGaussianMixture(p0)), xs, steps: 100, from: 0,
            priorLogDensity: latent => terminal.LogDensity(latent.ToMatrix()).ToTensor());
        double mae = (result.LogDensity.ToVector() - p0.LogDensity(x)).PointwiseAbs().Average();
        Assert.True(mae < 2e-3, $"{name}: mean |error| {mae:E3} nats against log p₀");
    }

    [Fact]
    public void LogDensity_PartsAddUp_TheLatentsAreTheEncodedPoints_AndTheWorkIsCounted()
    {
        var sde = new VpSde();
        var p0 = DiffusionCases.Correlated();
        var score = sde.ExactScore(new TensorGaussianMixture(p0));
        using var x = TestPoints(p0).ToTensor();
        var result = TensorLikelihood.LogDensity(sde, score, x, steps: 25);
        var total = result.LogDensity.ToVector();
        Assert.True((total - result.PriorLogDensity.ToVector() - result.DivergenceIntegral.ToVector()).AbsoluteMaximum() < 1e-5);
        Assert.True((result.PriorLogDensity.ToVector() - sde.PriorLogDensity(result.Latent.ToMatrix())).AbsoluteMaximum() < 1e-4);
        var encoded = TensorProbabilityFlow.Solve(sde, score, x, 25, from: sde.Eps, to: sde.T).Particles.ToMatrix();
        Assert.True((result.Latent.ToMatrix() - encoded).Enumerate().Max(Math.Abs) < 1e-5, "the augmented solve must move x as the plain flow does");
        Assert.Equal(25, result.Steps);
        Assert.Equal(100, result.Evaluations);
        Assert.Equal(200, result.BackwardPasses);
        using var probes = ScoreDivergence.DrawProbes(new Generator(82), x, 3, ProbeDistribution.Rademacher);
        var estimated = TensorLikelihood.LogDensity(sde, score, x, steps: 25, probes: probes);
        Assert.Equal(100, estimated.BackwardPasses);
        Assert.True((estimated.Latent.ToMatrix() - result.Latent.ToMatrix()).Enumerate().Max(Math.Abs) < 1e-5, "probes must not change the trajectory");
    }

    public static TheoryData<bool, ProbeDistribution> HutchinsonCases => new()
    {
        { false, ProbeDistribution.Rademacher }, { false, ProbeDistribution.Gaussian }, { true, ProbeDistribution.Rademacher },
    };

    [Theory]
    [MemberData(nameof(HutchinsonCases))]
    public void LogDensity_WithHutchinsonProbes_IsUnbiasedForTheExactDivergenceLogDensity(bool network, ProbeDistribution distribution)
    {
        // 400 copies of one point, each with its own probe: the trajectory does not depend on the probes and RK4 is
        // linear in the divergence values, so the estimates average to the exact-divergence value of the same solver.
        var sde = new VpSde();
        var p0 = DiffusionCases.Target("eight");
        using var net = new TimeConditionalScoreNetwork(sde, 2, 32, 2, seed: 83);
        Func<Tensor, Tensor, Tensor> score = network ? net.forward : sde.ExactScore(new TensorGaussianMixture(p0));
        const int copies = 400;
        using var one = tensor(new[] { 1.9f, 0.3f }, [1, 2]);
        using var x = one.expand(copies, 2).contiguous();
        double exact = TensorLikelihood.LogDensity(sde, score, one, steps: 40).LogDensity.item<float>();
        using var probes = ScoreDivergence.DrawProbes(new Generator(84), x, 1, distribution);
        var estimates = TensorLikelihood.LogDensity(sde, score, x, steps: 40, probes: probes).LogDensity.ToVector();
        var estimate = MonteCarloEstimate.FromTerms(estimates.ToArray());
        Assert.True(Math.Abs(estimate.StandardErrorsFrom(exact)) < 4, $"{(network ? "network" : "exact score")}, {distribution}: Hutchinson {estimate} vs exact divergence {exact:G8}");
        Assert.True(estimate.StandardError > 1e-4, "the probes must make the estimates differ");
    }

    [Fact]
    public void BadInput_ThrowsNamingTheParameter()
    {
        var sde = new VpSde();
        var score = sde.ExactScore(new TensorGaussianMixture(DiffusionCases.Correlated()));
        using var x = zeros(4, 2);
        Assert.Equal("x", Assert.Throws<ArgumentException>(() => TensorLikelihood.LogDensity(sde, score, zeros(4), 10)).ParamName);
        Assert.Equal("steps", Assert.Throws<ArgumentOutOfRangeException>(() => TensorLikelihood.LogDensity(sde, score, x, 0)).ParamName);
        Assert.Equal("probes", Assert.Throws<ArgumentException>(() => TensorLikelihood.LogDensity(sde, score, x, 10, probes: zeros(1, 3, 2))).ParamName);
        Assert.Equal("from", Assert.Throws<ArgumentOutOfRangeException>(() => TensorLikelihood.LogDensity(sde, score, x, 10, from: sde.T)).ParamName);
        Assert.Equal("priorLogDensity", Assert.Throws<ArgumentException>(() => TensorLikelihood.LogDensity(sde, score, x, 10, priorLogDensity: z => z)).ParamName);
    }
}
