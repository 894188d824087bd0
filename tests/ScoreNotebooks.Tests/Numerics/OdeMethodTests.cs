using MathNet.Numerics.LinearAlgebra;
using ScoreNotebooks.Numerics;

namespace ScoreNotebooks.Tests.Numerics;

public class OdeMethodTests
{
    private static Vector<double> V(params double[] xs) => Vector<double>.Build.DenseOfArray(xs);

    // y′ = y cos t, y(0) = 1: y(t) = exp(sin t), smooth and not polynomial, so no method is exact on it.
    private static Vector<double> Growth(double t, Vector<double> y) => y * Math.Cos(t);

    // The harmonic oscillator (y₀, y₁)′ = (y₁, −y₀) from (1, 0): (cos t, −sin t).
    private static Vector<double> Oscillator(double t, Vector<double> y) => V(y[1], -y[0]);

    [Fact]
    public void RungeKutta4_GlobalErrorFallsSixteenfoldPerHalvedStep()
    {
        double exact = Math.Exp(Math.Sin(2.0));
        var errors = new[] { 10, 20, 40, 80 }
            .Select(n => Math.Abs(new RungeKutta4(n).Solve(Growth, 0, V(1), 2).State[0] - exact)).ToArray();
        for (int i = 1; i < errors.Length; i++)
        {
            double ratio = errors[i - 1] / errors[i];
            Assert.True(ratio > 12 && ratio < 20, $"error ratio {ratio:F2} between {errors[i - 1]:E3} and {errors[i]:E3}; order 4 gives 16");
        }
    }

    [Fact]
    public void RungeKutta4_RecordsEveryStepOnTheEqualGrid()
    {
        var steps = new RungeKutta4(4).Steps(Oscillator, 1, V(1, 0), 0).ToList();
        Assert.Equal([0, 1, 2, 3, 4], steps.Select(s => s.Step));
        Assert.Equal([1, 0.75, 0.5, 0.25, 0], steps.Select(s => s.Time));
        Assert.Equal([0, 4, 8, 12, 16], steps.Select(s => s.Evaluations));
    }

    [Theory]
    [InlineData(1e-4)]
    [InlineData(1e-7)]
    [InlineData(1e-10)]
    public void DormandPrince_GlobalErrorFollowsTheTolerance(double tolerance)
    {
        var result = new DormandPrince(tolerance, tolerance).Solve(Oscillator, 0, V(1, 0), 10);
        double err = (result.State - V(Math.Cos(10), -Math.Sin(10))).InfinityNorm();
        // Ten time units accumulate local errors; 50 × tol leaves room for that and nothing more.
        Assert.True(err < 50 * tolerance, $"tol {tolerance:E0}: error {err:E3} after {result.Step} steps");
        Assert.Equal(10, result.Time);
    }

    [Fact]
    public void DormandPrince_TighterToleranceTakesMoreStepsAndIsMoreAccurate()
    {
        double exact = Math.Exp(Math.Sin(3.0));
        var loose = new DormandPrince(1e-4, 1e-4).Solve(Growth, 0, V(1), 3);
        var tight = new DormandPrince(1e-9, 1e-9).Solve(Growth, 0, V(1), 3);
        Assert.True(tight.Step > loose.Step, $"steps: tight {tight.Step}, loose {loose.Step}");
        Assert.True(Math.Abs(tight.State[0] - exact) < Math.Abs(loose.State[0] - exact) / 100,
            $"errors: tight {Math.Abs(tight.State[0] - exact):E3}, loose {Math.Abs(loose.State[0] - exact):E3}");
        // Six evaluations per attempted step (first same as last), one for the first stage, one for the starting-step guess.
        Assert.Equal(2 + 6 * (tight.Step + tight.RejectedSteps), tight.Evaluations);
    }

