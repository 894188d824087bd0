using ScoreNotebooks.Divergences;
using MathNet.Numerics.LinearAlgebra;
using ScoreNotebooks.Distributions;
using ScoreNotebooks.Sampling;
using ScoreNotebooks.Tests.Distributions;

namespace ScoreNotebooks.Tests.Sampling;

public class LangevinTests
{
    [Fact]
    public void Run_OnOneDimensionalGaussian_ReachesTheDiscretisedStationaryVarianceNotTheTargetVariance()
    {
        const double mu = 1.5, sigma2 = 2.0, epsilon = 0.5 * sigma2;
        const int n = 20_000;
        double expected = sigma2 / (1 - epsilon / (2 * sigma2)); // 4σ²/3: a large, visible bias
        var initial = Matrix<double>.Build.Dense(n, 1, (i, _) => mu + 3 * Math.Sin(i));
        // The contraction factor is 1 − ε/σ² = ½ per step, so 80 steps forget the start completely.
        var x = Langevin.Run(new Random(61), (Matrix<double> xs) => -(xs - mu) / sigma2, initial, epsilon, 80).Column(0);

        double mean = x.Average();
        double variance = (x - mean).PointwisePower(2).Sum() / (n - 1);
        double meanZ = Math.Abs(mean - mu) / Math.Sqrt(expected / n);
        double varianceSe = expected * Math.Sqrt(2.0 / (n - 1)); // sd of a normal sample variance
        double varianceZ = Math.Abs(variance - expected) / varianceSe;
        double fromTarget = Math.Abs(variance - sigma2) / varianceSe;
        Assert.True(meanZ < 4, $"mean {mean:G6} vs μ = {mu}, {meanZ:F2} standard errors");
        Assert.True(varianceZ < 4, $"variance {variance:G6} vs σ²/(1 − ε/2σ²) = {expected:G6}, {varianceZ:F2} standard errors");
        Assert.True(fromTarget > 15, $"variance {variance:G6} is only {fromTarget:F1} standard errors from σ² = {sigma2}");
    }

    [Fact]
    public void Run_OnTwoDimensionalGaussian_MatchesMeanAndSolvedDiscretisedStationaryCovariance()
    {
        var mean = Vector<double>.Build.DenseOfArray([1.0, -2.0]);
        var sigma = Matrix<double>.Build.DenseOfArray(new[,] { { 1.0, 0.6 }, { 0.6, 2.0 } });
        var target = new Gaussian(mean, sigma);
        const double epsilon = 0.2;
        var v = DiscretisedStationaryCovariance(sigma.Inverse(), epsilon);
        var x = Langevin.Run(new Random(62), target, Matrix<double>.Build.Dense(20_000, 2), epsilon, 300);

        SampleMoments.AssertMatch(x, mean, v, "Langevin on a 2D Gaussian");
        double gap = (v - sigma).FrobeniusNorm() / sigma.FrobeniusNorm();
        Assert.True(gap > 0.05, $"the discretised covariance differs from Σ by only {gap:E3} (relative); the test would not see the bias");
    }

    [Fact]
    public void Steps_PerPointAndBatchScores_GiveIdenticalChainsForTheSameSeed()
    {
        static double Force(double a) => -a + 0.5 * Math.Sin(3 * a);
        var initial = Matrix<double>.Build.DenseOfArray(new[,] { { 0.1, -1.0 }, { 2.0, 0.5 }, { -0.3, 0.7 } });
        var batch = Langevin.Steps(new Random(63), (Matrix<double> xs) => xs.Map(Force), initial, 0.1, 25).ToList();
        var pointwise = Langevin.Steps(new Random(63), (Vector<double> x) => x.Map(Force), initial, 0.1, 25).ToList();

        Assert.Equal(26, batch.Count);
        Assert.Equal(batch.Select(s => s.Step), pointwise.Select(s => s.Step));
        for (int t = 0; t < batch.Count; t++)
            Assert.Equal(batch[t].Particles, pointwise[t].Particles);
    }

    [Fact]
    public void Steps_YieldCopies_SoChangingARecordedStepOrTheInitialMatrixLeavesTheChainUnchanged()
    {
        var initial = Matrix<double>.Build.DenseOfArray(new[,] { { 0.5, -0.5 }, { 1.0, 2.0 } });
        var untouched = Langevin.Steps(new Random(64), (Matrix<double> xs) => -xs, initial, 0.1, 10).ToList();

        var probe = initial.Clone();
        var recorded = new List<LangevinStep>();
        foreach (var step in Langevin.Steps(new Random(64), (Matrix<double> xs) => -xs, probe, 0.1, 10))
        {
            recorded.Add(step with { Particles = step.Particles.Clone() });
            step.Particles.Clear(); // a consumer scribbling on what it was given
            probe.Clear();
        }
        for (int t = 0; t < untouched.Count; t++)
            Assert.Equal(untouched[t].Particles, recorded[t].Particles);
        Assert.NotEqual(untouched[0].Particles, untouched[1].Particles);
    }

