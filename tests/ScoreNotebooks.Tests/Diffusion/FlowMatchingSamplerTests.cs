using MathNet.Numerics.LinearAlgebra;
using ScoreNotebooks.Diffusion;
using ScoreNotebooks.Distributions;
using ScoreNotebooks.Divergences;

namespace ScoreNotebooks.Tests.Diffusion;

/// <summary>
/// Euler and Heun on the flow-matching ODE dx/dt = u(x, t), from N(0, I) at t = 0 to the data at t = 1, judged by the
/// exact law of their output on Gaussian data (<see cref="AffineLaw"/>): one Euler step lands every particle on the data's
/// mean, and the KL falls like N⁻² and N⁻⁴.
/// </summary>
public class FlowMatchingSamplerTests
{
    private static readonly Gaussian Data = new(Vector<double>.Build.DenseOfArray([1.0, -0.5]),
        Matrix<double>.Build.DenseOfArray(new[,] { { 1.0, 0.6 }, { 0.6, 0.5 } }));

    private static readonly GaussianMixture DataMixture = new([1.0], [Data]);

    private static readonly Gaussian Noise = new(Vector<double>.Build.Dense(2), Matrix<double>.Build.DenseIdentity(2));

    private static Matrix<double> Velocity(Matrix<double> x, double t) => FlowMatching.Velocity(DataMixture, x, t);

    [Fact]
    public void Times_AreEvenlySpacedFromZeroToOne()
    {
        Assert.Equal([0.0, 0.25, 0.5, 0.75, 1.0], FlowMatching.Times(4));
    }

    [Fact]
    public void OneEulerStep_LandsEveryParticleOnTheDataMean()
    {
        // At t = 0 the path's point is the noise alone, so E[x₁ | x₀] is the data mean and u(x, 0) = mean − x.
        var x = Matrix<double>.Build.DenseOfRowArrays([0.3, -2.0], [1.5, 0.7], [-4.0, 2.0]);

        var result = FlowMatching.Euler(Velocity, x, FlowMatching.Times(1));

        for (int i = 0; i < 3; i++)
            Assert.True((result.Particles.Row(i) - Data.Mean).InfinityNorm() < 1e-12);
        Assert.Equal(1, result.Evaluations);
    }

    [Fact]
    public void ExactKl_FallsLikeNToTheMinus2ForEuler_AndMinus4ForHeun()
    {
        double Kl(bool heun, int steps) => KullbackLeibler.Between(AffineLaw.Of(x =>
            (heun ? FlowMatching.Heun(Velocity, x, FlowMatching.Times(steps)) : FlowMatching.Euler(Velocity, x, FlowMatching.Times(steps)))
            .Particles, Noise), Data);

        foreach (int steps in new[] { 32, 64 })
        {
            Assert.InRange(Kl(false, steps) / Kl(false, 2 * steps), 3.5, 4.6);
            Assert.InRange(Kl(true, steps) / Kl(true, 2 * steps), 13, 22);
        }
        Assert.True(Kl(true, 256) < 1e-7);
    }

    [Theory]
    [InlineData(5)]
    [InlineData(17)]
    public void EulerInT_TakesExactlyTheSigmaFlowsEulerSteps_AtLevelsNMinusIOverI(int steps)
    {
        // x_t / t is the noisy point at σ = (1 − t)/t; after the first step from t = 0 (which lands on μ + (N − 1) z in those
        // coordinates), each Euler step in t is Euler's step of dx/dσ = −σ ∇log q_σ between the matching levels.
        var mixture = new GaussianMixture([0.3, 0.7], [Data, new Gaussian(Vector<double>.Build.DenseOfArray([-2.0, 1.0]),
            Matrix<double>.Build.DenseIdentity(2) * 0.2)]);
        var z = Noise.Sample(new Random(3), 40);
        var byFlowMatching = FlowMatching.Euler((x, t) => FlowMatching.Velocity(mixture, x, t), z, FlowMatching.Times(steps)).Particles;
        var start = z * (steps - 1);
        for (int i = 0; i < start.RowCount; i++)
            start.SetRow(i, start.Row(i) + mixture.Mean);
        double[] levels = Enumerable.Range(1, steps).Select(i => (steps - i) / (double)i).ToArray();

        var bySigmaFlow = EdmSampler.Euler((x, sigma) => mixture.AddNoise(sigma).Score(x), start, levels).Particles;

        Assert.True((byFlowMatching - bySigmaFlow).InfinityNorm() < 1e-10, $"largest difference {(byFlowMatching - bySigmaFlow).InfinityNorm():E2}");
    }

    [Fact]
    public void Heun_CostsTwoNMinusOneEvaluations_AndNeverEvaluatesAtOne()
    {
        var seen = new List<double>();
        Matrix<double> Recording(Matrix<double> x, double t)
        {
            seen.Add(t);
            return Velocity(x, t);
        }

        var result = FlowMatching.Heun(Recording, Noise.Sample(new Random(1), 5), FlowMatching.Times(6));

        Assert.Equal(11, result.Evaluations);
        Assert.Equal(11, seen.Count);
        Assert.All(seen, t => Assert.True(t < 1));
    }

    [Theory]
    [InlineData(new[] { 0.0 }, "times")]
    [InlineData(new[] { 0.0, 0.5, 0.5, 1.0 }, "times")]
    [InlineData(new[] { 0.0, 1.2 }, "times")]
    [InlineData(new[] { -0.1, 1.0 }, "times")]
    public void BadTimes_AreRefused(double[] times, string name)
    {
        var error = Assert.Throws<ArgumentException>(() => FlowMatching.Euler(Velocity, Noise.Sample(new Random(1), 2), times));

        Assert.Equal(name, error.ParamName);
    }

    [Fact]
    public void AVelocityOfTheWrongShapeOrNotFinite_IsRefused_NamingTheVelocity()
    {
        var x = Noise.Sample(new Random(1), 3);

        var wrongShape = Assert.Throws<ArgumentException>(() =>
            FlowMatching.Heun((p, _) => Matrix<double>.Build.Dense(2, 2), x, FlowMatching.Times(2)));
        var notFinite = Assert.Throws<ArgumentException>(() =>
            FlowMatching.Euler((p, _) => p.Map(_ => double.NaN), x, FlowMatching.Times(2)));

        Assert.Equal("velocity", wrongShape.ParamName);
        Assert.Contains("2×2", wrongShape.Message);
        Assert.Equal("velocity", notFinite.ParamName);
        Assert.Contains("NaN", notFinite.Message);
    }
}
