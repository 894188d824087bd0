using MathNet.Numerics.LinearAlgebra;
using ScoreNotebooks.Datasets;
using ScoreNotebooks.Distributions;
using ScoreNotebooks.Metrics;
using ScoreNotebooks.Sampling;

namespace ScoreNotebooks.Tests.Sampling;

/// <summary>What plain Langevin gets right and wrong about mixture weights (chapter 02's claims).</summary>
public class LangevinModeWeightsTests
{
    [Fact]
    public void OnOverlappingModes_LangevinRecoversTheWeights()
    {
        var rng = new Random(21);
        var mixture = GaussianMixture.Isotropic([0.5, 0.3, 0.2],
            Matrix<double>.Build.DenseOfArray(new[,] { { -1.5, -1.0 }, { 1.5, -0.5 }, { 0.0, 1.8 } }), 0.6);
        var cloud = Langevin.Run(rng, mixture, Matrix<double>.Build.Random(2000, 2, 5) * 3, stepSize: 0.01, steps: 1500);
        double err = (ModeWeights.ByMaximalResponsibility(mixture, cloud) - mixture.Weights).AbsoluteMaximum();
        // Sampling error of a weight from 2000 points is about 0.011; 0.05 also covers the O(ε) bias.
        Assert.True(err < 0.05, $"largest weight error {err:F4}");
    }

    [Fact]
    public void OnSeparatedModes_LangevinKeepsTheWeightsItStartedWith()
    {
        var rng = new Random(22);
        var twoModes = ToyData.TwoModes();
        var uniform = Matrix<double>.Build.Dense(4000, 2, (_, j) => j == 0 ? -8 + 16 * rng.NextDouble() : -2 + 4 * rng.NextDouble());
        double startedLeft = uniform.Column(0).Count(x => x < 0) / 4000.0;
        var final = Langevin.Run(rng, twoModes, uniform, stepSize: 0.02, steps: 2000);
        double left = ModeWeights.ByMaximalResponsibility(twoModes, final)[0];
        Assert.True(Math.Abs(left - startedLeft) < 0.01, $"left weight {left:F4}, fraction started left {startedLeft:F4}");
        Assert.True(Math.Abs(left - 0.8) > 0.2, $"left weight {left:F4} should be far from the true 0.8");
    }
}