    [Fact]
    public void Steps_RecordEvery_YieldsStepZeroEveryKthAndTheLastStep_AndRunReturnsTheSameFinalParticles()
    {
        var initial = Matrix<double>.Build.Dense(4, 2, (i, j) => i - j);
        var recorded = Langevin.Steps(new Random(65), (Matrix<double> xs) => -2 * xs, initial, 0.05, 10, recordEvery: 4).ToList();
        Assert.Equal([0, 4, 8, 10], recorded.Select(s => s.Step));

        var everyStep = Langevin.Steps(new Random(65), (Matrix<double> xs) => -2 * xs, initial, 0.05, 10).ToList();
        Assert.Equal(everyStep[8].Particles, recorded[2].Particles);
        Assert.Equal(everyStep[10].Particles, Langevin.Run(new Random(65), (Matrix<double> xs) => -2 * xs, initial, 0.05, 10));
        Assert.Equal(initial, Langevin.Run(new Random(65), (Matrix<double> xs) => -2 * xs, initial, 0.05, 0));
    }

    [Theory]
    [InlineData(1, 1.0, 0.1)]
    [InlineData(64, 0.25, 0.02)]
    [InlineData(784, 2.0, 1.5)]
    public void StationaryKl_IsTheGaussianKlBetweenTheStationaryLawAndTheTarget(int d, double variance, double epsilon)
    {
        var mean = Vector<double>.Build.Dense(d, i => 0.1 * i);
        var identity = Matrix<double>.Build.DenseIdentity(d);
        double v = Langevin.StationaryVariance(variance, epsilon);

        double oracle = KullbackLeibler.Between(new Gaussian(mean, identity * v), new Gaussian(mean, identity * variance));

        Assert.Equal(oracle, Langevin.StationaryKl(d, variance, epsilon), 1e-9 * Math.Max(1, oracle));
    }

    [Fact]
    public void StationaryKl_GrowsLinearlyWithTheDimension_AndLikeTheSquareOfASmallStep()
    {
        double one = Langevin.StationaryKl(1, 1, 1e-3);

        Assert.Equal(100 * one, Langevin.StationaryKl(100, 1, 1e-3), 1e-12);
        Assert.Equal(1e-6 / 16, one, 1e-9);                                  // d ε²/(16 σ⁴)
        Assert.Equal(4, Langevin.StationaryKl(1, 1, 2e-3) / one, 0.01);      // doubling ε quadruples the KL
        Assert.Equal("dimension", Assert.Throws<ArgumentOutOfRangeException>(() => Langevin.StationaryKl(0, 1, 0.1)).ParamName);
        Assert.Equal("stepSize", Assert.Throws<ArgumentOutOfRangeException>(() => Langevin.StationaryKl(3, 1, 2)).ParamName);
    }

    [Fact]
    public void StationaryVariance_EqualsTheFixedPointOfTheVarianceRecursion()
    {
        foreach (var (sigma2, epsilon) in new[] { (1.0, 0.5), (2.0, 1.0), (0.3, 0.01), (5.0, 9.0) })
        {
            // Iterate v ← (1 − ε/σ²)² v + 2ε to its fixed point, independently of the closed form.
            double a = 1 - epsilon / sigma2, v = 0;
            for (int k = 0; k < 100_000; k++)
                v = a * a * v + 2 * epsilon;
            double closed = Langevin.StationaryVariance(sigma2, epsilon);
            double err = Math.Abs(closed - v) / v;
            Assert.True(err < 1e-12, $"σ² = {sigma2}, ε = {epsilon}: closed form {closed:R} vs recursion {v:R}, relative error {err:E3}");
        }
    }

