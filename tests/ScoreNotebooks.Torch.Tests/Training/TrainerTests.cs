using MathNet.Numerics.LinearAlgebra;
using ScoreNotebooks.Datasets;
using ScoreNotebooks.Distributions;
using ScoreNotebooks.Torch.Distributions;
using ScoreNotebooks.Torch.Networks;
using ScoreNotebooks.Torch.Training;
using static TorchSharp.torch;

namespace ScoreNotebooks.Torch.Tests.Training;

public class TrainerTests : TorchTest
{
    private const double Sigma = 0.5;
    private const int Steps = 1500;

    [Fact]
    public void Denoising_OnEightGaussians_LearnsTheExactNoisyScore_OnHeldOutPoints()
    {
        var mixture = ToyData.EightGaussians();
        using var data = mixture.Sample(new Random(1), 4000).ToTensor();
        using var net = new ScoreMlp(2, 64, 2, seed: 1);
        var options = new TrainingOptions { Steps = Steps, BatchSize = 256, LearningRate = 3e-3, Seed = 2, ProgressEvery = 0 };
        var losses = Trainer.Denoising(net, data, Sigma, options).Select(s => s.Loss).ToList();

        var noisy = mixture.AddNoise(Sigma);
        var heldOut = noisy.Sample(new Random(3), 2000);
        var truth = noisy.Score(heldOut);
        double error = (net.Score(heldOut) - truth).RowNorms(2).PointwisePower(2).Average();
        double scale = truth.RowNorms(2).PointwisePower(2).Average();
        Assert.True(error / scale < 0.05, $"relative score error E‖s_θ − ∇log q_σ‖²/E‖∇log q_σ‖² = {error / scale:F4} after {Steps} steps");

        var floor = IrreducibleLoss.Denoising(mixture, Sigma, new Random(4), 50_000);
        double last = losses.TakeLast(300).Average();
        // The loss is the floor plus the score error (Vincent 2011); it cannot go below the floor.
        Assert.True(last > floor.Value - 0.05 && last < floor.Value + error + 0.1, $"mean loss of the last 300 steps {last:F4}, floor {floor}, score error {error:F4}");
    }

    [Fact]
    public void Run_IsReproducibleFromTheSeeds()
    {
        using var data = randn([200, 2], generator: new Generator(1));
        double[] Train()
        {
            using var net = new ScoreMlp(2, 16, 1, seed: 5);
            return Trainer.Denoising(net, data, 0.3, new TrainingOptions { Steps = 20, BatchSize = 32, Seed = 6, ProgressEvery = 0 })
                .Select(s => s.Loss).ToArray();
        }
        var first = Train();
        Assert.Equal(20, first.Length);
        Assert.Equal(first, Train());
    }

    [Fact]
    public void Progress_PrintsEveryKSteps_AndNothingWhenOff()
    {
        using var data = randn([50, 2], generator: new Generator(2));
        using var net = new ScoreMlp(2, 8, 1);
        var writer = new StringWriter();
        _ = Trainer.Denoising(net, data, 0.3, new TrainingOptions { Steps = 10, BatchSize = 8, ProgressEvery = 4, ProgressWriter = writer }).ToList();
        var lines = writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("step  4/10  loss", lines[0]);
        Assert.Contains("mean of last 2", lines[2]);
        // Seeded, so a second run prints the same text: no clock time in it.
        var again = new StringWriter();
        using var net2 = new ScoreMlp(2, 8, 1);
        _ = Trainer.Denoising(net2, data, 0.3, new TrainingOptions { Steps = 10, BatchSize = 8, ProgressEvery = 4, ProgressWriter = again }).ToList();
        using var net3 = new ScoreMlp(2, 8, 1);
        var first = new StringWriter();
        _ = Trainer.Denoising(net3, data, 0.3, new TrainingOptions { Steps = 10, BatchSize = 8, ProgressEvery = 4, ProgressWriter = first }).ToList();
        Assert.Equal(first.ToString(), again.ToString());
        Assert.DoesNotMatch(@"\d s\b", again.ToString());
        var silent = new StringWriter();
        _ = Trainer.Denoising(net, data, 0.3, new TrainingOptions { Steps = 5, BatchSize = 8, ProgressEvery = 0, ProgressWriter = silent }).ToList();
        Assert.Equal("", silent.ToString());
    }

    [Fact]
    public void DenoisingMultiScale_TrainsANoiseConditionalNetwork_TowardsTheExactScores()
    {
        var mixture = ToyData.TwoModes();
        var exact = new TensorGaussianMixture(mixture);
        using var data = mixture.Sample(new Random(7), 2000).ToTensor();
        using var net = new NoiseConditionalScoreNetwork(2, hiddenWidth: 64, hiddenLayers: 2, seed: 8);
        double[] levels = [4.0, 1.0, 0.25];
        using var x = mixture.AddNoise(1.0).Sample(new Random(9), 500).ToTensor();
        double Error()
        {
            using var noGrad = no_grad();
            return net.forward(x, tensor(1.0f)).sub(exact.Score(x, 1.0)).square().sum(1).mean().item<float>();
        }
        double before = Error();
        var steps = Trainer.DenoisingMultiScale(net, data, levels, new TrainingOptions { Steps = 300, BatchSize = 128, LearningRate = 3e-3, ProgressEvery = 0 }).ToList();
        double after = Error();
        Assert.Equal(300, steps.Count);
        Assert.True(after < 0.2 * before, $"E‖s_θ(x, 1) − ∇log q_1‖²: {before:F4} before, {after:F4} after");
    }

    [Fact]
    public void Options_OutOfRange_AreRejectedWhenCalled_NamingTheProperty()
    {
        using var data = zeros(4, 2);
        using var net = new ScoreMlp(2, 4, 1);
        var e = Assert.Throws<ArgumentException>(() => Trainer.Denoising(net, data, 0.1, new TrainingOptions { BatchSize = 0 }));
        Assert.Contains("options.BatchSize", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Trainer.Denoising(net, data, -1));
    }
}