    [Fact]
    public void DormandPrince_IsExactForQuarticPolynomialsInOneStep()
    {
        // A fifth-order method integrates y′ = p(t) of degree ≤ 4 exactly, whatever the step.
        static Vector<double> Quartic(double t, Vector<double> y) => V(5 * Math.Pow(t, 4) - 3 * t * t + 1);
        var result = new DormandPrince(1e-3, 1e-3).Solve(Quartic, 0, V(0), 2);
        Assert.True(Math.Abs(result.State[0] - (32 - 8 + 2)) < 1e-11, $"y(2) = {result.State[0]:R}, exact 26");
    }

    [Fact]
    public void DormandPrince_IntegratesBackwardsInTime()
    {
        var forward = new DormandPrince(1e-9, 1e-9).Solve(Growth, 0, V(1), 2);
        var back = new DormandPrince(1e-9, 1e-9).Solve(Growth, 2, forward.State, 0);
        Assert.True(Math.Abs(back.State[0] - 1) < 1e-7, $"round trip returned {back.State[0]:R}");
        Assert.Equal(0, back.Time);
    }

    [Fact]
    public void Steps_StartAtTheInitialStateAndEndExactlyAtTheFinalTime()
    {
        var y0 = V(1, 0);
        foreach (OdeMethod method in new OdeMethod[] { new RungeKutta4(7), new DormandPrince(1e-6, 1e-6) })
        {
            var steps = method.Steps(Oscillator, 0.1, y0, 2.3).ToList();
            Assert.Equal(0, steps[0].Step);
            Assert.Equal(0.1, steps[0].Time);
            Assert.Equal(y0, steps[0].State);
            Assert.Equal(2.3, steps[^1].Time);
            Assert.True(steps.Zip(steps.Skip(1)).All(p => p.Second.Time > p.First.Time), $"{method}: times not increasing");
            Assert.Equal(V(1, 0), y0);
        }
        Assert.Single(new DormandPrince().Steps(Oscillator, 1, y0, 1));
    }

    [Fact]
    public void BadInput_ThrowsArgumentExceptionNamingTheParameter()
    {
        Assert.Equal("steps", Assert.Throws<ArgumentOutOfRangeException>(() => new RungeKutta4(0)).ParamName);
        Assert.Equal("relativeTolerance", Assert.Throws<ArgumentOutOfRangeException>(() => new DormandPrince(0, 1e-6)).ParamName);
        Assert.Equal("absoluteTolerance", Assert.Throws<ArgumentException>(() => new DormandPrince(1e-6, double.NaN)).ParamName);
        Assert.Equal("maxSteps", Assert.Throws<ArgumentOutOfRangeException>(() => new DormandPrince(maxSteps: 0)).ParamName);
        var method = new RungeKutta4(3);
        Assert.Equal("f", Assert.Throws<ArgumentNullException>(() => method.Solve(null!, 0, V(1), 1)).ParamName);
        Assert.Equal("y0", Assert.Throws<ArgumentException>(() => method.Solve(Growth, 0, V(double.NaN), 1)).ParamName);
        Assert.Equal("y0", Assert.Throws<ArgumentException>(() => method.Solve(Growth, 0, V(), 1)).ParamName);
        Assert.Equal("t1", Assert.Throws<ArgumentException>(() => method.Solve(Growth, 0, V(1), double.PositiveInfinity)).ParamName);
        Assert.Equal("f", Assert.Throws<ArgumentException>(() => method.Solve((_, _) => V(1, 2), 0, V(1), 1)).ParamName);
        Assert.Equal("f", Assert.Throws<ArgumentException>(() => method.Solve((_, y) => y / 0.0, 0, V(1), 1)).ParamName);
    }

    [Fact]
    public void DormandPrince_ReportsAnExhaustedStepBudget()
    {
        var e = Assert.Throws<InvalidOperationException>(() => new DormandPrince(1e-12, 1e-12, maxSteps: 5).Solve(Oscillator, 0, V(1, 0), 50));
        Assert.Contains("maxSteps", e.Message);
    }
}
