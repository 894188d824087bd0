using MathNet.Numerics.LinearAlgebra;
using ScoreNotebooks.Datasets;
using ScoreNotebooks.Diffusion;
using ScoreNotebooks.Distributions;

namespace ScoreNotebooks.Torch.Tests.Diffusion;

/// <summary>The SDEs and targets shared by the diffusion tests.</summary>
internal static class DiffusionCases
{
    public static TheoryData<string> SdeNames => new() { "VP", "subVP", "VE" };

    /// <summary>The SDE with Song et al.'s defaults (VE: σ_max = 50, ε = 1e−5; VP, sub-VP: β ∈ [0.1, 20], ε = 1e−3).</summary>
    public static Sde Named(string name) => name switch
    {
        "VP" => new VpSde(),
        "subVP" => new SubVpSde(),
        "VE" => new VeSde(),
        _ => throw new ArgumentException($"unknown SDE {name}", nameof(name)),
    };

    public static GaussianMixture Target(string name) => name switch
    {
        "eight" => ToyData.EightGaussians(),
        "two" => ToyData.TwoModes(),
        "correlated" => Correlated(),
        _ => throw new ArgumentException($"unknown target {name}", nameof(name)),
    };

    /// <summary>Two full-covariance components, so every eigen-decomposition path is exercised.</summary>
    public static GaussianMixture Correlated() => new(
        [0.3, 0.7],
        [
            new Gaussian(Vector<double>.Build.Dense([1.0, -0.5]), Matrix<double>.Build.DenseOfArray(new[,] { { 0.8, 0.3 }, { 0.3, 0.5 } })),
            new Gaussian(Vector<double>.Build.Dense([-1.5, 1.0]), Matrix<double>.Build.DenseOfArray(new[,] { { 0.4, -0.1 }, { -0.1, 1.2 } })),
        ]);

    /// <summary>N(1, 0.25) in one dimension as a one-component mixture: the law of reverse Euler–Maruyama is then known exactly.</summary>
    public static GaussianMixture OneDimensionalGaussian() => new([1.0], [Gaussian.WithMeanVariance(1, 0.25)]);
}
