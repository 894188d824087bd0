using MathNet.Numerics.LinearAlgebra;
using ScoreNotebooks.Diffusion;
using ScoreNotebooks.Distributions;
using ScoreNotebooks.Divergences;

namespace ScoreNotebooks.Tests.Diffusion;

/// <summary>
/// The exact law of an affine sampler's output: against maps whose A and b are known, against the product formula
/// for Euler's method on one-dimensional Gaussian data, and against the exact flow, whose law is the data's.
/// </summary>
public class AffineLawTests
{
    private static readonly Gaussian Start = new(V(0.5, -1.0), M([4.0, 1.0], [1.0, 2.0]));

    private static Vector<double> V(params double[] values) => Vector<double>.Build.Dense(values);

    private static Matrix<double> M(params double[][] rows) => Matrix<double>.Build.DenseOfRowArrays(rows);

    [Fact]
    public void OfAKnownAffineMap_IsNOfAmPlusB_AndASAt()
    {
        var a = M([0.5, -0.2], [0.3, 1.5]);
        var b = V(2.0, -3.0);
        Matrix<double> Map(Matrix<double> x)
        {
            var y = x * a.Transpose();
            for (int i = 0; i < y.RowCount; i++) y.SetRow(i, y.Row(i) + b);
            return y;
        }

        var law = AffineLaw.Of(Map, Start);

        Assert.True((law.Mean - (a * Start.Mean + b)).InfinityNorm() < 1e-12);
        Assert.True((law.Covariance - a * Start.Covariance * a.Transpose()).InfinityNorm() < 1e-12);
    }

    [Fact]
    public void OfEulerOnGaussianData_MatchesTheProductOfItsStepFactors()
    {
        // Data N(m, v), score −(x − m)/(v + σ²): one Euler step multiplies x − m by 1 − (σᵢ − σᵢ₊₁) σᵢ / (v + σᵢ²).
        const double m = 1.0, v = 0.25, sigmaMax = 20;
        var sigmas = SigmaSchedules.Edm(0.002, sigmaMax, 12);
        var start = Gaussian.WithMeanVariance(0.3, sigmaMax * sigmaMax);
        double factor = 1;
        for (int i = 0; i + 1 < sigmas.Length; i++)
            factor *= 1 - (sigmas[i] - sigmas[i + 1]) * sigmas[i] / (v + sigmas[i] * sigmas[i]);

        var law = AffineLaw.Of(x => EdmSampler.Euler((y, s) => -(y - m) / (v + s * s), x, sigmas).Particles, start);

        Assert.Equal(m + factor * (0.3 - m), law.Mean[0], 1e-10);
        Assert.Equal(factor * factor * sigmaMax * sigmaMax, law.Covariance[0, 0], 1e-8);
    }

    [Fact]
    public void OfHeunWithManySteps_FromTheExactNoisyMarginal_ApproachesTheData()
    {
        var data = new Gaussian(V(1.0, -0.5), M([1.0, 0.6], [0.6, 0.5]));
        const double sigmaMax = 80;
        var noisy = new Gaussian(data.Mean, data.Covariance + sigmaMax * sigmaMax * Matrix<double>.Build.DenseIdentity(2));
        Matrix<double> Score(Matrix<double> x, double sigma) =>
            new Gaussian(data.Mean, data.Covariance + sigma * sigma * Matrix<double>.Build.DenseIdentity(2)).Score(x);

        double Kl(int steps) => KullbackLeibler.Between(
            AffineLaw.Of(x => EdmSampler.Heun(Score, x, SigmaSchedules.Edm(0.002, sigmaMax, steps)).Particles, noisy), data);

        double coarse = Kl(16), fine = Kl(256);
        Assert.True(fine < 1e-5, $"KL with 256 Heun steps {fine:E3}");
        Assert.True(fine < coarse / 100, $"KL {coarse:E3} with 16 steps, {fine:E3} with 256");
    }

    [Fact]
    public void TheExactKl_OfEuler_FallsLikeTheSquareOfTheStep_AndOfHeun_LikeItsFourthPower()
    {
        // A first-order method leaves an O(h) error in the map, so KL — quadratic in small errors — falls like h²;
        // a second-order one like h⁴. Doubling the steps divides them by about 4 and 16.
        var data = new Gaussian(V(1.0, -0.5), M([1.0, 0.6], [0.6, 0.5]));
        const double sigmaMax = 80;
        Gaussian Noisy(double s) => new(data.Mean, data.Covariance + s * s * Matrix<double>.Build.DenseIdentity(2));
        Matrix<double> Score(Matrix<double> x, double sigma) => Noisy(sigma).Score(x);
        double Kl(bool heun, int steps)
        {
            var sigmas = SigmaSchedules.Edm(0.002, sigmaMax, steps);
            return KullbackLeibler.Between(AffineLaw.Of(
                x => (heun ? EdmSampler.Heun(Score, x, sigmas) : EdmSampler.Euler(Score, x, sigmas)).Particles, Noisy(sigmaMax)), data);
        }

        foreach (int steps in new[] { 32, 64 })
        {
            double euler = Kl(false, steps) / Kl(false, 2 * steps), heun = Kl(true, steps) / Kl(true, 2 * steps);
            Assert.InRange(euler, 3.5, 4.6);
            Assert.InRange(heun, 13, 22);
        }
    }

    [Fact]
    public void ASamplerThatIsNotAffine_IsRefused()
    {
        var error = Assert.Throws<ArgumentException>(() => AffineLaw.Of(x => x.PointwisePower(3), Start));

        Assert.Equal("sampler", error.ParamName);
        Assert.Contains("not affine", error.Message);
    }

    [Fact]
    public void AStochasticSampler_IsRefused()
    {
        var rng = new Random(3);
        var error = Assert.Throws<ArgumentException>(() =>
            AffineLaw.Of(x => x + Matrix<double>.Build.Dense(x.RowCount, x.ColumnCount, (_, _) => rng.NextDouble()), Start));

        Assert.Contains("not affine", error.Message);
    }

    [Fact]
    public void AMapOntoALine_IsRefused_AsDegenerate()
    {
        var error = Assert.Throws<ArgumentException>(() => AffineLaw.Of(x => x * M([1.0, 1.0], [0.0, 0.0]), Start));

        Assert.Contains("degenerate", error.Message);
    }

    [Theory]
    [InlineData(3, 2)]
    [InlineData(4, 1)]
    public void AnOutputOfTheWrongShape_IsRefused(int rows, int columns)
    {
        var error = Assert.Throws<ArgumentException>(() => AffineLaw.Of(_ => Matrix<double>.Build.Dense(rows, columns), Start));

        Assert.Equal("sampler", error.ParamName);
        Assert.Contains($"{rows}×{columns}", error.Message);
    }

    [Fact]
    public void ANonFiniteOutput_IsRefused()
    {
        var error = Assert.Throws<ArgumentException>(() => AffineLaw.Of(x => x.Map(_ => double.NaN), Start));

        Assert.Contains("column", error.Message);
    }
}
