using MathNet.Numerics.LinearAlgebra;
using ScoreNotebooks.Datasets;
using ScoreNotebooks.Distributions;
using ScoreNotebooks.Tests.Divergences;

namespace ScoreNotebooks.Tests.Distributions;

/// <summary>
/// One statistical test for every sampler in the library: the sample mean and covariance of
/// <see cref="IDistribution.Sample"/> against the distribution's own Mean and Covariance.
/// </summary>
public class SamplerStatisticsTests
{
    private const int SampleCount = 20_000;

    /// <summary>Every distribution under test, by name. Add a line here for each new sampler.</summary>
    public static IReadOnlyDictionary<string, Func<IDistribution>> Distributions { get; } = new Dictionary<string, Func<IDistribution>>
    {
        ["Gaussian 1D"] = () => Gaussian.WithMeanVariance(-1.5, 0.3),
        ["Gaussian standard 4D"] = () => Gaussian.Standard(4),
        ["Gaussian isotropic 2D"] = () => Gaussian.Isotropic(Vector<double>.Build.DenseOfArray([3.0, -2.0]), 0.7),
        ["Gaussian diagonal 3D"] = () => Gaussian.Diagonal(Vector<double>.Build.DenseOfArray([1.0, 0.0, -1.0]), Vector<double>.Build.DenseOfArray([0.1, 4.0, 1.0])),
        ["Gaussian full 3D"] = GaussianPairs.Full3A,
        ["Gaussian full 5D"] = () => GaussianPairs.Random(new Random(5), 5),
        ["Mixture 1D"] = TestMixtures.ThreeIn1D,
        ["Mixture 2D"] = TestMixtures.ThreeIn2D,
        ["Mixture 3D"] = TestMixtures.TwoIn3D,
        ["EightGaussians"] = () => ToyData.EightGaussians(),
        ["TwoModes"] = ToyData.TwoModes,
        ["Mixture 2D noisy σ = 0.5"] = () => TestMixtures.ThreeIn2D().AddNoise(0.5),
        ["Mixture 3D scaled α = −1.5"] = () => TestMixtures.TwoIn3D().Scale(-1.5),
        ["TwoModes VP α = 0.6, σ = 0.8"] = () => ToyData.TwoModes().Scale(0.6).AddNoise(0.8),
    };

    /// <summary>The names of <see cref="Distributions"/>, as theory data.</summary>
    public static TheoryData<string> Names()
    {
        var names = new TheoryData<string>();
        foreach (var name in Distributions.Keys)
            names.Add(name);
        return names;
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Sample_MeanAndCovariance_MatchTheDistributionsOwnWithinFiveStandardErrors(string name)
    {
        var distribution = Distributions[name]();
        var samples = distribution.Sample(new Random(51), SampleCount);
        Assert.Equal(SampleCount, samples.RowCount);
        Assert.Equal(distribution.Dimension, samples.ColumnCount);
        SampleMoments.AssertMatch(samples, distribution.Mean, distribution.Covariance, name);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Sample_SameSeed_GivesSameMatrix(string name)
    {
        var distribution = Distributions[name]();
        Assert.Equal(distribution.Sample(new Random(52), 50), distribution.Sample(new Random(52), 50));
        Assert.Equal(0, distribution.Sample(new Random(52), 0).RowCount);
    }
}
