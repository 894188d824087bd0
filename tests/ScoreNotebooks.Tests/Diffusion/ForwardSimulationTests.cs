using MathNet.Numerics.LinearAlgebra;
using ScoreNotebooks.Diffusion;
using ScoreNotebooks.Tests.Distributions;

namespace ScoreNotebooks.Tests.Diffusion;

public class ForwardSimulationTests
{
    [Theory]
    [MemberData(nameof(Sdes.Names), MemberType = typeof(Sdes))]
    public void Simulate_FromOnePoint_MatchesTheKernelMeanAndVarianceAtSeveralTimes(string name)
    {
        // From x₀ = 1.5 the exact law at t is N(α(t) x₀, σ(t)²). Euler–Maruyama with h = 1/400 is biased by
        // O(h): at most about 2 % in variance here (VE: g² grows like e^{17t}), below one standard error
        // of a 4000-particle variance (2.2 %), so a 5-standard-error test sees sampling noise only.
        var sde = Sdes.Named(name);
        const int n = 4000;
        const double x0 = 1.5;
        var path = sde.Simulate(new Random(41), Matrix<double>.Build.Dense(n, 1, x0), steps: 400, recordEvery: 100).ToList();
        Assert.Equal([0.0, 0.25, 0.5, 0.75, 1.0], path.Select(s => s.Time));
        foreach (var step in path.Skip(1))
        {
            var x = step.Particles.Column(0);
            double mean = x.Average(), variance = (x - mean).PointwisePower(2).Sum() / (n - 1);
            double alpha = sde.MeanScale(step.Time), sigma2 = Math.Pow(sde.Std(step.Time), 2);
            double meanZ = Math.Abs(mean - alpha * x0) / Math.Sqrt(sigma2 / n);
            double varianceZ = Math.Abs(variance - sigma2) / (sigma2 * Math.Sqrt(2.0 / (n - 1)));
            Assert.True(meanZ < 5, $"{name} t = {step.Time}: mean {mean:G6} vs α x₀ = {alpha * x0:G6}, {meanZ:F2} standard errors");
            Assert.True(varianceZ < 5, $"{name} t = {step.Time}: variance {variance:G6} vs σ² = {sigma2:G6}, {varianceZ:F2} standard errors");
        }
    }

    [Fact]
    public void Simulate_FromAMixture_MatchesTheMomentsOfTheExactMarginal()
    {
        var sde = new VpSde();
        var p0 = TestMixtures.ThreeIn2D();
        var x0 = p0.Sample(new Random(42), 4000);
        var path = sde.Simulate(new Random(43), x0, steps: 400, recordEvery: 100).ToList();
        foreach (var step in path.Skip(1))
        {
            var marginal = sde.Marginal(p0, step.Time);
            SampleMoments.AssertMatch(step.Particles, marginal.Mean, marginal.Covariance, $"VP marginal at t = {step.Time}");
        }
        Assert.Equal(p0.Sample(new Random(42), 4000), x0);
    }

    [Theory]
    [MemberData(nameof(Sdes.Names), MemberType = typeof(Sdes))]
    public void Perturb_DrawsExactlyFromTheKernel(string name)
    {
        var sde = Sdes.Named(name);
        var x0 = Matrix<double>.Build.Dense(20_000, 2, (_, j) => j == 0 ? 2.0 : -1.0);
        const double t = 0.3;
        var xt = sde.Perturb(new Random(44), x0, t);
        var mean = sde.MeanScale(t) * Vector<double>.Build.DenseOfArray([2.0, -1.0]);
        var covariance = Math.Pow(sde.Std(t), 2) * Matrix<double>.Build.DenseIdentity(2);
        SampleMoments.AssertMatch(xt, mean, covariance, $"{name} kernel at t = {t}");
    }

    [Fact]
    public void BadInput_ThrowsArgumentExceptionNamingTheParameter()
    {
        var sde = new VeSde();
        var x = Matrix<double>.Build.Dense(3, 2);
        var rng = new Random(45);
        Assert.Equal("x0", Assert.Throws<ArgumentException>(() => sde.Simulate(rng, Matrix<double>.Build.Dense(0, 2), 10)).ParamName);
        Assert.Equal("x0", Assert.Throws<ArgumentException>(() => sde.Simulate(rng, Matrix<double>.Build.Dense(1, 1, double.NaN), 10)).ParamName);
        Assert.Equal("steps", Assert.Throws<ArgumentOutOfRangeException>(() => sde.Simulate(rng, x, 0)).ParamName);
        Assert.Equal("recordEvery", Assert.Throws<ArgumentOutOfRangeException>(() => sde.Simulate(rng, x, 5, 0)).ParamName);
        Assert.Equal("rng", Assert.Throws<ArgumentNullException>(() => sde.Perturb(null!, x, 0.5)).ParamName);
        Assert.Equal("t", Assert.Throws<ArgumentOutOfRangeException>(() => sde.Perturb(rng, x, 1.01)).ParamName);
    }
}
