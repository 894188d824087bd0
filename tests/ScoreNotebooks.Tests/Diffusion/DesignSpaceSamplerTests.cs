using MathNet.Numerics.LinearAlgebra;
using ScoreNotebooks.Diffusion;
using ScoreNotebooks.Distributions;

namespace ScoreNotebooks.Tests.Diffusion;

/// <summary>
/// Karras et al.'s noise schedules and σ-parameterised samplers, and DDIM, against closed-form flows: for Gaussian data
/// N(m, v) the probability-flow ODE is the monotone affine map between the marginals, so every sampler's error is known
/// exactly and its order can be read from how the error falls when the steps are halved.
/// </summary>
public class DesignSpaceSamplerTests
{
    private const double M = 1.0, V = 0.25, SigmaMax = 20, SigmaMin = 0.002;

    private static readonly GaussianMixture Data = new([1.0], [Gaussian.WithMeanVariance(M, V)]);

    // ∇log p_σ for p_σ = N(m, v + σ²).
    private static Matrix<double> Score(Matrix<double> x, double sigma) => -(x - M) / (V + sigma * sigma);

    private static Matrix<double> Starts() => Matrix<double>.Build.DenseOfColumnArrays(new[] { -2.0, -0.7, 0.0, 1.1, 2.4 }.Select(z => z * SigmaMax).ToArray());

    [Fact]
    public void Edm_RunsFromSigmaMaxToSigmaMinThenZero_StrictlyDecreasing()
    {
        var sigmas = SigmaSchedules.Edm(SigmaMin, SigmaMax, 18);

        Assert.Equal(19, sigmas.Length);
        Assert.Equal((SigmaMax, SigmaMin, 0.0), (sigmas[0], sigmas[17], sigmas[18]));
        Assert.All(Enumerable.Range(1, 18), i => Assert.True(sigmas[i] < sigmas[i - 1]));
    }

    [Fact]
    public void Edm_WithRhoOne_IsUniform_AndWithLargeRho_ApproachesGeometric()
    {
        var uniform = SigmaSchedules.Uniform(SigmaMin, SigmaMax, 10);
        var geometric = SigmaSchedules.Geometric(SigmaMin, SigmaMax, 10);
        var rhoOne = SigmaSchedules.Edm(SigmaMin, SigmaMax, 10, rho: 1);
        var rhoLarge = SigmaSchedules.Edm(SigmaMin, SigmaMax, 10, rho: 1e6);

        for (int i = 0; i < 10; i++)
        {
            Assert.Equal(uniform[i], rhoOne[i], 1e-12);
            Assert.True(Math.Abs(rhoLarge[i] / geometric[i] - 1) < 1e-4, $"level {i}: {rhoLarge[i]} vs {geometric[i]}");
        }
        // Geometric: a constant ratio between neighbours.
        Assert.Equal(geometric[1] / geometric[0], geometric[9] / geometric[8], 1e-12);
    }

    [Fact]
    public void Edm_TakesShorterStepsAtSmallSigma_ThanUniform()
    {
        var edm = SigmaSchedules.Edm(SigmaMin, SigmaMax, 10);
        var uniform = SigmaSchedules.Uniform(SigmaMin, SigmaMax, 10);

        Assert.True(edm[8] - edm[9] < uniform[8] - uniform[9]);
        Assert.True(edm[0] - edm[1] > uniform[0] - uniform[1]);
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(7.0)]
    public void Euler_HasFirstOrderError_AndHeun_SecondOrder(double rho)
    {
        // Up to σ_min (the schedule without its last level, 0), so that every step shrinks as the steps double.
        var exact = (Starts() - M) * Math.Sqrt((V + SigmaMin * SigmaMin) / (V + SigmaMax * SigmaMax)) + M;
        double ErrorAt(Func<Func<Matrix<double>, double, Matrix<double>>, Matrix<double>, IReadOnlyList<double>, SamplerResult> sampler,
            int steps) => (sampler(Score, Starts(), SigmaSchedules.Edm(SigmaMin, SigmaMax, steps, rho)[..^1]).Particles - exact)
            .Enumerate().Max(Math.Abs);

        Assert.InRange(ErrorAt(EdmSampler.Euler, 400) / ErrorAt(EdmSampler.Euler, 800), 1.8, 2.2);
        Assert.InRange(ErrorAt(EdmSampler.Heun, 400) / ErrorAt(EdmSampler.Heun, 800), 3.6, 4.4);
    }

    [Fact]
    public void Heun_CostsTwoEvaluationsAStep_ButOneOnTheLastStepToZero()
    {
        var sigmas = SigmaSchedules.Edm(SigmaMin, SigmaMax, 12);

        Assert.Equal(23, EdmSampler.Heun(Score, Starts(), sigmas).Evaluations);
        Assert.Equal(12, EdmSampler.Euler(Score, Starts(), sigmas).Evaluations);
    }

    [Fact]
    public void Samplers_NeverEvaluateTheScoreAtZero_NorChangeTheirInput()
    {
        var starts = Starts();
        var copy = starts.Clone();
        Matrix<double> Guarded(Matrix<double> x, double sigma) =>
            sigma > 0 ? Score(x, sigma) : throw new InvalidOperationException("the score was evaluated at σ = 0");

        EdmSampler.Heun(Guarded, starts, SigmaSchedules.Edm(SigmaMin, SigmaMax, 5));
        EdmSampler.Euler(Guarded, starts, SigmaSchedules.Edm(SigmaMin, SigmaMax, 5));

        Assert.Equal(copy, starts);
    }

