using MathNet.Numerics.LinearAlgebra;
using ScoreNotebooks.Diffusion;
using ScoreNotebooks.Numerics;
using ScoreNotebooks.Torch.Diffusion;
using ScoreNotebooks.Torch.Distributions;
using ScoreNotebooks.Torch.Networks;
using static TorchSharp.torch;

namespace ScoreNotebooks.Torch.Tests.Diffusion;

/// <summary>
/// The tensor probability-flow ODE is deterministic, so given the same starting points and the same score it must
/// follow the CPU reference's RK4 solution to float32 rounding, whichever SDE and direction.
/// </summary>
public class TensorProbabilityFlowTests : TorchTest
{
    [Theory]
    [InlineData("VP", "eight")]
    [InlineData("subVP", "correlated")]
    [InlineData("VE", "two")]
    public void Sampling_FollowsTheCpuRk4SolutionFromTheSamePoints(string sdeName, string targetName)
    {
        var sde = DiffusionCases.Named(sdeName);
        var p0 = DiffusionCases.Target(targetName);
        using var xT = sde.SamplePrior(new Generator(71), 100, 2);
        var start = xT.ToMatrix();
        var result = TensorProbabilityFlow.Solve(sde, sde.ExactScore(new TensorGaussianMixture(p0)), xT, 100);
        var cpu = ProbabilityFlow.Solve(sde, sde.ExactScore(p0), start, new RungeKutta4(100));
        double error = (result.Particles.ToMatrix() - cpu.Particles).Enumerate().Max(Math.Abs);
        double scale = cpu.Particles.Enumerate().Max(Math.Abs);
        Assert.True(error < 1e-4 * Math.Max(1, scale), $"{sdeName} on {targetName}: largest difference {error:E3} (points up to {scale:G3})");
        Assert.Equal(sde.Eps, result.Time);
        Assert.Equal(100, result.Steps);
        Assert.Equal(400, result.Evaluations);
    }

    [Fact]
    public void Encoding_ANetworksFlow_FollowsTheCpuRk4SolutionOfItsMatrixScore()
    {
        var sde = new VpSde();
        using var net = new TimeConditionalScoreNetwork(sde, 2, 32, 2, seed: 72);
        var x = DiffusionCases.Correlated().Sample(new Random(73), 100);
        using var x0 = x.ToTensor();
        var path = TensorProbabilityFlow.Steps(sde, net.forward, x0, 40, from: sde.Eps, to: sde.T, recordEvery: 10).ToList();
        var cpu = ProbabilityFlow.Steps(sde, net.Score, x.ToSingle().ToDouble(), new RungeKutta4(40), from: sde.Eps, to: sde.T).ToList();
        Assert.Equal(new[] { 0, 10, 20, 30, 40 }, path.Select(s => s.Step));
        foreach (var step in path)
        {
            var reference = cpu[step.Step];
            Assert.Equal(reference.Time, step.Time, 12);
            double error = (step.Particles.ToMatrix() - reference.Particles).Enumerate().Max(Math.Abs);
            Assert.True(error < 1e-4, $"step {step.Step}: largest difference {error:E3}");
        }
    }

    [Fact]
    public void Drift_IsTheCpuProbabilityFlowDrift()
    {
        var sde = new VeSde(sigmaMax: 10);
        var p0 = DiffusionCases.Correlated();
        var x = p0.Sample(new Random(74), 30);
        using var xs = x.ToTensor();
        var drift = TensorProbabilityFlow.Drift(sde, sde.ExactScore(new TensorGaussianMixture(p0)), xs, 0.4).ToMatrix();
        var reference = ProbabilityFlow.Drift(sde, sde.ExactScore(p0), x.ToSingle().ToDouble(), 0.4);
        double error = (drift - reference).Enumerate().Max(Math.Abs) / reference.Enumerate().Max(Math.Abs);
        Assert.True(error < 1e-5, $"relative difference {error:E3}");
    }

    [Fact]
    public void BadInput_ThrowsNamingTheParameter()
    {
        var sde = new VpSde();
        var score = sde.ExactScore(new TensorGaussianMixture(DiffusionCases.Correlated()));
        using var x = zeros(4, 2);
        Assert.Equal("x", Assert.Throws<ArgumentException>(() => TensorProbabilityFlow.Solve(sde, score, zeros(2, 2, 2), 10)).ParamName);
        Assert.Equal("steps", Assert.Throws<ArgumentOutOfRangeException>(() => TensorProbabilityFlow.Solve(sde, score, x, 0)).ParamName);
        Assert.Equal("from", Assert.Throws<ArgumentOutOfRangeException>(() => TensorProbabilityFlow.Solve(sde, score, x, 10, from: 2)).ParamName);
        Assert.Equal("to", Assert.Throws<ArgumentException>(() => TensorProbabilityFlow.Solve(sde, score, x, 10, to: double.NaN)).ParamName);
        Assert.Equal("score", Assert.Throws<ArgumentException>(() => TensorProbabilityFlow.Solve(sde, (p, _) => p.sum(1), x, 10)).ParamName);
        Assert.Equal("recordEvery", Assert.Throws<ArgumentOutOfRangeException>(() => TensorProbabilityFlow.Steps(sde, score, x, 10, recordEvery: 0)).ParamName);
    }
}
