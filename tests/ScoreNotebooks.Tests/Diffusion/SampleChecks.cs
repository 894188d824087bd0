using MathNet.Numerics.LinearAlgebra;
using ScoreNotebooks.Distributions;
using ScoreNotebooks.Metrics;

namespace ScoreNotebooks.Tests.Diffusion;

/// <summary>The two-sample check shared by the sampler tests: MMD² against fresh exact samples, and mode weights.</summary>
internal static class SampleChecks
{
    /// <summary>The kernel bandwidth h = 0.3: narrow enough to see a mode's width on the toy targets.</summary>
    public const double Bandwidth = 0.3;

    /// <summary>
    /// The MMD² threshold for 1000 samples against 1000 exact ones. Two exact samples of 1000 from
    /// the eight Gaussians or the two modes give MMD²ᵤ with standard deviation about 5e−4 at h = 0.3
    /// (40 seeds: largest 1.7e−3), so 2.5e−3 is five null standard deviations. A target with 1.5 times the
    /// component width, or with weights 0.7/0.3 instead of 0.8/0.2, scores 4e−3 to 6e−3.
    /// </summary>
    public const double MmdThreshold = 2.5e-3;

    public static double Mmd(GaussianMixture target, Matrix<double> samples, int seed) =>
        MaximumMeanDiscrepancy.SquaredUnbiased(samples, target.Sample(new Random(seed), samples.RowCount), Bandwidth);

    /// <summary>The largest |ŵₖ − πₖ| over the modes, with ŵ the fraction of samples whose most responsible component is k.</summary>
    public static double WeightError(GaussianMixture target, Matrix<double> samples) =>
        (ModeWeights.ByMaximalResponsibility(target, samples) - target.Weights).AbsoluteMaximum();
}
