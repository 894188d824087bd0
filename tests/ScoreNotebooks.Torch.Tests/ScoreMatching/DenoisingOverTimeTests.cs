using MathNet.Numerics.LinearAlgebra;
using ScoreNotebooks.Diffusion;
using ScoreNotebooks.Torch.Diffusion;
using ScoreNotebooks.Torch.Networks;
using ScoreNotebooks.Torch.ScoreMatching;
using ScoreNotebooks.Torch.Tests.Diffusion;
using TorchSharp;
using static TorchSharp.torch;

namespace ScoreNotebooks.Torch.Tests.ScoreMatching;

/// <summary>
/// Denoising score matching over diffusion time against an independent double-precision evaluation: the same
/// weights, data, times and noise, with α(t), σ(t) from the CPU Sde, the networks evaluated by
/// <see cref="DoubleMlp"/> on their Fourier features written out, and the loss formula of Song et al. (2021), Eq. 7.
/// </summary>
public class DenoisingOverTimeTests : TorchTest
{
    private const int Rows = 48;

    // The network's Fourier frequencies, read from its one buffer.
    private static double[] Frequencies(nn.Module module) =>
        module.named_buffers().Single(b => b.name.EndsWith("frequencies", StringComparison.Ordinal)).buffer.ToVector().ToArray();

    private static Vector<double> Features(double[] frequencies, double c) => Vector<double>.Build.DenseOfEnumerable(
        frequencies.Select(w => Math.Sin(2 * Math.PI * w * c)).Concat(frequencies.Select(w => Math.Cos(2 * Math.PI * w * c))));

    // s(x, t) = −ε(x, t)/σ(t), ε = MLP([x/√(α²σ_d² + σ²), γ(log(σ/α))]), in double.
    private static Vector<double> TimeNetworkScore(TimeConditionalScoreNetwork net, DoubleMlp mlp, double[] w, Vector<double> x, double t)
    {
        double alpha = net.Sde.MeanScale(t), sigma = net.Sde.Std(t);
        double scale = 1 / Math.Sqrt(alpha * alpha * net.DataStd * net.DataStd + sigma * sigma);
        var input = Vector<double>.Build.DenseOfEnumerable((scale * x).Concat(Features(w, Math.Log(sigma / alpha))));
        return -mlp.Score(input) / sigma;
    }

    // s(x, t) = MLP([x, γ(t)]), in double.
    private static Vector<double> RawTimeScore(DoubleMlp mlp, double[] w, Vector<double> x, double t) =>
        mlp.Score(Vector<double>.Build.DenseOfEnumerable(x.Concat(Features(w, t))));

    private static (Tensor X0, Tensor Times, Tensor Noise) Draws(Sde sde, int seed)
    {
        var generator = new Generator((ulong)seed);
        var x0 = randn([Rows, 2], generator: generator).mul(1.5);
        var times = rand([Rows], generator: generator).mul(sde.T - sde.Eps).add(sde.Eps).clamp((float)sde.Eps, (float)sde.T);
        var noise = randn([Rows, 2], generator: generator);
        return (x0, times, noise);
    }

    private static double DoubleLoss(Sde sde, Tensor x0, Tensor times, Tensor noise, Func<Vector<double>, double, Vector<double>> score, Func<double, double> weight)
    {
        var a = x0.ToMatrix();
        var z = noise.ToMatrix();
        var t = times.ToVector();
        double sum = 0;
        for (int i = 0; i < Rows; i++)
        {
            double alpha = sde.MeanScale(t[i]), sigma = sde.Std(t[i]);
            var xt = alpha * a.Row(i) + sigma * z.Row(i);
            var residual = score(xt, t[i]) + z.Row(i) / sigma;
            sum += weight(t[i]) * residual.DotProduct(residual);
        }
        return sum / Rows;
    }

    private static void AssertClose(double expected, double actual, string label) =>
        Assert.True(Math.Abs(actual - expected) < 1e-4 * Math.Abs(expected), $"{label}: TorchSharp {actual:G8} vs double {expected:G8}");

