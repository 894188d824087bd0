using MathNet.Numerics.LinearAlgebra;
using ScoreNotebooks.Distributions;
using ScoreNotebooks.MaximumLikelihood;
using ScoreNotebooks.Numerics;
using static ScoreNotebooks.Tests.ScoreMatching.ScoreModels;

namespace ScoreNotebooks.Tests.MaximumLikelihood;

public class EnergyBasedModelTests
{
    private static readonly Vector<double> Mu = V(0.4, -0.3);
    private static readonly Matrix<double> P = M(new[,] { { 1.5, 0.4 }, { 0.4, 0.8 } });

    // E(x) = ½ (x − μ)ᵀ P (x − μ), whose normaliser is (2π)^{d/2} / √det P.
    private static double QuadraticEnergy(Vector<double> x) => 0.5 * (x - Mu).DotProduct(P * (x - Mu));

    // A non-Gaussian double well with a tilt and a coupling: E = (x₀² − 1)² + ½x₁² + ½x₀x₁ + 0.3x₀.
    private static double DoubleWell(Vector<double> x) =>
        Math.Pow(x[0] * x[0] - 1, 2) + 0.5 * x[1] * x[1] + 0.5 * x[0] * x[1] + 0.3 * x[0];

    private static Vector<double> DoubleWellGradient(Vector<double> x) =>
        V(4 * x[0] * (x[0] * x[0] - 1) + 0.5 * x[1] + 0.3, x[1] + 0.5 * x[0]);

    [Theory]
    [InlineData(QuadratureRule.Simpson)]
    [InlineData(QuadratureRule.Trapezoid)]
    public void Normaliser_In1D_EqualsGaussianNormaliser(QuadratureRule rule)
    {
        double m = 0.7, v = 0.45;
        var ebm = new EnergyBasedModel(1, x => (x[0] - m) * (x[0] - m) / (2 * v), m - 12, m + 12, 401, rule);
        double expected = 0.5 * Math.Log(2 * Math.PI * v);
        double err = Math.Abs(ebm.LogNormaliser - expected);
        Assert.True(err < 1e-6, $"{rule}: log Z {ebm.LogNormaliser:R} vs {expected:R}, error {err:E3}");
    }

    // The banana of chapters 01 and 02: E = ½x₀² + 2(x₁ − ½x₀² + 1)². The shear u = x₁ − ½x₀² + 1 has Jacobian 1, so
    // Z = ∫e^{−x₀²/2} dx₀ · ∫e^{−2u²} du = √(2π) · √(π/2) = π over the plane.
    private static double Banana(Vector<double> x) => 0.5 * x[0] * x[0] + 2 * Math.Pow(x[1] - 0.5 * x[0] * x[0] + 1, 2);

    [Fact]
    public void Normaliser_OfTheBanana_OnABoxHoldingItsArms_IsLogPi()
    {
        var ebm = new EnergyBasedModel(2, Banana, -14, 14, 561);

        Assert.Equal(Math.Log(Math.PI), ebm.LogNormaliser, 1e-7);
    }

    [Fact]
    public void Normaliser_OfTheBanana_OnABoxThatCutsItsArms_IsTheIntegralOverTheBox()
    {
        // Over [−6, 6]², for each x₀ the sheared variable u runs over [−5 − ½x₀², 7 − ½x₀²], and
        // ∫ e^{−2u²} du over [a, b] = ½√(π/2) (erf(√2 b) − erf(√2 a)): Z is a one-dimensional integral, done here by
        // adaptive Gauss–Legendre quadrature.
        var ebm = new EnergyBasedModel(2, Banana, -6, 6, 241);
        double z = MathNet.Numerics.Integrate.GaussKronrod(x0 =>
        {
            double a = -5 - 0.5 * x0 * x0, b = 7 - 0.5 * x0 * x0;
            return Math.Exp(-0.5 * x0 * x0) * 0.5 * Math.Sqrt(Math.PI / 2)
                * (MathNet.Numerics.SpecialFunctions.Erf(Math.Sqrt(2) * b) - MathNet.Numerics.SpecialFunctions.Erf(Math.Sqrt(2) * a));
        }, -6, 6, 1e-13);

        Assert.Equal(Math.Log(z), ebm.LogNormaliser, 1e-7);
        Assert.True(Math.Log(Math.PI) - Math.Log(z) > 1e-4, $"the box cuts {Math.Log(Math.PI) - Math.Log(z):E3} of log Z");
    }

    [Fact]
    public void Normaliser_In2D_EqualsGaussianNormaliser()
    {
        var ebm = new EnergyBasedModel(2, QuadraticEnergy, -9, 9, 181);
        double expected = Math.Log(2 * Math.PI) - 0.5 * Math.Log(P.Determinant());
        double err = Math.Abs(ebm.LogNormaliser - expected);
        Assert.True(err < 1e-6, $"log Z {ebm.LogNormaliser:R} vs {expected:R}, error {err:E3}");
        Assert.Equal(181L * 181L, ebm.GridPointCount);
    }

    [Fact]
    public void LogDensity_In2D_EqualsGaussianLogDensity()
    {
        var ebm = new EnergyBasedModel(2, QuadraticEnergy, -9, 9, 181);
        var gaussian = new Gaussian(Mu, P.Inverse());
        var xs = gaussian.Sample(new Random(1), 20);
        double err = (ebm.LogDensity(xs) - gaussian.LogDensity(xs)).InfinityNorm();
        Assert.True(err < 1e-6, $"max log-density error {err:E3}");
    }

