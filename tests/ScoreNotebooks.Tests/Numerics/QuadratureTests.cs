using ScoreNotebooks.Numerics;

namespace ScoreNotebooks.Tests.Numerics;

public class QuadratureTests
{
    [Fact]
    public void Simpson_OfCubic_IsExact()
    {
        // ∫₋₁² (x³ − 2x² + 3) dx = [x⁴/4 − 2x³/3 + 3x]₋₁² = (4 − 16/3 + 6) − (1/4 + 2/3 − 3) = 6.75.
        double value = Quadrature.Integrate(x => x * x * x - 2 * x * x + 3, -1, 2, 5, QuadratureRule.Simpson);
        double err = Math.Abs(value - 6.75);
        Assert.True(err < 1e-13, $"Simpson {value:R} vs 6.75, error {err:E3}");
    }

    [Fact]
    public void Trapezoid_OfLinearFunction_IsExact()
    {
        double value = Quadrature.Integrate(x => 3 * x - 1, 0, 4, 2, QuadratureRule.Trapezoid);
        Assert.True(Math.Abs(value - 20) < 1e-13, $"trapezoid {value:R} vs 20");
    }

    [Theory]
    [InlineData(QuadratureRule.Simpson)]
    [InlineData(QuadratureRule.Trapezoid)]
    public void Integrate_OfStandardNormalDensity_IsOne(QuadratureRule rule)
    {
        double value = Quadrature.Integrate(x => Math.Exp(-x * x / 2) / Math.Sqrt(2 * Math.PI), -12, 12, 401, rule);
        double err = Math.Abs(value - 1);
        Assert.True(err < 1e-12, $"{rule}: {value:R}, error {err:E3}");
    }

    [Fact]
    public void Simpson_ErrorFallsAsFourthPowerOfSpacing()
    {
        // ∫₀^π sin = 2; halving h must divide the error by ≈ 16.
        double coarse = Math.Abs(Quadrature.Integrate(Math.Sin, 0, Math.PI, 11) - 2);
        double fine = Math.Abs(Quadrature.Integrate(Math.Sin, 0, Math.PI, 21) - 2);
        double ratio = coarse / fine;
        Assert.True(ratio > 15 && ratio < 17, $"error ratio {ratio:F3} (coarse {coarse:E3}, fine {fine:E3}), expected ≈ 16");
    }

    [Theory]
    [InlineData(QuadratureRule.Simpson, 7)]
    [InlineData(QuadratureRule.Trapezoid, 6)]
    public void Weights_SumToIntervalLength(QuadratureRule rule, int points)
    {
        double sum = Quadrature.Weights(rule, -0.5, 2.5, points).Sum();
        Assert.True(Math.Abs(sum - 3) < 1e-14, $"weights sum to {sum:R}, expected 3");
    }

    [Fact]
    public void Nodes_AreEquallySpacedAndEndExactlyAtBounds()
    {
        var nodes = Quadrature.Nodes(-1, 1, 5);
        Assert.Equal([-1.0, -0.5, 0.0, 0.5, 1.0], nodes);
    }

    [Fact]
    public void BadInput_ThrowsArgumentExceptionNamingTheParameter()
    {
        Assert.Equal("points", Assert.Throws<ArgumentException>(() => Quadrature.Weights(QuadratureRule.Simpson, 0, 1, 4)).ParamName);
        Assert.Equal("points", Assert.Throws<ArgumentOutOfRangeException>(() => Quadrature.Weights(QuadratureRule.Simpson, 0, 1, 1)).ParamName);
        Assert.Equal("points", Assert.Throws<ArgumentOutOfRangeException>(() => Quadrature.Nodes(0, 1, 1)).ParamName);
        Assert.Equal("upper", Assert.Throws<ArgumentException>(() => Quadrature.Nodes(1, 1, 3)).ParamName);
        Assert.Equal("lower", Assert.Throws<ArgumentException>(() => Quadrature.Nodes(double.NaN, 1, 3)).ParamName);
        Assert.Equal("rule", Assert.Throws<ArgumentException>(() => Quadrature.Weights((QuadratureRule)7, 0, 1, 3)).ParamName);
        Assert.Equal("f", Assert.Throws<ArgumentNullException>(() => Quadrature.Integrate(null!, 0, 1, 3)).ParamName);
        Assert.Equal("f", Assert.Throws<ArgumentException>(() => Quadrature.Integrate(x => 1 / x, 0, 1, 3)).ParamName);
    }
}