    [Theory]
    [MemberData(nameof(DiffusionCases.SdeNames), MemberType = typeof(DiffusionCases))]
    public void Loss_OfATimeConditionalNetwork_EqualsTheDoubleEvaluation(string name)
    {
        var sde = DiffusionCases.Named(name);
        using var net = new TimeConditionalScoreNetwork(sde, 2, 32, 2, fourierFeatures: 8, dataStd: 1.5, seed: 31);
        var mlp = new DoubleMlp(net);
        var w = Frequencies(net);
        var (x0, times, noise) = Draws(sde, 32);
        double torchLoss = ScoreMatchingLoss.DenoisingOverTime(net.forward, x0, sde, times, noise).item<float>();
        double reference = DoubleLoss(sde, x0, times, noise, (x, t) => TimeNetworkScore(net, mlp, w, x, t), t => Math.Pow(sde.Std(t), 2));
        AssertClose(reference, torchLoss, name);
    }

    [Theory]
    [MemberData(nameof(DiffusionCases.SdeNames), MemberType = typeof(DiffusionCases))]
    public void Loss_WithTheLikelihoodWeighting_OfARawTimeNetwork_EqualsTheDoubleEvaluation(string name)
    {
        var sde = DiffusionCases.Named(name);
        using var net = new NoiseConditionalScoreNetwork(2, NoiseInput.Time, 32, 2, fourierFeatures: 8, seed: 33);
        var mlp = new DoubleMlp(net);
        var w = Frequencies(net);
        var (x0, times, noise) = Draws(sde, 34);
        double G2(double t) => Math.Pow(sde.Diffusion(t), 2);
        double torchLoss = ScoreMatchingLoss.DenoisingOverTime(net.forward, x0, sde, times, noise, G2).item<float>();
        double reference = DoubleLoss(sde, x0, times, noise, (x, t) => RawTimeScore(mlp, w, x, t), G2);
        AssertClose(reference, torchLoss, name);
    }

    [Fact]
    public void GeneratorForm_DrawsTimesUniformOnEpsToTThenNoise()
    {
        var sde = new VpSde();
        using var net = new TimeConditionalScoreNetwork(sde, 2, 16, 1, fourierFeatures: 4, seed: 35);
        using var x0 = randn([Rows, 2], generator: new Generator(36));
        double drawn = ScoreMatchingLoss.DenoisingOverTime(net.forward, x0, sde, new Generator(37)).item<float>();
        var generator = new Generator(37);
        using var u = rand([Rows], ScalarType.Float64, generator: generator);
        using var times = u.mul(sde.T - sde.Eps).add(sde.Eps).to(ScalarType.Float32);
        using var noise = randn([Rows, 2], generator: generator);
        double given = ScoreMatchingLoss.DenoisingOverTime(net.forward, x0, sde, times, noise).item<float>();
        Assert.Equal(given, drawn);
        // Many draws of the times cover [ε, T] uniformly.
        using var many = ScoreMatchingLoss.UniformTimes(sde, 100_000, new Generator(38));
        var values = many.ToVector();
        Assert.True(values.Minimum() >= (float)sde.Eps && values.Maximum() <= sde.T);
        double meanZ = (values.Average() - (sde.T + sde.Eps) / 2) / ((sde.T - sde.Eps) / Math.Sqrt(12 * 100_000.0));
        Assert.True(Math.Abs(meanZ) < 5, $"mean of the times is {meanZ:F2} standard errors from (ε + T)/2");
    }

    [Fact]
    public void BadInput_ThrowsNamingTheParameter()
    {
        var sde = new SubVpSde();
        using var net = new TimeConditionalScoreNetwork(sde, 2, 8, 1, seed: 39);
        using var x0 = zeros(4, 2);
        using var noise = zeros(4, 2);
        Assert.Equal("times", Assert.Throws<ArgumentException>(() => ScoreMatchingLoss.DenoisingOverTime(net.forward, x0, sde, zeros(3), noise)).ParamName);
        Assert.Equal("times", Assert.Throws<ArgumentOutOfRangeException>(() => ScoreMatchingLoss.DenoisingOverTime(net.forward, x0, sde, zeros(4), noise)).ParamName);
        Assert.Equal("noise", Assert.Throws<ArgumentException>(() => ScoreMatchingLoss.DenoisingOverTime(net.forward, x0, sde, full(4, 0.5f), zeros(4, 3))).ParamName);
        Assert.Equal("weighting", Assert.Throws<ArgumentOutOfRangeException>(
            () => ScoreMatchingLoss.DenoisingOverTime(net.forward, x0, sde, full(4, 0.5f), noise, _ => -1)).ParamName);
        Assert.Equal("t", Assert.Throws<ArgumentOutOfRangeException>(() => net.forward(x0, zeros(4))).ParamName);
        Assert.Equal("sde", Assert.Throws<ArgumentNullException>(() => new TimeConditionalScoreNetwork(null!, 2)).ParamName);
    }
}
