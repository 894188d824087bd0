using MathNet.Numerics.LinearAlgebra;
using ScoreNotebooks.Torch.Networks;
using ScoreNotebooks.Torch.ScoreMatching;
using static TorchSharp.torch;

namespace ScoreNotebooks.Torch.Tests.Networks;

public class NetworkTests : TorchTest
{
    [Fact]
    public void ScoreMlp_SameSeed_SameWeights_OtherSeed_OtherWeights()
    {
        using var a = new ScoreMlp(2, 16, 2, seed: 3);
        using var b = new ScoreMlp(2, 16, 2, seed: 3);
        using var c = new ScoreMlp(2, 16, 2, seed: 4);
        var wa = a.parameters().Select(p => p.ToMatrixOrVector()).ToList();
        Assert.Equal(wa, b.parameters().Select(p => p.ToMatrixOrVector()));
        Assert.NotEqual(wa, c.parameters().Select(p => p.ToMatrixOrVector()));
    }

    [Fact]
    public void ScoreMlp_WeightsLieWithinPlusMinusOneOverRootFanIn()
    {
        using var net = new ScoreMlp(2, 64, 2, seed: 1);
        foreach (var (name, p) in net.named_parameters())
        {
            double fanIn = name.StartsWith("layers.linear0") ? 2 : 64;
            double max = p.abs().max().item<float>();
            Assert.True(max <= 1 / Math.Sqrt(fanIn) + 1e-7, $"{name}: max |w| = {max}");
        }
    }

    [Fact]
    public void ScoreMlp_Forward_OfTheWrongShape_ThrowsNamingIt()
    {
        using var net = new ScoreMlp(2, 8, 1);
        var e = Assert.Throws<ArgumentException>(() => net.forward(zeros(4, 3)));
        Assert.Equal("x", e.ParamName);
        Assert.Contains("(4, 3)", e.Message);
    }

    [Fact]
    public void ScoreMlp_MatrixScore_EqualsAnIndependentDoubleEvaluation()
    {
        using var net = new ScoreMlp(2, 32, 2, seed: 7);
        var points = Matrix<double>.Build.Random(10, 2, 3);
        var expected = new DoubleMlp(net).Score(points);
        double error = (net.Score(points) - expected).Enumerate().Max(Math.Abs);
        Assert.True(error < 1e-5, $"max error {error:E2}");
    }

    [Fact]
    public void FourierFeatures_AreSinesAndCosinesOfTheirFrequencies()
    {
        using var features = new FourierFeatures(4, 2.0, seed: 9);
        var w = features.buffers().Single().ToVector();
        using var c = tensor(new[] { -1.5f, 0f, 0.7f });
        var gamma = features.forward(c).ToMatrix();
        Assert.Equal(8, gamma.ColumnCount);
        double[] cs = [-1.5, 0, 0.7];
        for (int i = 0; i < 3; i++)
        {
            for (int j = 0; j < 4; j++)
            {
                Assert.Equal(Math.Sin(2 * Math.PI * w[j] * cs[i]), gamma[i, j], 5);
                Assert.Equal(Math.Cos(2 * Math.PI * w[j] * cs[i]), gamma[i, j + 4], 5);
            }
        }
    }

    [Fact]
    public void NoiseConditional_ScalarLevel_EqualsTheSameLevelInEveryRow()
    {
        using var net = new NoiseConditionalScoreNetwork(2, hiddenWidth: 16, seed: 2);
        using var x = randn(5, 2);
        using var perRow = net.forward(x, full(5, 0.4f));
        using var scalar = net.forward(x, tensor(0.4f));
        Assert.True(perRow.allclose(scalar));
        Assert.Throws<ArgumentOutOfRangeException>(() => net.forward(x, tensor(0f)));
        Assert.Throws<ArgumentException>(() => net.forward(x, zeros(4)));
    }

    [Fact]
    public void NoiseConditional_TimeInput_AcceptsZeroAndNegativeTimes()
    {
        using var net = new NoiseConditionalScoreNetwork(2, NoiseInput.Time, hiddenWidth: 16, seed: 2);
        using var s = net.forward(randn(3, 2), tensor(new[] { 0f, 0.5f, 1f }));
        Assert.Equal([3L, 2L], s.shape);
        Assert.True(s.isfinite().all().item<bool>());
    }

    [Fact]
    public void Denoiser_ScoreIsTweediesConversionOfItsOutput()
    {
        using var net = new DenoiserNetwork(2, hiddenWidth: 16, seed: 4);
        using var x = randn(6, 2).mul(2);
        using var sigma = tensor(new[] { 0.5f, 1f, 2f, 0.5f, 1f, 2f });
        using var fromScore = net.Score(x, sigma);
        using var viaTweedie = Tweedie.Score(net.forward(x, sigma), x, sigma);
        Assert.True(fromScore.allclose(viaTweedie, rtol: 1e-4, atol: 1e-5));
        using var back = Tweedie.Denoised(fromScore, x, sigma);
        Assert.True(back.allclose(net.forward(x, sigma), rtol: 1e-4, atol: 1e-5));
    }

    [Fact]
    public void Denoiser_WeightedDenoisingLossOfItsScore_IsItsRegressionLossOverSigmaSquared()
    {
        using var net = new DenoiserNetwork(2, hiddenWidth: 16, seed: 4);
        using var x = randn(64, 2);
        using var z = randn(64, 2);
        using var sigma = rand(64).add(0.2f);
        using var loss = ScoreMatchingLoss.DenoisingMultiScale(net.Score, x, sigma, z);
        using var regression = net.forward(x.add(z.mul(sigma.unsqueeze(1))), sigma).sub(x).square().sum(1).div(sigma.square()).mean();
        Assert.Equal(regression.item<float>(), loss.item<float>(), 1e-3f * regression.item<float>());
    }
}

internal static class ParameterValues
{
    public static string ToMatrixOrVector(this Tensor t) =>
        string.Join(",", t.detach().flatten().data<float>().ToArray().Select(v => v.ToString("R")));
}
