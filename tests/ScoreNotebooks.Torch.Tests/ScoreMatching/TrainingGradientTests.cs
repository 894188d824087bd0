using ScoreNotebooks.Datasets;
using ScoreNotebooks.Torch.Networks;
using ScoreNotebooks.Torch.ScoreMatching;
using TorchSharp;
using static TorchSharp.torch;

namespace ScoreNotebooks.Torch.Tests.ScoreMatching;

/// <summary>
/// Every objective can train a network: its loss backpropagates into the parameters, and the gradient of one weight
/// agrees with a central finite difference of the loss at fixed directions and noise. Sliced score matching and
/// Hutchinson's objective once freed the graph of s(x) after computing Jᵀv, so a training step through them failed with
/// "Trying to backward through the graph a second time".
/// </summary>
public class TrainingGradientTests : TorchTest
{
    public static TheoryData<string> Objectives => new("sliced", "sliced-vr", "hutchinson", "hyvarinen", "denoising");

    [Theory]
    [MemberData(nameof(Objectives))]
    public void TheLoss_Backpropagates_AndItsGradientMatchesAFiniteDifference(string objective)
    {
        using var network = new ScoreMlp(3, hiddenWidth: 16, hiddenLayers: 2, seed: 5, device: CPU);
        using var x = ToyData.EightGaussians().Sample(new Random(6), 32).ToTensor(CPU);
        using var x3 = cat([x, x[.., ..1].mul(0.5)], 1);
        using var directions = randn([2, 32, 3], ScalarType.Float32, generator: new Generator(7));
        using var noise = randn([32, 3], ScalarType.Float32, generator: new Generator(8));
        Tensor Loss() => objective switch
        {
            "sliced" => ScoreMatchingLoss.Sliced(network.forward, x3, directions),
            "sliced-vr" => ScoreMatchingLoss.Sliced(network.forward, x3, directions, varianceReduction: true),
            "hutchinson" => ScoreMatchingLoss.Hutchinson(network.forward, x3, directions),
            "hyvarinen" => ScoreMatchingLoss.Hyvarinen(network.forward, x3),
            _ => ScoreMatchingLoss.Denoising(network.forward, x3, 0.5, noise),
        };

        network.zero_grad();
        using (var loss = Loss())
            loss.backward();
        var weight = network.parameters().First();
        double gradient = weight.grad!.flatten()[0].item<float>();

        const float h = 1e-2f;
        double Shifted(float delta)
        {
            using (no_grad())
                weight.flatten()[0].add_(delta);
            using var loss = Loss();
            double value = loss.item<float>();
            using (no_grad())
                weight.flatten()[0].sub_(delta);
            return value;
        }
        double finiteDifference = (Shifted(h) - Shifted(-h)) / (2 * h);

        Assert.True(double.IsFinite(gradient) && gradient != 0, $"{objective}: gradient {gradient}");
        Assert.True(Math.Abs(gradient - finiteDifference) < 0.02 * Math.Abs(finiteDifference) + 1e-4,
            $"{objective}: autograd {gradient:G6} against finite difference {finiteDifference:G6}");
    }
}
