using MathNet.Numerics.LinearAlgebra;
using ScoreNotebooks.Datasets;
using ScoreNotebooks.Diffusion;
using ScoreNotebooks.Numerics;

namespace ScoreNotebooks.Tests.Diffusion;

public class ProbabilityFlowTests
{
    // For p₀ = N(m₀, v₀) in 1D every marginal is N(αₜ m₀, sₜ²), sₜ² = αₜ² v₀ + σₜ², and the flow is the
    // monotone map between them: xₜ = αₜ m₀ + (sₜ / s_T)(x_T − α_T m₀).
    private static double ExactFlow(Sde sde, double xT, double t)
    {
        double S(double u) => Math.Sqrt(Math.Pow(sde.MeanScale(u), 2) * 0.25 + Math.Pow(sde.Std(u), 2));
        return sde.MeanScale(t) + S(t) / S(sde.T) * (xT - sde.MeanScale(sde.T));
    }

    private static Matrix<double> PriorQuantiles(Sde sde) =>
        Matrix<double>.Build.DenseOfColumnArrays(new[] { -2.0, -0.7, 0.0, 1.1, 2.4 }.Select(z => z * sde.PriorStd).ToArray());

    [Theory]
    [MemberData(nameof(Sdes.Names), MemberType = typeof(Sdes))]
    public void Rk4_OnAGaussian_FollowsTheExactFlowMapWithFourthOrderError(string name)
    {
        var sde = Sdes.Named(name);
        var score = sde.ExactScore(Sdes.OneDimensionalGaussian());
        var xT = PriorQuantiles(sde);
        double Error(int steps)
        {
            var x = ProbabilityFlow.Solve(sde, score, xT, new RungeKutta4(steps)).Particles;
            return Enumerable.Range(0, xT.RowCount).Max(i => Math.Abs(x[i, 0] - ExactFlow(sde, xT[i, 0], sde.Eps)));
        }
        double e1 = Error(40), e2 = Error(80), e3 = Error(160);
        Assert.True(e3 < 1e-5, $"{name}: error {e3:E3} with 160 steps");
        Assert.True(e1 / e2 > 10 && e2 / e3 > 12, $"{name}: errors {e1:E3}, {e2:E3}, {e3:E3}; order 4 halves to 1/16");
    }

    [Theory]
    [MemberData(nameof(Sdes.Names), MemberType = typeof(Sdes))]
    public void DormandPrince_OnAGaussian_FollowsTheExactFlowMapToTheTolerance(string name)
    {
        var sde = Sdes.Named(name);
        var score = sde.ExactScore(Sdes.OneDimensionalGaussian());
        var xT = PriorQuantiles(sde);
        var result = ProbabilityFlow.Solve(sde, score, xT, new DormandPrince(1e-9, 1e-9));
        double err = Enumerable.Range(0, xT.RowCount).Max(i => Math.Abs(result.Particles[i, 0] - ExactFlow(sde, xT[i, 0], sde.Eps)));
        Assert.True(err < 1e-7, $"{name}: error {err:E3} after {result.Steps} steps ({result.RejectedSteps} rejected)");
        Assert.Equal(sde.Eps, result.Time);
        Assert.Equal(2 + 6 * (result.Steps + result.RejectedSteps), result.Evaluations);
    }

    [Theory]
    [MemberData(nameof(Sdes.Names), MemberType = typeof(Sdes))]
    public void EncodingThenDecoding_ReturnsTheData(string name)
    {
        var sde = Sdes.Named(name);
        var target = ToyData.EightGaussians();
        var score = sde.ExactScore(target);
        var x = target.Sample(new Random(71), 20);
        var method = new DormandPrince(1e-10, 1e-10);
        var latent = ProbabilityFlow.Solve(sde, score, x, method, from: sde.Eps, to: sde.T).Particles;
        var back = ProbabilityFlow.Solve(sde, score, latent, method).Particles;
        double err = (back - x).Enumerate().Max(Math.Abs);
        Assert.True(err < 1e-6, $"{name}: round trip error {err:E3}");
    }

