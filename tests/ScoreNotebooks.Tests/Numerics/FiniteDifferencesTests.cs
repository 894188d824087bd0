using MathNet.Numerics.LinearAlgebra;
using ScoreNotebooks.Numerics;

namespace ScoreNotebooks.Tests.Numerics;

public class FiniteDifferencesTests
{
    private static Vector<double> V(params double[] xs) => Vector<double>.Build.DenseOfArray(xs);

    [Theory]
    [InlineData(0.3)]
    [InlineData(-2.0)]
    [InlineData(150.0)]
    public void Derivative_OfSine_EqualsCosine(double x)
    {
        // The step grows with |x| (δ = h·max(1, |x|)), so the truncation bound δ²/6 · max|sin‴| grows too.
        double step = FiniteDifferences.DefaultStep * Math.Max(1, Math.Abs(x));
        double bound = step * step / 6 + 1e-9;
        double err = Math.Abs(FiniteDifferences.Derivative(Math.Sin, x) - Math.Cos(x));
        Assert.True(err < bound, $"x = {x}: error {err:E3}, bound {bound:E3}");
    }

    [Fact]
    public void Gradient_OfKnownFunction_EqualsAnalyticGradient()
    {
        // f(x) = sin(x₀) x₁² + exp(x₂ / 2), ∇f = (cos(x₀) x₁², 2 sin(x₀) x₁, ½ exp(x₂ / 2)).
        static double F(Vector<double> x) => Math.Sin(x[0]) * x[1] * x[1] + Math.Exp(x[2] / 2);
        var rng = new Random(4);
        for (int trial = 0; trial < 20; trial++)
        {
            var x = Vector<double>.Build.Dense(3, _ => 4 * rng.NextDouble() - 2);
            var expected = V(Math.Cos(x[0]) * x[1] * x[1], 2 * Math.Sin(x[0]) * x[1], 0.5 * Math.Exp(x[2] / 2));
            double err = (FiniteDifferences.Gradient(F, x) - expected).InfinityNorm();
            Assert.True(err < 1e-8, $"trial {trial}: max error {err:E3}");
        }
    }

    [Fact]
    public void Jacobian_OfKnownMap_EqualsAnalyticJacobian()
    {
        // v(x) = (x₀ x₁, sin x₁, x₀ + x₁²) from ℝ² to ℝ³.
        static Vector<double> Map(Vector<double> x) => V(x[0] * x[1], Math.Sin(x[1]), x[0] + x[1] * x[1]);
        var x = V(0.7, -1.3);
        var expected = Matrix<double>.Build.DenseOfArray(new[,]
        {
            { x[1], x[0] },
            { 0, Math.Cos(x[1]) },
            { 1, 2 * x[1] },
        });
        double err = (FiniteDifferences.Jacobian(Map, x) - expected).InfinityNorm();
        Assert.True(err < 1e-8, $"max row-sum error {err:E3}");
    }

    [Fact]
    public void Divergence_OfKnownField_EqualsAnalyticDivergence()
    {
        // v(x) = (x₀³, x₀ x₁, sin x₂): ∇·v = 3x₀² + x₀ + cos x₂.
        static Vector<double> Field(Vector<double> x) => V(Math.Pow(x[0], 3), x[0] * x[1], Math.Sin(x[2]));
        var rng = new Random(5);
        for (int trial = 0; trial < 20; trial++)
        {
            var x = Vector<double>.Build.Dense(3, _ => 4 * rng.NextDouble() - 2);
            double expected = 3 * x[0] * x[0] + x[0] + Math.Cos(x[2]);
            double err = Math.Abs(FiniteDifferences.Divergence(Field, x) - expected);
            Assert.True(err < 1e-8, $"trial {trial}: error {err:E3}");
        }
    }

    [Fact]
    public void Divergence_OfLinearField_IsTraceOfMatrix()
    {
        var a = Matrix<double>.Build.DenseOfArray(new[,] { { 1.5, 2.0 }, { -3.0, 0.25 } });
        double div = FiniteDifferences.Divergence(x => a * x, V(10.0, -7.0));
        double err = Math.Abs(div - a.Trace());
        Assert.True(err < 1e-8, $"divergence {div:R} vs trace {a.Trace():R}, error {err:E3}");
    }

    [Fact]
    public void BadInput_ThrowsArgumentExceptionNamingTheParameter()
    {
        var x = V(1.0, 2.0);
        Assert.Equal("h", Assert.Throws<ArgumentOutOfRangeException>(() => FiniteDifferences.Gradient(v => v.Sum(), x, 0)).ParamName);
        Assert.Equal("h", Assert.Throws<ArgumentOutOfRangeException>(() => FiniteDifferences.Derivative(Math.Sin, 1, -1e-3)).ParamName);
        Assert.Equal("h", Assert.Throws<ArgumentException>(() => FiniteDifferences.Divergence(v => v, x, double.NaN)).ParamName);
        Assert.Equal("x", Assert.Throws<ArgumentException>(() => FiniteDifferences.Gradient(v => v.Sum(), V(1.0, double.NaN))).ParamName);
        Assert.Equal("f", Assert.Throws<ArgumentException>(() => FiniteDifferences.Gradient(v => Math.Log(v[0] - 1), x)).ParamName);
        Assert.Equal("v", Assert.Throws<ArgumentException>(() => FiniteDifferences.Divergence(v => V(v[0]), x)).ParamName);
        Assert.Equal("v", Assert.Throws<ArgumentException>(() => FiniteDifferences.Jacobian(v => V(v[0], double.PositiveInfinity), x)).ParamName);
        Assert.Equal("f", Assert.Throws<ArgumentNullException>(() => FiniteDifferences.Gradient(null!, x)).ParamName);
    }
}
