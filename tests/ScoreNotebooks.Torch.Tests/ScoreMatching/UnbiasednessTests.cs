using ScoreNotebooks.Datasets;
using ScoreNotebooks.Divergences;
using ScoreNotebooks.ScoreMatching;
using ScoreNotebooks.Torch.Networks;
using ScoreNotebooks.Torch.ScoreMatching;
using static TorchSharp.torch;

namespace ScoreNotebooks.Torch.Tests.ScoreMatching;

/// <summary>
/// Hutchinson's divergence and the sliced losses are unbiased: averaged over many independent
/// probes they agree with the exact divergence and Hyvärinen's loss within 4 standard errors.
/// </summary>
public class UnbiasednessTests : TorchTest
{
    private const int Probes = 4000;

    [Theory]
    [InlineData(ProbeDistribution.Rademacher)]
    [InlineData(ProbeDistribution.Gaussian)]
    public void HutchinsonDivergence_AveragesToTheExactDivergence(ProbeDistribution probe)
    {
        using var net = new ScoreMlp(3, 32, 2, seed: 21);
        using var x = randn([4, 3], generator: new Generator(1));
        using var exact = ScoreDivergence.Exact(net.forward, x);
        using var v = ScoreDivergence.DrawProbes(new Generator(2), x, Probes, probe);
        // Each probe alone is one unbiased estimate; the mean of the probes is the estimator at M = Probes.
        using var single = ScoreDivergence.Projected(net.forward, x, v).QuadraticForms; // (M, B)
        for (int i = 0; i < 4; i++)
        {
            var estimate = MonteCarloEstimate.FromTerms(single[.., i].ToVector().ToArray());
            double truth = exact[i].item<float>();
            Assert.True(Math.Abs(estimate.StandardErrorsFrom(truth)) < 4, $"row {i}: {estimate} vs exact {truth}");
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void SlicedLoss_AveragesToHyvarinensLoss(bool varianceReduction)
    {
        using var net = new ScoreMlp(2, 32, 2, seed: 22);
        var points = ToyData.EightGaussians().Sample(new Random(3), 8);
        using var x = points.ToTensor();
        double hyvarinen = ScoreMatchingLoss.Hyvarinen(net.forward, x).item<float>();
        var generator = new Generator(4);
        var terms = new double[400];
        for (int r = 0; r < terms.Length; r++)
        {
            using var v = ScoreDivergence.DrawProbes(generator, x, 1, ProbeDistribution.Gaussian);
            terms[r] = ScoreMatchingLoss.Sliced(net.forward, x, v, varianceReduction).item<float>();
        }
        var estimate = MonteCarloEstimate.FromTerms(terms);
        Assert.True(Math.Abs(estimate.StandardErrorsFrom(hyvarinen)) < 4, $"sliced {estimate} vs Hyvärinen {hyvarinen}");
    }
}