    [Fact]
    public void Score_EqualsFiniteDifferenceGradientOfLogDensity()
    {
        var ebm = new EnergyBasedModel(2, DoubleWell, -6, 6, 121, QuadratureRule.Simpson, DoubleWellGradient);
        var rng = new Random(2);
        for (int trial = 0; trial < 10; trial++)
        {
            var x = Vector<double>.Build.Dense(2, _ => 4 * rng.NextDouble() - 2);
            var fd = FiniteDifferences.Gradient(ebm.LogDensity, x);
            double err = RelativeError(ebm.Score(x), fd);
            Assert.True(err < 1e-8, $"trial {trial}: relative error {err:E3}");
        }
    }

    [Fact]
    public void Score_WithoutGradient_EqualsExactMinusGradient()
    {
        var ebm = new EnergyBasedModel(2, DoubleWell, -6, 6, 61);
        var x = V(0.8, -1.1);
        double err = RelativeError(ebm.Score(x), -DoubleWellGradient(x));
        Assert.True(err < 1e-8, $"relative error {err:E3}");
    }

    [Fact]
    public void ShiftingTheEnergy_ChangesOnlyTheNormaliser_NotTheScoreOrDensity()
    {
        var ebm = new EnergyBasedModel(2, DoubleWell, -6, 6, 121, QuadratureRule.Simpson, DoubleWellGradient);
        var shifted = new EnergyBasedModel(2, x => DoubleWell(x) + 5, -6, 6, 121, QuadratureRule.Simpson, x => DoubleWellGradient(x));
        var x = V(-0.9, 0.4);
        Assert.True(Math.Abs(shifted.LogNormaliser - (ebm.LogNormaliser - 5)) < 1e-12, $"log Z {ebm.LogNormaliser:R} and shifted {shifted.LogNormaliser:R}");
        Assert.True(Math.Abs(shifted.LogDensity(x) - ebm.LogDensity(x)) < 1e-12, "log-densities differ");
        Assert.Equal(ebm.Score(x), shifted.Score(x));
    }

    [Fact]
    public void Normaliser_OfDoubleWellIn1D_MatchesAdaptiveIntegration()
    {
        // Independent oracle: MathNet's adaptive Gauss–Kronrod on the same integrand.
        static double E(double x) => Math.Pow(x * x - 1, 2) + 0.3 * x;
        var ebm = new EnergyBasedModel(1, x => E(x[0]), -5, 5, 1001);
        double z = MathNet.Numerics.Integrate.GaussKronrod(x => Math.Exp(-E(x)), -5, 5, 1e-14, 20);
        double err = Math.Abs(ebm.LogNormaliser - Math.Log(z));
        Assert.True(err < 1e-9, $"log Z {ebm.LogNormaliser:R} vs Gauss–Kronrod {Math.Log(z):R}, error {err:E3}");
    }

    [Theory]
    [InlineData(1, 100, 100.0)]
    [InlineData(2, 100, 1e4)]
    [InlineData(3, 51, 132651.0)]
    [InlineData(10, 100, 1e20)]
    public void QuadratureEvaluations_IsPointsToThePowerOfDimension(int d, int k, double expected)
    {
        double count = EnergyBasedModel.QuadratureEvaluations(d, k);
        Assert.True(Math.Abs(count - expected) <= 1e-12 * expected, $"{k}^{d} = {count:R}, expected {expected:R}");
    }

    [Fact]
    public void BadInput_ThrowsArgumentExceptionNamingTheParameter()
    {
        Assert.Equal("dimension", Assert.Throws<ArgumentOutOfRangeException>(() => new EnergyBasedModel(0, _ => 0, -1, 1, 11)).ParamName);
        Assert.Equal("pointsPerDimension", Assert.Throws<ArgumentException>(() => new EnergyBasedModel(4, _ => 0, -1, 1, 101)).ParamName);
        Assert.Equal("points", Assert.Throws<ArgumentException>(() => new EnergyBasedModel(1, _ => 0, -1, 1, 10)).ParamName);
        Assert.Equal("upper", Assert.Throws<ArgumentException>(() => new EnergyBasedModel(1, _ => 0, 1, -1, 11)).ParamName);
        Assert.Equal("energy", Assert.Throws<ArgumentException>(() => new EnergyBasedModel(1, _ => double.NaN, -1, 1, 11)).ParamName);
        Assert.Equal("energy", Assert.Throws<ArgumentException>(() => new EnergyBasedModel(1, _ => double.PositiveInfinity, -1, 1, 11)).ParamName);
        Assert.Equal("energy", Assert.Throws<ArgumentNullException>(() => new EnergyBasedModel(1, null!, -1, 1, 11)).ParamName);
        var ebm = new EnergyBasedModel(1, x => x[0] * x[0], -5, 5, 11, QuadratureRule.Simpson, _ => V(1, 2));
        Assert.Equal("energyGradient", Assert.Throws<ArgumentException>(() => ebm.Score(V(0.5))).ParamName);
        Assert.Equal("x", Assert.Throws<ArgumentException>(() => ebm.LogDensity(V(0.5, 1))).ParamName);
        Assert.Equal("pointsPerDimension", Assert.Throws<ArgumentOutOfRangeException>(() => EnergyBasedModel.QuadratureEvaluations(2, 0)).ParamName);
    }
}
