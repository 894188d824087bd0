using MathNet.Numerics.LinearAlgebra;
using ScoreNotebooks.Numerics;
using ScoreNotebooks.ScoreMatching;
using ScoreNotebooks.Tests.Distributions;
using static ScoreNotebooks.Tests.ScoreMatching.ScoreModels;

namespace ScoreNotebooks.Tests.ScoreMatching;

public class HutchinsonTraceTests
{
    [Fact]
    public void Rademacher_OnDiagonalLinearField_IsExactWithZeroSpread()
    {
        // vᵀ D v = Σ Dᵢᵢ vᵢ² = tr D for every ±1 probe.
        var diagonal = Matrix<double>.Build.DenseOfDiagonalArray([1.5, -0.5, 3.0, 0.25]);
        var estimate = HutchinsonTrace.Divergence(x => diagonal * x, V(0.3, -1.0, 2.0, 0.5), new Random(1), 10);
        Assert.True(Math.Abs(estimate.Value - diagonal.Trace()) < 1e-9, $"{estimate} vs tr D = {diagonal.Trace()}");
        Assert.True(estimate.StandardError < 1e-9, $"standard error {estimate.StandardError:E3}");
    }

    [Theory]
    [InlineData(ProbeDistribution.Rademacher)]
    [InlineData(ProbeDistribution.Gaussian)]
    public void OnLinearField_IsUnbiasedWithTheKnownVariance(ProbeDistribution probe)
    {
        // For symmetric A: Var = 2 Σ_{i≠j} Aᵢⱼ² (Rademacher) or 2‖A‖²_F (Gaussian).
        var a = RandomSpd(new Random(2), 5);
        int k = 20_000;
        var estimate = HutchinsonTrace.Divergence(x => a * x, V(1, 2, 3, 4, 5), new Random(3), k, probe);
        double z = estimate.StandardErrorsFrom(a.Trace());
        Assert.True(z < 4, $"{probe}: {estimate} vs tr A = {a.Trace():G6}, {z:F2} standard errors");
        double offDiagonal = a.Enumerate().Sum(v => v * v) - a.Diagonal().Sum(v => v * v);
        double variance = probe == ProbeDistribution.Rademacher ? 2 * offDiagonal : 2 * a.Enumerate().Sum(v => v * v);
        double ratio = estimate.StandardError * Math.Sqrt(k) / Math.Sqrt(variance);
        Assert.True(Math.Abs(ratio - 1) < 0.05, $"{probe}: measured sd / theory = {ratio:F4}");
    }

    [Theory]
    [InlineData(ProbeDistribution.Rademacher)]
    [InlineData(ProbeDistribution.Gaussian)]
    public void ProbeVariance_OfANonSymmetricJacobian_MatchesTheSpreadOfTheTerms(ProbeDistribution probe)
    {
        var rng = new Random(6);
        var j = Matrix<double>.Build.Dense(4, 4, (_, _) => rng.NextDouble() * 2 - 1);
        int k = 40_000;
        var estimate = HutchinsonTrace.Divergence(x => j * x, V(0.5, -1, 0.25, 2), new Random(7), k, probe);
        double measured = estimate.StandardError * estimate.StandardError * k;
        double exact = HutchinsonTrace.ProbeVariance(j, probe);
        // The sample variance of k terms has a relative spread of about √(2/k)·√(1 + kurtosis/2) < 2%.
        Assert.True(Math.Abs(measured / exact - 1) < 0.06, $"{probe}: measured {measured:G5}, exact {exact:G5}");
    }

    [Fact]
    public void ProbeVariance_RademacherIsSmallerByTwiceTheSquaredDiagonal()
    {
        var j = Matrix<double>.Build.DenseOfArray(new[,] { { 2.0, 0.5, -1.0 }, { 0.3, -1.0, 0.8 }, { 0.0, 0.4, 3.0 } });
        double gap = HutchinsonTrace.ProbeVariance(j, ProbeDistribution.Gaussian) - HutchinsonTrace.ProbeVariance(j, ProbeDistribution.Rademacher);
        Assert.Equal(2 * (4.0 + 1.0 + 9.0), gap, 12);
        Assert.Equal(0, HutchinsonTrace.ProbeVariance(Matrix<double>.Build.DenseOfDiagonalArray([1.0, -2.0]), ProbeDistribution.Rademacher), 15);
        Assert.Equal("jacobian", Assert.Throws<ArgumentException>(() => HutchinsonTrace.ProbeVariance(Matrix<double>.Build.Dense(2, 3), ProbeDistribution.Gaussian)).ParamName);
        Assert.Equal("probe", Assert.Throws<ArgumentException>(() => HutchinsonTrace.ProbeVariance(j, (ProbeDistribution)9)).ParamName);
    }

    [Fact]
    public void OnMixtureScore_AgreesWithFiniteDifferenceDivergence()
    {
        var data = TestMixtures.ThreeIn2D();
        var model = new FunctionScoreModel(2, data.Score);
        var x = V(0.3, 0.4);
        var estimate = HutchinsonTrace.Divergence(model, x, new Random(4), 5_000);
        double exact = FiniteDifferences.Divergence(data.Score, x);
        double z = estimate.StandardErrorsFrom(exact);
        Assert.True(z < 4, $"{estimate} vs finite differences {exact:G6}, {z:F2} standard errors");
    }

    [Fact]
    public void BadInput_ThrowsArgumentExceptionNamingTheParameter()
    {
        var rng = new Random(5);
        Assert.Equal("probes", Assert.Throws<ArgumentOutOfRangeException>(() => HutchinsonTrace.Divergence(x => x, V(1), rng, 1)).ParamName);
        Assert.Equal("field", Assert.Throws<ArgumentException>(() => HutchinsonTrace.Divergence(_ => V(1, 2), V(1), rng, 3)).ParamName);
        Assert.Equal("probe", Assert.Throws<ArgumentException>(() => HutchinsonTrace.Divergence(x => x, V(1), rng, 3, (ProbeDistribution)9)).ParamName);
        Assert.Equal("rng", Assert.Throws<ArgumentNullException>(() => HutchinsonTrace.Divergence(x => x, V(1), null!, 3)).ParamName);
        Assert.Equal("x", Assert.Throws<ArgumentException>(
            () => HutchinsonTrace.Divergence(GaussianScoreModel.WithMeanVariance(0, 1), V(1, 2), rng, 3)).ParamName);
    }
}