    [Theory]
    [InlineData("VP", "eight")]
    [InlineData("subVP", "two")]
    [InlineData("VE", "two")]
    public void Solve_FromThePrior_RecoversTheTargetAndItsModeWeights(string sdeName, string targetName)
    {
        var sde = Sdes.Named(sdeName);
        var target = targetName == "eight" ? ToyData.EightGaussians() : ToyData.TwoModes();
        var result = ProbabilityFlow.Solve(sde, sde.ExactScore(target), sde.SamplePrior(new Random(72), 1000, 2), new DormandPrince(1e-5, 1e-5));
        double mmd = SampleChecks.Mmd(target, result.Particles, 73);
        double weightError = SampleChecks.WeightError(target, result.Particles);
        Assert.True(mmd < SampleChecks.MmdThreshold, $"{sdeName} on {targetName}: MMD² {mmd:E3} ({result.Steps} steps)");
        Assert.True(weightError < 0.045, $"{sdeName} on {targetName}: largest weight error {weightError:F4}");
    }

    [Fact]
    public void Steps_TraceTheTrajectoryThatSolveEndsOn()
    {
        var sde = new VpSde();
        var score = sde.ExactScore(ToyData.TwoModes());
        var xT = sde.SamplePrior(new Random(74), 30, 2);
        var method = new DormandPrince(1e-6, 1e-6);
        var path = ProbabilityFlow.Steps(sde, score, xT, method).ToList();
        var result = ProbabilityFlow.Solve(sde, score, xT, method);
        Assert.Equal(xT, path[0].Particles);
        Assert.Equal(sde.T, path[0].Time);
        Assert.Equal(sde.Eps, path[^1].Time);
        Assert.True(path.Zip(path.Skip(1)).All(p => p.Second.Time < p.First.Time), "times must decrease from T to ε");
        Assert.Equal(result.Steps, path.Count - 1);
        Assert.Equal(result.Particles, path[^1].Particles);
        var rk4 = ProbabilityFlow.Steps(sde, score, xT, new RungeKutta4(8)).ToList();
        Assert.Equal(9, rk4.Count);
    }

    [Fact]
    public void Drift_IsTheLinearDriftMinusHalfTheSquaredDiffusionTimesTheScore()
    {
        var sde = new SubVpSde();
        var target = ToyData.EightGaussians();
        var x = Matrix<double>.Build.DenseOfArray(new[,] { { 0.5, 1.0 }, { -2.0, 0.1 } });
        const double t = 0.4;
        var expected = sde.DriftRate(t) * x - 0.5 * Math.Pow(sde.Diffusion(t), 2) * sde.Marginal(target, t).Score(x);
        Assert.True((ProbabilityFlow.Drift(sde, sde.ExactScore(target), x, t) - expected).InfinityNorm() < 1e-12);
    }

    [Fact]
    public void BadInput_ThrowsArgumentExceptionNamingTheParameter()
    {
        var sde = new VeSde();
        var x = Matrix<double>.Build.Dense(3, 2, 1.0);
        Func<Matrix<double>, double, Matrix<double>> score = (y, _) => -y;
        var method = new RungeKutta4(5);
        Assert.Equal("from", Assert.Throws<ArgumentOutOfRangeException>(() => ProbabilityFlow.Solve(sde, score, x, method, from: 1.5)).ParamName);
        Assert.Equal("to", Assert.Throws<ArgumentOutOfRangeException>(() => ProbabilityFlow.Solve(sde, score, x, method, to: -0.1)).ParamName);
        Assert.Equal("method", Assert.Throws<ArgumentNullException>(() => ProbabilityFlow.Solve(sde, score, x, null!)).ParamName);
        Assert.Equal("x", Assert.Throws<ArgumentException>(() => ProbabilityFlow.Solve(sde, score, Matrix<double>.Build.Dense(0, 2), method)).ParamName);
        Assert.Equal("score", Assert.Throws<ArgumentException>(() => ProbabilityFlow.Steps(sde, (y, _) => y.Transpose(), x, method)).ParamName);
        Assert.Equal("t", Assert.Throws<ArgumentOutOfRangeException>(() => ProbabilityFlow.Drift(sde, score, x, 2)).ParamName);
    }
}
