using MathNet.Numerics.LinearAlgebra;
using ScoreNotebooks.Distributions;
using ScoreNotebooks.ScoreMatching;
using static ScoreNotebooks.Tests.ScoreMatching.ScoreModels;

namespace ScoreNotebooks.Tests.ScoreMatching;

public class DenoisingScoreMatchingTests
{
    [Theory]
    [InlineData(0.1)]
    [InlineData(0.5)]
    [InlineData(2.0)]
    public void IrreducibleLoss_OfIsotropicGaussianData_MatchesTheClosedForm(double sigma)
    {
        // p = N(μ, s²I) in d = 3: q_σ = N(μ, (s² + σ²)I), E‖∇log q_σ‖² = d/(s² + σ²), so
        // C(σ) = d/σ² − d/(s² + σ²) = d s² / (σ²(s² + σ²)).
        double s2 = 0.7;
        var data = GaussianMixture.Isotropic([1.0], M(new[,] { { 1.0, -2.0, 0.5 } }), Math.Sqrt(s2));
        double exact = 3 * s2 / (sigma * sigma * (s2 + sigma * sigma));
        var estimate = DenoisingScoreMatching.IrreducibleLoss(data, sigma, new Random(1), 40_000);
        Assert.True(estimate.StandardErrorsFrom(exact) < 4, $"σ = {sigma}: {estimate} vs exact {exact:G6}");
    }

    [Fact]
    public void Objective_DiffersFromExplicitMatchingOnTheNoisyData_ByTheIrreducibleLoss_ForEveryModel()
    {
        // Vincent (2011): J_DSM(θ) = E_{q_σ}‖s_θ − ∇log q_σ‖² + C(σ), the same C for every θ.
        var data = Data2D();
        double sigma = 0.4;
        var noisyData = new Gaussian(data.Mean, data.Covariance + sigma * sigma * Matrix<double>.Build.DenseIdentity(2));
        // E_{q_σ}‖∇log q_σ‖² = tr Σ_σ⁻¹ for a Gaussian.
        double c = 2 / (sigma * sigma) - noisyData.Precision().Trace();
        var rng = new Random(2);
        var clean = data.Sample(rng, 60_000);
        var (noisy, _) = DenoisingScoreMatching.Perturb(clean, sigma, rng);
        foreach (double shift in new[] { -1.0, 0.0, 0.7, 2.0 })
        {
            var model = new GaussianScoreModel(data.Mean + V(shift, -shift / 2), M(new[,] { { 1.0 + 0.2 * shift * shift, 0.1 }, { 0.1, 1.5 } }));
            var dsm = DenoisingScoreMatching.Objective(model, clean, noisy, sigma);
            double explicitExact = ScoreNotebooks.Divergences.FisherDivergence.Between(noisyData, model.ToGaussian());
            Assert.True(dsm.StandardErrorsFrom(explicitExact + c) < 4, $"shift {shift}: DSM {dsm} vs explicit {explicitExact:G6} + C {c:G6}");
        }
    }

    [Fact]
    public void TheIdealDenoiserOfTheTrainingSet_ByTweedie_IsTheResponsibilityWeightedMeanOfTheTrainingPoints()
    {
        var rng = new Random(3);
        var training = Matrix<double>.Build.Dense(12, 2, (_, _) => 4 * rng.NextDouble() - 2);
        double sigma = 0.3;
        var parzen = GaussianMixture.Isotropic(Enumerable.Repeat(1.0 / 12, 12), training, sigma);
        for (int k = 0; k < 20; k++)
        {
            var x = V(5 * rng.NextDouble() - 2.5, 5 * rng.NextDouble() - 2.5);
            var tweedie = x + sigma * sigma * parzen.Score(x);
            var weighted = training.TransposeThisAndMultiply(parzen.Responsibilities(x));
            Assert.True((tweedie - weighted).L2Norm() < 1e-9, $"at {x}: Tweedie {tweedie} vs Σ rᵢ xᵢ {weighted}");
        }
    }

    [Fact]
    public void TheIdealDenoiserOfTheTrainingSet_AtSmallNoise_ReturnsTheTrainingPointItStartedFrom()
    {
        // Memorisation: with σ far below the spacing of the points, D(xᵢ + σε) = xᵢ up to e^{−spacing²/(8σ²)}.
        var training = M(new[,] { { 0.0, 0.0 }, { 1.0, 0.2 }, { -0.8, 1.1 }, { 0.3, -1.4 }, { 1.6, 1.5 } });
        double sigma = 0.05;
        var parzen = GaussianMixture.Isotropic(Enumerable.Repeat(0.2, 5), training, sigma);
        var (noisy, _) = DenoisingScoreMatching.Perturb(training, sigma, new Random(4));
        var denoised = noisy + sigma * sigma * parzen.Score(noisy);
        Assert.True((denoised - training).Enumerate().Max(Math.Abs) < 1e-6, $"largest distance {(denoised - training).Enumerate().Max(Math.Abs):E2}");
    }

    [Fact]
    public void BadInput_ThrowsNamingTheParameter()
    {
        var model = GaussianScoreModel.WithMeanVariance(0, 1);
        var x = M(new[,] { { 0.0 }, { 1.0 } });
        Assert.Equal("sigma", Assert.Throws<ArgumentOutOfRangeException>(() => DenoisingScoreMatching.Objective(model, x, x, 0)).ParamName);
        Assert.Equal("noisy", Assert.Throws<ArgumentException>(() => DenoisingScoreMatching.Objective(model, x, M(new[,] { { 0.0 }, { 1.0 }, { 2.0 } }), 1)).ParamName);
        Assert.Equal("clean", Assert.Throws<ArgumentException>(() => DenoisingScoreMatching.Objective(model, M(new[,] { { 0.0, 1.0 }, { 1.0, 1.0 } }), x, 1)).ParamName);
        Assert.Equal("clean", Assert.Throws<ArgumentException>(() => DenoisingScoreMatching.Perturb(M(new[,] { { double.NaN } }), 1, new Random(1))).ParamName);
        Assert.Equal("sigma", Assert.Throws<ArgumentOutOfRangeException>(() => DenoisingScoreMatching.Perturb(x, -1, new Random(1))).ParamName);
        Assert.Equal("samples", Assert.Throws<ArgumentOutOfRangeException>(
            () => DenoisingScoreMatching.IrreducibleLoss(GaussianMixture.Isotropic([1.0], M(new[,] { { 0.0 } }), 1), 1, new Random(1), 1)).ParamName);
    }
}