    [Fact]
    public void BadSchedules_AndBadScores_AreRefusedWithTheirName()
    {
        Assert.Equal("sigmas", Assert.Throws<ArgumentException>(() => EdmSampler.Euler(Score, Starts(), [1.0])).ParamName);
        Assert.Equal("sigmas", Assert.Throws<ArgumentException>(() => EdmSampler.Euler(Score, Starts(), [1.0, 2.0, 0.0])).ParamName);
        Assert.Equal("sigmas", Assert.Throws<ArgumentException>(() => EdmSampler.Heun(Score, Starts(), [1.0, -0.5])).ParamName);
        Assert.Equal("sigmas", Assert.Throws<ArgumentException>(() => EdmSampler.Heun(Score, Starts(), [double.NaN, 0.0])).ParamName);
        Assert.Equal("score", Assert.Throws<ArgumentException>(() =>
            EdmSampler.Euler((x, _) => Matrix<double>.Build.Dense(1, 1), Starts(), [1.0, 0.0])).ParamName);
        Assert.Equal("sigmaMax", Assert.Throws<ArgumentOutOfRangeException>(() => SigmaSchedules.Edm(1, 0.5, 4)).ParamName);
        Assert.Equal("sigmaMin", Assert.Throws<ArgumentOutOfRangeException>(() => SigmaSchedules.Uniform(0, 1, 4)).ParamName);
        Assert.Equal("steps", Assert.Throws<ArgumentOutOfRangeException>(() => SigmaSchedules.Geometric(0.1, 1, 1)).ParamName);
        Assert.Equal("rho", Assert.Throws<ArgumentOutOfRangeException>(() => SigmaSchedules.Edm(0.1, 1, 4, rho: 0.5)).ParamName);
    }

    // VP flow for N(m, v): x_t = α(t) m + (x_T − α(T) m) s(t)/s(T), s(t)² = α(t)² v + σ(t)².
    private static Matrix<double> VpExact(Sde sde, Matrix<double> xT, double from, double to)
    {
        double S(double u) => Math.Sqrt(Math.Pow(sde.MeanScale(u), 2) * V + Math.Pow(sde.Std(u), 2));
        return (xT - sde.MeanScale(from) * M) * (S(to) / S(from)) + sde.MeanScale(to) * M;
    }

    private static double[] Times(Sde sde, int steps) =>
        Enumerable.Range(0, steps + 1).Select(i => sde.T + (sde.Eps - sde.T) * i / steps).ToArray();

    [Fact]
    public void Ddim_HasFirstOrderError_OnTheVpFlow()
    {
        var sde = new VpSde();
        var score = sde.ExactScore(Data);
        var xT = Matrix<double>.Build.DenseOfColumnArrays(new[] { -2.0, -0.7, 0.0, 1.1, 2.4 });
        double Error(int steps) =>
            (Ddim.Sample(sde, score, xT, Times(sde, steps)).Particles - VpExact(sde, xT, sde.T, sde.Eps)).Enumerate().Max(Math.Abs);

        Assert.InRange(Error(200) / Error(400), 1.8, 2.2);
        Assert.Equal(50, Ddim.Sample(sde, score, xT, Times(sde, 50)).Evaluations);
    }

    [Fact]
    public void Ddim_IsExactInOneStep_ForDataAtOnePoint()
    {
        // With the data concentrated at m the predicted noise is the same all along a path, which is what Euler's method
        // on dy/dλ = ẑ needs to be exact. A variance of 10⁻¹² stands in for the point.
        var sde = new VpSde();
        var point = new GaussianMixture([1.0], [Gaussian.WithMeanVariance(M, 1e-12)]);
        var xT = Matrix<double>.Build.DenseOfColumnArrays(new[] { -2.0, 0.3, 1.7 });
        double S(double u) => Math.Sqrt(Math.Pow(sde.MeanScale(u), 2) * 1e-12 + Math.Pow(sde.Std(u), 2));
        var exact = (xT - sde.MeanScale(sde.T) * M) * (S(sde.Eps) / S(sde.T)) + sde.MeanScale(sde.Eps) * M;

        var oneStep = Ddim.Sample(sde, sde.ExactScore(point), xT, [sde.T, sde.Eps]);

        Assert.True((oneStep.Particles - exact).Enumerate().Max(Math.Abs) < 1e-9);
    }

    [Fact]
    public void Ddim_RefusesTimesThatDoNotDecreaseOrReachZero()
    {
        var sde = new VpSde();
        var score = sde.ExactScore(Data);
        var x = Matrix<double>.Build.Dense(2, 1);

        Assert.Equal("times", Assert.Throws<ArgumentException>(() => Ddim.Sample(sde, score, x, [0.5, 0.7])).ParamName);
        Assert.Equal("times", Assert.Throws<ArgumentOutOfRangeException>(() => Ddim.Sample(sde, score, x, [0.5, 0.0])).ParamName);
        Assert.Equal("times", Assert.Throws<ArgumentOutOfRangeException>(() => Ddim.Sample(sde, score, x, [2.0, 0.5])).ParamName);
        Assert.Equal("times", Assert.Throws<ArgumentException>(() => Ddim.Sample(sde, score, x, [0.5])).ParamName);
    }
}
