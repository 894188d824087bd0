using ScoreNotebooks.Distributions;
using ScoreNotebooks.ScoreMatching;
using ScoreNotebooks.Tests.Distributions;
using static ScoreNotebooks.Tests.ScoreMatching.ScoreModels;

namespace ScoreNotebooks.Tests.ScoreMatching;

public class IntegrationByPartsTests
{
    // A model that is not Gaussian: s(x) = tanh(x − 0.3) + 0.2x², with s′(x) = 1 − tanh²(x − 0.3) + 0.4x.
    private static FunctionScoreModel Nonlinear() => new(
        1,
        x => V(Math.Tanh(x[0] - 0.3) + 0.2 * x[0] * x[0]),
        x => 1 - Math.Pow(Math.Tanh(x[0] - 0.3), 2) + 0.4 * x[0]);

    [Theory]
    [InlineData(1.0)]
    [InlineData(2.5)]
    [InlineData(12.0)]
    public void Identity_HoldsAtEveryLimit_ToQuadratureAccuracy(double limit)
    {
        var data = TestMixtures.ThreeIn1D();
        var terms = IntegrationByParts.Evaluate(data, Nonlinear(), limit, 4001);
        Assert.True(Math.Abs(terms.Residual) < 1e-9, $"L = {limit}: {terms}, residual {terms.Residual:E3}");
    }

    [Fact]
    public void BoundaryTerm_VanishesAsLimitGrows()
    {
        var data = Gaussian.WithMeanVariance(0.4, 0.7);
        var model = Nonlinear();
        double near = Math.Abs(IntegrationByParts.BoundaryTerm(data, model, 1.0));
        double mid = Math.Abs(IntegrationByParts.BoundaryTerm(data, model, 4.0));
        double far = Math.Abs(IntegrationByParts.BoundaryTerm(data, model, 12.0));
        Assert.True(near > 0.05, $"at L = 1 the boundary term {near:E3} should be visible");
        Assert.True(mid < 1e-3 * near && far < 1e-30, $"boundary |[p s]| at L = 1, 4, 12: {near:E3}, {mid:E3}, {far:E3}");
    }

    [Fact]
    public void CrossTerm_EqualsMinusExpectedDerivative_OnTheWholeLine()
    {
        // Gaussian data N(m, v) and model s = −a(x − b): E_p[s (log p)′] = (a/v) E_p[(x − b)(x − m)] = (a/v)·v = a,
        // and −E_p[s′] = a; the integrals over [−12, 12] must give both.
        var data = Gaussian.WithMeanVariance(0.4, 0.7);
        var model = GaussianScoreModel.WithMeanVariance(-1.0, 0.5);
        var terms = IntegrationByParts.Evaluate(data, model, 12.0);
        double a = 1 / 0.5;
        Assert.True(Math.Abs(terms.CrossTerm - a) < 1e-10, $"cross term {terms.CrossTerm:R} vs {a}");
        Assert.True(Math.Abs(terms.DivergenceTerm - a) < 1e-10, $"divergence term {terms.DivergenceTerm:R} vs {a}");
        Assert.True(Math.Abs(terms.BoundaryTerm) < 1e-30, $"boundary term {terms.BoundaryTerm:E3}");
    }

    [Fact]
    public void BadInput_ThrowsArgumentExceptionNamingTheParameter()
    {
        var data = Gaussian.WithMeanVariance(0, 1);
        Assert.Equal("data", Assert.Throws<ArgumentException>(() => IntegrationByParts.Evaluate(Data2D(), Nonlinear(), 3)).ParamName);
        Assert.Equal("model", Assert.Throws<ArgumentException>(
            () => IntegrationByParts.Evaluate(data, GaussianScoreModel.FromGaussian(Data2D()), 3)).ParamName);
        Assert.Equal("limit", Assert.Throws<ArgumentOutOfRangeException>(() => IntegrationByParts.Evaluate(data, Nonlinear(), -1)).ParamName);
        Assert.Equal("points", Assert.Throws<ArgumentException>(() => IntegrationByParts.Evaluate(data, Nonlinear(), 3, 100)).ParamName);
        Assert.Equal("model", Assert.Throws<ArgumentNullException>(() => IntegrationByParts.BoundaryTerm(data, null!, 3)).ParamName);
    }
}
