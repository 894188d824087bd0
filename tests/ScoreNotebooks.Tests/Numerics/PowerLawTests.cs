using ScoreNotebooks.Numerics;

namespace ScoreNotebooks.Tests.Numerics;

public class PowerLawTests
{
    [Theory]
    [InlineData(-2.0, 3.5)]
    [InlineData(0.5, 0.01)]
    [InlineData(1.0, 1.0)]
    public void Fit_OfAnExactPowerLaw_RecoversItsExponentAndPrefactor(double exponent, double prefactor)
    {
        double[] x = [3, 7, 20, 64, 200];
        var y = x.Select(v => prefactor * Math.Pow(v, exponent)).ToArray();

        var law = PowerLaw.Fit(x, y);

        Assert.Equal(exponent, law.Exponent, 1e-12);
        Assert.Equal(prefactor, law.Prefactor, 1e-12 * prefactor);
        Assert.Equal(y[2], law.At(x[2]), 1e-10 * y[2]);
    }

    [Fact]
    public void Fit_IsTheLeastSquaresLineOfTheLogs()
    {
        // Three points whose logs are (0, 0), (1, 1), (2, 3) in base e: slope 3/2, intercept −1/6 by the normal equations.
        double e = Math.E;
        var law = PowerLaw.Fit([1, e, e * e], [1, e, Math.Exp(3)]);

        Assert.Equal(1.5, law.Exponent, 1e-12);
        Assert.Equal(Math.Exp(-1.0 / 6), law.Prefactor, 1e-12);
    }

    [Theory]
    [InlineData(new[] { 1.0, 0.0 }, new[] { 1.0, 2.0 }, "x")]
    [InlineData(new[] { 1.0, 2.0 }, new[] { 1.0, -2.0 }, "y")]
    [InlineData(new[] { 1.0, double.NaN }, new[] { 1.0, 2.0 }, "x")]
    [InlineData(new[] { 1.0 }, new[] { 1.0 }, "x")]
    [InlineData(new[] { 1.0, 2.0 }, new[] { 1.0 }, "y")]
    [InlineData(new[] { 2.0, 2.0 }, new[] { 1.0, 3.0 }, "x")]
    public void BadData_IsRefused_ByName(double[] x, double[] y, string name)
    {
        var error = Assert.Throws<ArgumentException>(() => PowerLaw.Fit(x, y));

        Assert.Equal(name, error.ParamName);
    }
}
