using MathNet.Numerics.LinearAlgebra;
using ScoreNotebooks.Datasets;
using ScoreNotebooks.Metrics;

namespace ScoreNotebooks.Tests.Metrics;

public class ModeWeightsTests
{
    [Fact]
    public void ByMaximalResponsibility_OfTwoModesSamples_RecoversWeightsWithinThreeStandardErrors()
    {
        var mixture = ToyData.TwoModes();
        const int n = 5000;
        var fractions = ModeWeights.ByMaximalResponsibility(mixture, mixture.Sample(new Random(31), n));
        for (int k = 0; k < 2; k++)
        {
            double pi = mixture.Weights[k];
            double se = Math.Sqrt(pi * (1 - pi) / n);
            double z = Math.Abs(fractions[k] - pi) / se;
            Assert.True(z < 3, $"component {k}: fraction {fractions[k]:F4} vs weight {pi}, {z:F2} standard errors");
        }
    }

    [Fact]
    public void ByMeanResponsibility_OfTwoModesSamples_RecoversWeightsWithinThreeStandardErrors()
    {
        var mixture = ToyData.TwoModes();
        const int n = 5000;
        var fractions = ModeWeights.ByMeanResponsibility(mixture, mixture.Sample(new Random(32), n));
        Assert.True(Math.Abs(fractions.Sum() - 1) < 1e-12, $"fractions sum to {fractions.Sum():R}");
        for (int k = 0; k < 2; k++)
        {
            double pi = mixture.Weights[k];
            double se = Math.Sqrt(pi * (1 - pi) / n);
            double z = Math.Abs(fractions[k] - pi) / se;
            Assert.True(z < 3, $"component {k}: mean responsibility {fractions[k]:F4} vs weight {pi}, {z:F2} standard errors");
        }
    }

    [Fact]
    public void ByMaximalResponsibility_OfSamplesFromOneModeOnly_IsAllInThatMode()
    {
        // What plain Langevin started in the light mode produces: every sample there, so the fractions say (0, 1).
        var mixture = ToyData.TwoModes();
        var oneMode = mixture.Components[1].Sample(new Random(33), 400);
        var fractions = ModeWeights.ByMaximalResponsibility(mixture, oneMode);
        Assert.Equal([0.0, 1.0], fractions.ToArray());
    }

    [Fact]
    public void ByMaximalResponsibility_CountsByHandOnChosenPoints()
    {
        var mixture = ToyData.EightGaussians();
        // Two points at mode 0, one at mode 3, one at mode 6: fractions (½, 0, 0, ¼, 0, 0, ¼, 0).
        var points = Matrix<double>.Build.DenseOfRowVectors(
            mixture.Components[0].Mean, mixture.Components[0].Mean * 1.05, mixture.Components[3].Mean, mixture.Components[6].Mean);
        var fractions = ModeWeights.ByMaximalResponsibility(mixture, points);
        Assert.Equal([0.5, 0, 0, 0.25, 0, 0, 0.25, 0], fractions.ToArray());
    }

    [Fact]
    public void BadInput_ThrowsArgumentExceptionNamingTheParameter()
    {
        var mixture = ToyData.TwoModes();
        Assert.Equal("samples", Assert.Throws<ArgumentException>(() => ModeWeights.ByMaximalResponsibility(mixture, Matrix<double>.Build.Dense(0, 2))).ParamName);
        Assert.Equal("samples", Assert.Throws<ArgumentException>(() => ModeWeights.ByMeanResponsibility(mixture, Matrix<double>.Build.Dense(3, 3))).ParamName);
        Assert.Equal("samples", Assert.Throws<ArgumentException>(() => ModeWeights.ByMeanResponsibility(mixture, Matrix<double>.Build.Dense(3, 2, double.NaN))).ParamName);
        Assert.Equal("mixture", Assert.Throws<ArgumentNullException>(() => ModeWeights.ByMeanResponsibility(null!, Matrix<double>.Build.Dense(3, 2))).ParamName);
    }
}
