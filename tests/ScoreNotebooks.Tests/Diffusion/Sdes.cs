using ScoreNotebooks.Diffusion;
using ScoreNotebooks.Distributions;

namespace ScoreNotebooks.Tests.Diffusion;

/// <summary>The three SDEs by name, for theories, and small targets for the diffusion tests.</summary>
internal static class Sdes
{
    public static TheoryData<string> Names => new() { "VP", "subVP", "VE" };

    /// <summary>The SDE with Song et al.'s defaults (VE: σ_max = 50, ε = 1e−5; VP, sub-VP: β ∈ [0.1, 20], ε = 1e−3).</summary>
    public static Sde Named(string name) => name switch
    {
        "VP" => new VpSde(),
        "subVP" => new SubVpSde(),
        "VE" => new VeSde(),
        _ => throw new ArgumentException($"unknown SDE {name}", nameof(name)),
    };

    /// <summary>N(1, 0.25) in one dimension as a one-component mixture: every quantity has a closed form.</summary>
    public static GaussianMixture OneDimensionalGaussian() => new([1.0], [Gaussian.WithMeanVariance(1, 0.25)]);
}
