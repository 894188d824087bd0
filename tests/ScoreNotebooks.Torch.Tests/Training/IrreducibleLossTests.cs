using MathNet.Numerics.LinearAlgebra;
using ScoreNotebooks.Distributions;
using ScoreNotebooks.Torch.Training;

namespace ScoreNotebooks.Torch.Tests.Training;

public class IrreducibleLossTests
{
    // For p = N(μ, s²I) in d dimensions, q_σ = N(μ, (s² + σ²)I) and, per coordinate,
    // ∇log q_σ(x̂) + z/σ = −a u + z s² a/σ with a = 1/(s² + σ²), u ~ N(0, s²), so
    // C_σ = d (a² s² + s⁴a²/σ²) = d s² / (σ² (s² + σ²)).
    private static double Exact(int d, double s, double sigma) => d * s * s / (sigma * sigma * (s * s + sigma * sigma));

    [Theory]
    [InlineData(0.2)]
    [InlineData(1.0)]
    public void Denoising_ForOneGaussian_MatchesTheClosedForm(double sigma)
    {
        var p = new GaussianMixture([1.0], [Gaussian.Isotropic(Vector<double>.Build.Dense([1.0, -2.0]), 0.7)]);
        var estimate = IrreducibleLoss.Denoising(p, sigma, new Random(1), 40_000);
        double exact = Exact(2, 0.7, sigma);
        Assert.True(estimate.StandardErrorsFrom(exact) < 4, $"{estimate} vs closed form {exact:F5}");
    }

    [Fact]
    public void DenoisingMultiScale_IsTheMeanOfTheWeightedFloors()
    {
        var p = new GaussianMixture([1.0], [Gaussian.Isotropic(Vector<double>.Build.Dense([0.0, 0.0]), 0.5)]);
        double[] levels = [0.1, 0.5, 2.0];
        var estimate = IrreducibleLoss.DenoisingMultiScale(p, levels, new Random(2), 20_000);
        double exact = levels.Average(sigma => sigma * sigma * Exact(2, 0.5, sigma));
        Assert.True(estimate.StandardErrorsFrom(exact) < 4, $"{estimate} vs closed form {exact:F5}");
    }

    [Fact]
    public void BadArguments_AreRejectedNamingThem()
    {
        var p = new GaussianMixture([1.0], [Gaussian.Isotropic(Vector<double>.Build.Dense([0.0]), 1)]);
        Assert.Equal("sigma", Assert.Throws<ArgumentOutOfRangeException>(() => IrreducibleLoss.Denoising(p, 0, new Random(1))).ParamName);
        Assert.Equal("levels", Assert.Throws<ArgumentException>(() => IrreducibleLoss.DenoisingMultiScale(p, [], new Random(1))).ParamName);
        Assert.Equal("samples", Assert.Throws<ArgumentOutOfRangeException>(() => IrreducibleLoss.Denoising(p, 1, new Random(1), 1)).ParamName);
    }
}