    [Fact]
    public void Steps_BadArguments_ThrowWhenCalledNamingTheParameter()
    {
        var rng = new Random(66);
        var x0 = Matrix<double>.Build.Dense(3, 2);
        Func<Matrix<double>, Matrix<double>> score = xs => -xs;
        Assert.Equal("stepSize", Assert.Throws<ArgumentOutOfRangeException>(() => Langevin.Steps(rng, score, x0, 0.0, 5)).ParamName);
        Assert.Equal("stepSize", Assert.Throws<ArgumentOutOfRangeException>(() => Langevin.Steps(rng, score, x0, -0.1, 5)).ParamName);
        Assert.Equal("stepSize", Assert.Throws<ArgumentException>(() => Langevin.Steps(rng, score, x0, double.NaN, 5)).ParamName);
        Assert.Equal("steps", Assert.Throws<ArgumentOutOfRangeException>(() => Langevin.Steps(rng, score, x0, 0.1, -1)).ParamName);
        Assert.Equal("recordEvery", Assert.Throws<ArgumentOutOfRangeException>(() => Langevin.Steps(rng, score, x0, 0.1, 5, 0)).ParamName);
        var nan = x0.Clone();
        nan[1, 1] = double.NaN;
        Assert.Equal("initial", Assert.Throws<ArgumentException>(() => Langevin.Steps(rng, score, nan, 0.1, 5)).ParamName);
        Assert.Equal("initial", Assert.Throws<ArgumentException>(() => Langevin.Steps(rng, score, Matrix<double>.Build.Dense(0, 2), 0.1, 5)).ParamName);
        Assert.Equal("initial", Assert.Throws<ArgumentException>(() => Langevin.Steps(rng, Gaussian.Standard(3), x0, 0.1, 5)).ParamName);
        Assert.Equal("rng", Assert.Throws<ArgumentNullException>(() => Langevin.Steps(null!, score, x0, 0.1, 5)).ParamName);
        Assert.Equal("score", Assert.Throws<ArgumentNullException>(() => Langevin.Run(rng, (Func<Matrix<double>, Matrix<double>>)null!, x0, 0.1, 5)).ParamName);
    }

    [Fact]
    public void Steps_ScoreOfWrongShapeOrNonFinite_ThrowsNamingScore()
    {
        var rng = new Random(67);
        var x0 = Matrix<double>.Build.Dense(3, 2, 1.0);
        var wrongColumns = Assert.Throws<ArgumentException>(() => Langevin.Steps(rng, (Matrix<double> xs) => Matrix<double>.Build.Dense(3, 3), x0, 0.1, 5));
        Assert.Equal("score", wrongColumns.ParamName);
        Assert.Contains("3×3", wrongColumns.Message);
        Assert.Equal("score", Assert.Throws<ArgumentException>(() => Langevin.Steps(rng, (Vector<double> x) => Vector<double>.Build.Dense(1), x0, 0.1, 5)).ParamName);
        Assert.Equal("score", Assert.Throws<ArgumentException>(() => Langevin.Steps(rng, (Matrix<double> xs) => xs.Map(_ => double.NaN), x0, 0.1, 5)).ParamName);
        // A score that turns non-finite away from the start fails during enumeration, at the step where it happens.
        var late = Langevin.Steps(rng, (Matrix<double> xs) => xs.Map(a => Math.Abs(a) > 50 ? double.PositiveInfinity : 1.0), x0, 1.0, 500);
        Assert.Equal("score", Assert.Throws<ArgumentException>(() => late.ToList()).ParamName);
    }

    [Fact]
    public void Steps_StepSizeAboveTwiceTheVariance_DivergesAndThrowsNamingStepSize()
    {
        // For N(0, 1), ε = 3 multiplies x by 1 − ε = −2 every step, so particles overflow after about 1000 steps.
        var chain = Langevin.Steps(new Random(68), (Matrix<double> xs) => -xs, Matrix<double>.Build.Dense(2, 1, 1.0), 3.0, 5000, recordEvery: 5000);
        var e = Assert.Throws<ArgumentException>(() => chain.ToList());
        Assert.Equal("stepSize", e.ParamName);
        Assert.Contains("diverged", e.Message);
        Assert.Equal("stepSize", Assert.Throws<ArgumentOutOfRangeException>(() => Langevin.StationaryVariance(1.0, 2.0)).ParamName);
    }

    // V = A V Aᵀ + 2εI with A = I − εP, solved as (I − A⊗A) vec V = 2ε vec I (vec stacks columns).
    private static Matrix<double> DiscretisedStationaryCovariance(Matrix<double> precision, double epsilon)
    {
        int d = precision.RowCount;
        var a = Matrix<double>.Build.DenseIdentity(d) - epsilon * precision;
        var system = Matrix<double>.Build.DenseIdentity(d * d) - a.KroneckerProduct(a);
        var rhs = Vector<double>.Build.Dense(d * d, k => k % (d + 1) == 0 ? 2 * epsilon : 0);
        var vec = system.Solve(rhs);
        return Matrix<double>.Build.Dense(d, d, (i, j) => vec[j * d + i]);
    }
}
