using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Statistics;
using ScoreNotebooks.Datasets;
using ScoreNotebooks.Distributions;
using ScoreNotebooks.Metrics;
using ScoreNotebooks.Sampling;
using ScoreNotebooks.Torch.Distributions;
using ScoreNotebooks.Torch.Sampling;
using static TorchSharp.torch;

namespace ScoreNotebooks.Torch.Tests.Sampling;

public class TensorLangevinTests : TorchTest
{
    [Fact]
    public void Langevin_OnAGaussian_ReachesTheDiscretisationsExactStationaryVariance()
    {
        // ULA on N(0, σ²) has stationary variance σ²/(1 − ε/2σ²) (the CPU reference's Langevin.StationaryVariance).
        const double variance = 2.0, step = 0.5;
        using var start = zeros(20_000, 1);
        var final = TensorLangevin.Run(x => x.div(-variance), start, step, 60, new Generator(1)).ToMatrix().Column(0);
        double expected = Langevin.StationaryVariance(variance, step);                    // 8/3
        double measured = final.Variance();
        // The sample variance of n normals has relative standard error √(2/n) ≈ 0.01.
        Assert.True(Math.Abs(measured / expected - 1) < 0.04, $"variance {measured:F4}, exact {expected:F4}");
    }

    [Fact]
    public void Langevin_WithTheExactMixtureScore_GivesTheCpuSamplersStatistics()
    {
        var mixture = ToyData.EightGaussians();
        var exact = new TensorGaussianMixture(mixture);
        var initial = mixture.Sample(new Random(2), 4000);
        var cpu = Langevin.Run(new Random(3), mixture, initial, 0.01, 200);
        using var x0 = initial.ToTensor();
        var torchFinal = TensorLangevin.Run(x => exact.Score(x), x0, 0.01, 200, new Generator(3)).ToMatrix();
        // Both chains start in the mixture and stay near it: means within 4 s.e. of each other, same mode weights within 0.04.
        for (int j = 0; j < 2; j++)
        {
            double se = Math.Sqrt((cpu.Column(j).Variance() + torchFinal.Column(j).Variance()) / 4000);
            Assert.True(Math.Abs(cpu.Column(j).Mean() - torchFinal.Column(j).Mean()) < 4 * se, $"coordinate {j}: means {cpu.Column(j).Mean():F4} vs {torchFinal.Column(j).Mean():F4}");
            Assert.True(Math.Abs(cpu.Column(j).Variance() / torchFinal.Column(j).Variance() - 1) < 0.1, $"coordinate {j}: variances {cpu.Column(j).Variance():F4} vs {torchFinal.Column(j).Variance():F4}");
        }
        var wCpu = ModeWeights.ByMaximalResponsibility(mixture, cpu);
        var wTorch = ModeWeights.ByMaximalResponsibility(mixture, torchFinal);
        Assert.True((wCpu - wTorch).AbsoluteMaximum() < 0.04, $"mode weights {wCpu} vs {wTorch}");
    }

    [Fact]
    public void Annealed_OnTwoUnequalModes_RecoversTheWeights_WherePlainLangevinDoesNot()
    {
        var mixture = ToyData.TwoModes();                      // 0.8 at (−4, 0), 0.2 at (4, 0)
        var exact = new TensorGaussianMixture(mixture);
        var levels = NoiseLevels.Geometric(10, 0.1, 10);
        using var start = randn([2000, 2], generator: new Generator(4)).mul(10);  // N(0, σ₁²I): symmetric under x ↦ −x
        var annealed = TensorLangevin.RunAnnealed(exact.Score, start, levels, 100, 0.002, new Generator(5)).ToMatrix();
        var plain = TensorLangevin.Run(x => exact.Score(x), start, 0.02, 1000, new Generator(5)).ToMatrix();
        var wAnnealed = ModeWeights.ByMaximalResponsibility(mixture, annealed);
        var wPlain = ModeWeights.ByMaximalResponsibility(mixture, plain);
        // Binomial s.e. at n = 2000 is 0.009; 0.04 leaves room for the finite number of steps.
        Assert.True(Math.Abs(wAnnealed[0] - 0.8) < 0.04, $"annealed Langevin weight of the 0.8 mode: {wAnnealed[0]:F3}");
        Assert.True(Math.Abs(wPlain[0] - 0.5) < 0.06, $"plain Langevin weight of the 0.8 mode: {wPlain[0]:F3} (its start is symmetric)");
    }

    [Fact]
    public void Steps_AreReproducibleFromTheSeed_AndRecordTheAskedSteps()
    {
        using var x0 = randn([10, 2], generator: new Generator(6));
        var a = TensorLangevin.Steps(x => x.neg(), x0, 0.1, 10, new Generator(7), recordEvery: 4).ToList();
        var b = TensorLangevin.Steps(x => x.neg(), x0, 0.1, 10, new Generator(7), recordEvery: 4).ToList();
        Assert.Equal([0, 4, 8, 10], a.Select(s => s.Step));
        Assert.True(a[^1].Particles.eq(b[^1].Particles).all().item<bool>());
        Assert.True(a[0].Particles.eq(x0).all().item<bool>());
    }

    [Fact]
    public void Annealed_RecordsEachLevelsLastStep_WithItsScaledStepSize()
    {
        using var x0 = zeros(5, 2);
        var levels = new[] { 2.0, 1.0, 0.5 };
        var steps = TensorLangevin.Annealed((x, s) => x.neg().div(s.unsqueeze(1).square().add(1)), x0, levels, 3, 0.01, new Generator(8)).ToList();
        Assert.Equal([-1, 0, 1, 2], steps.Select(s => s.Level));
        Assert.Equal([0, 3, 6, 9], steps.Select(s => s.Step));
        Assert.Equal(0.01 * 16, steps[1].StepSize, 12);
        Assert.Equal(0.01, steps[3].StepSize, 12);
    }

    [Fact]
    public void Langevin_ThatDiverges_ThrowsNamingTheStepSize()
    {
        using var x0 = ones(4, 1);
        var e = Assert.Throws<ArgumentException>(() => TensorLangevin.Run(x => x.mul(-1e20), x0, 1e20, 50, new Generator(9)));
        Assert.Equal("stepSize", e.ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => TensorLangevin.Steps(x => x, x0, 0, 1, new Generator(9)));
    }
}
