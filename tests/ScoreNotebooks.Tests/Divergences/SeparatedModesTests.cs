using MathNet.Numerics.LinearAlgebra;
using ScoreNotebooks.Distributions;
using ScoreNotebooks.Numerics;

namespace ScoreNotebooks.Tests.Divergences;

/// <summary>
/// The Fisher divergence's blind spot: between mixtures of the same far-apart components that differ
/// only in their weights it is almost zero, while KL equals the KL between the weight vectors.
/// </summary>
public class SeparatedModesTests
{
    private static GaussianMixture TwoBumps(double pi) =>
        new([pi, 1 - pi], [Gaussian.WithMeanVariance(-3, 0.25), Gaussian.WithMeanVariance(3, 0.25)]);

    private static double LogP(GaussianMixture m, double x) => m.LogDensity(Vector<double>.Build.Dense([x]));

    private static double ScoreOf(GaussianMixture m, double x) => m.Score(Vector<double>.Build.Dense([x]))[0];

    [Theory]
    [InlineData(0.05)]
    [InlineData(0.3)]
    [InlineData(0.9)]
    public void FisherDivergence_IsNearlyZero_WhileKlIsTheKlOfTheWeights(double pi)
    {
        var p = TwoBumps(pi);
        var q = TwoBumps(0.5);
        double fisher = Quadrature.Integrate(x => Math.Exp(LogP(p, x)) * Math.Pow(ScoreOf(p, x) - ScoreOf(q, x), 2), -9, 9, 6001);
        double kl = Quadrature.Integrate(x => Math.Exp(LogP(p, x)) * (LogP(p, x) - LogP(q, x)), -9, 9, 6001);
        double weightsKl = pi * Math.Log(pi / 0.5) + (1 - pi) * Math.Log((1 - pi) / 0.5);
        Assert.True(fisher < 1e-6, $"π = {pi}: Fisher divergence {fisher:E3}");
        Assert.True(Math.Abs(kl - weightsKl) < 1e-6, $"π = {pi}: KL {kl:R} vs KL of the weights {weightsKl:R}");
    }
}
