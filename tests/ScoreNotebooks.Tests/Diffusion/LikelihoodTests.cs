using MathNet.Numerics.LinearAlgebra;
using ScoreNotebooks.Datasets;
using ScoreNotebooks.Diffusion;
using ScoreNotebooks.Distributions;
using ScoreNotebooks.Divergences;
using ScoreNotebooks.Numerics;
using ScoreNotebooks.ScoreMatching;

namespace ScoreNotebooks.Tests.Diffusion;

public class LikelihoodTests
{
    public static TheoryData<string, string> Cases => new()
    {
        { "VP", "eight" }, { "subVP", "eight" }, { "VE", "eight" }, { "VP", "two" }, { "subVP", "two" },
    };

    private static GaussianMixture Target(string name) => name == "eight" ? ToyData.EightGaussians() : ToyData.TwoModes();

    // 30 samples of the target and three points between or beyond its modes.
    private static Matrix<double> TestPoints(GaussianMixture target)
    {
        var samples = target.Sample(new Random(81), 30);
        var extra = Matrix<double>.Build.DenseOfArray(new[,] { { 0.0, 0.0 }, { 1.0, 1.0 }, { -5.0, 0.5 } });
        return samples.Stack(extra);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void LogDensity_WithTheExactScore_MatchesTheAnalyticLogDensity(string sdeName, string targetName)
    {
        var sde = Sdes.Named(sdeName);
        var target = Target(targetName);
        var x = TestPoints(target);
        var result = Likelihood.LogDensity(sde, target, x, new DormandPrince(1e-5, 1e-5));
        double maeEps = (result.LogDensity - sde.Marginal(target, sde.Eps).LogDensity(x)).PointwiseAbs().Average();
        double maeData = (result.LogDensity - target.LogDensity(x)).PointwiseAbs().Average();
        Assert.True(maeEps < 0.05, $"{sdeName} on {targetName}: mean |error| {maeEps:E3} nats against log p_ε ({result.Steps} steps)");
        Assert.True(maeData < 0.05, $"{sdeName} on {targetName}: mean |error| {maeData:E3} nats against log p₀");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void LogDensity_WithTheExactTerminalDensity_LeavesOnlyTheSolverError(string sdeName, string targetName)
    {
        // Replacing the prior by the exact p_T removes the prior's mismatch; what remains is the ODE solver's error.
        var sde = Sdes.Named(sdeName);
        var target = Target(targetName);
        var x = TestPoints(target);
        var terminal = sde.Marginal(target, sde.T);
        var result = Likelihood.LogDensity(sde, sde.ExactScore(target), sde.ExactScoreDivergence(target), x, new DormandPrince(1e-7, 1e-7),
            from: 0, priorLogDensity: terminal.LogDensity);
        double mae = (result.LogDensity - target.LogDensity(x)).PointwiseAbs().Average();
        Assert.True(mae < 1e-4, $"{sdeName} on {targetName}: mean |error| {mae:E3} nats against log p₀");
    }

    [Fact]
    public void LogDensity_PartsAddUpAndTheLatentsAreTheEncodedPoints()
    {
        var sde = new VpSde();
        var target = ToyData.TwoModes();
        var x = TestPoints(target);
        var method = new RungeKutta4(50);
        var result = Likelihood.LogDensity(sde, target, x, method);
        Assert.True((result.LogDensity - result.PriorLogDensity - result.DivergenceIntegral).AbsoluteMaximum() < 1e-12);
        Assert.True((result.PriorLogDensity - sde.PriorLogDensity(result.Latent)).AbsoluteMaximum() < 1e-12);
        var encoded = ProbabilityFlow.Solve(sde, sde.ExactScore(target), x, method, from: sde.Eps, to: sde.T).Particles;
        Assert.True((result.Latent - encoded).InfinityNorm() < 1e-12, "the augmented solve must move x exactly as the plain flow does");
        Assert.Equal(50, result.Steps);
        Assert.Equal(200, result.Evaluations);
    }

    [Theory]
    [InlineData(ProbeDistribution.Rademacher)]
    [InlineData(ProbeDistribution.Gaussian)]
    public void HutchinsonDivergence_IsUnbiasedForTheExactDivergence(ProbeDistribution distribution)
    {
        // 4000 copies of one point, each with its own probe, at t = 0.05 under VP: the estimates average to Δ log pₜ.
        var sde = new VpSde();
        var target = ToyData.EightGaussians();
        const double t = 0.05;
        const int copies = 4000;
        var point = Vector<double>.Build.DenseOfArray([1.2, 0.9]);
        var x = Matrix<double>.Build.Dense(copies, 2, (_, j) => point[j]);
        var probes = Likelihood.Probes(new Random(82), copies, 2, distribution);
        var estimates = Likelihood.HutchinsonDivergence(sde.ExactScore(target), probes)(x, t);
        var estimate = MonteCarloEstimate.FromTerms(estimates.ToArray());
        var marginal = sde.Marginal(target, t);
        double exact = marginal.ScoreDivergence(point);
        Assert.True(estimate.StandardErrorsFrom(exact) < 4, $"{distribution}: {estimate} vs exact {exact:G6}");
        // And its spread is the known one: Var = 2 Σ_{i≠j} Hᵢⱼ² (Rademacher) or 2 ‖H‖²_F (Gaussian), H the Hessian of log pₜ.
        var hessian = FiniteDifferences.Jacobian(marginal.Score, point);
        double offDiagonal = 2 * hessian[0, 1] * hessian[1, 0];
        double variance = distribution == ProbeDistribution.Rademacher ? 2 * offDiagonal : 2 * hessian.Enumerate().Sum(v => v * v);
        double ratio = estimate.StandardError * Math.Sqrt(copies) / Math.Sqrt(variance);
        Assert.True(Math.Abs(ratio - 1) < 0.1, $"{distribution}: measured sd / theory = {ratio:F4}");
    }

    [Fact]
    public void LogDensity_WithHutchinson_IsUnbiasedForTheExactDivergenceLogDensity()
    {
        // The trajectory does not depend on the probes and RK4 is linear in the divergence values, so averaging the
        // Hutchinson log-likelihood over independent probes gives the exact-divergence log-likelihood.
        var sde = new VpSde();
        var target = ToyData.EightGaussians();
        var score = sde.ExactScore(target);
        const int copies = 400;
        var x = Matrix<double>.Build.Dense(copies, 2, (_, j) => j == 0 ? 1.9 : 0.3);
        var method = new RungeKutta4(40);
        double exact = Likelihood.LogDensity(sde, score, sde.ExactScoreDivergence(target), x.SubMatrix(0, 1, 0, 2), method).LogDensity[0];
        var divergence = Likelihood.HutchinsonDivergence(score, Likelihood.Probes(new Random(83), copies, 2));
        var estimate = MonteCarloEstimate.FromTerms(Likelihood.LogDensity(sde, score, divergence, x, method).LogDensity.ToArray());
        Assert.True(estimate.StandardErrorsFrom(exact) < 4, $"Hutchinson {estimate} vs exact divergence {exact:G8}");
        Assert.True(estimate.StandardError > 0, "the probes must make the estimates differ");
    }

    [Fact]
    public void BadInput_ThrowsArgumentExceptionNamingTheParameter()
    {
        var sde = new VpSde();
        var target = ToyData.TwoModes();
        var score = sde.ExactScore(target);
        var divergence = sde.ExactScoreDivergence(target);
        var x = Matrix<double>.Build.Dense(3, 2, 0.5);
        var method = new RungeKutta4(4);
        Assert.Equal("divergence", Assert.Throws<ArgumentException>(
            () => Likelihood.LogDensity(sde, score, (y, _) => Vector<double>.Build.Dense(1), x, method)).ParamName);
        Assert.Equal("from", Assert.Throws<ArgumentOutOfRangeException>(() => Likelihood.LogDensity(sde, target, x, method, from: 1.0)).ParamName);
        Assert.Equal("priorLogDensity", Assert.Throws<ArgumentException>(
            () => Likelihood.LogDensity(sde, score, divergence, x, method, priorLogDensity: y => Vector<double>.Build.Dense(2))).ParamName);
        Assert.Equal("x", Assert.Throws<ArgumentException>(() => Likelihood.LogDensity(sde, target, Matrix<double>.Build.Dense(2, 3), method)).ParamName);
        var hutchinson = Likelihood.HutchinsonDivergence(score, Likelihood.Probes(new Random(84), 5, 2));
        Assert.Equal("x", Assert.Throws<ArgumentException>(() => hutchinson(x, 0.5)).ParamName);
        Assert.Equal("n", Assert.Throws<ArgumentOutOfRangeException>(() => Likelihood.Probes(new Random(85), 0, 2)).ParamName);
        Assert.Equal("distribution", Assert.Throws<ArgumentException>(() => Likelihood.Probes(new Random(85), 2, 2, (ProbeDistribution)7)).ParamName);
        Assert.Equal("step", Assert.Throws<ArgumentOutOfRangeException>(() => Likelihood.HutchinsonDivergence(score, x, step: 0)).ParamName);
    }
}
