using MathNet.Numerics.LinearAlgebra;

namespace ScoreNotebooks.Numerics;

/// <summary>The classical fourth-order Runge–Kutta method with N equal steps.</summary>
/// <remarks>
/// With h = (t₁ − t₀)/N and tᵢ = t₀ + i h:
/// k₁ = f(tᵢ, yᵢ), k₂ = f(tᵢ + h/2, yᵢ + h k₁/2), k₃ = f(tᵢ + h/2, yᵢ + h k₂/2), k₄ = f(tᵢ + h, yᵢ + h k₃),
/// yᵢ₊₁ = yᵢ + h (k₁ + 2k₂ + 2k₃ + k₄)/6 (Hairer, Nørsett &amp; Wanner 1993, "Solving Ordinary Differential
/// Equations I", Sec. II.1). The global error is O(h⁴): doubling N divides it by about 16. Four evaluations of f per step.
/// </remarks>
public sealed class RungeKutta4 : OdeMethod
{
    /// <summary>Creates the method with N ≥ 1 equal steps.</summary>
    /// <param name="steps">The number of steps N ≥ 1.</param>
    /// <exception cref="ArgumentOutOfRangeException">N &lt; 1.</exception>
    public RungeKutta4(int steps)
    {
        StepCount = Guard.Positive(steps, nameof(steps));
    }

    /// <summary>The number of steps N ≥ 1.</summary>
    public int StepCount { get; }

    /// <inheritdoc />
    public override string ToString() => $"RK4 ({StepCount} steps)";

    private protected override IEnumerable<OdeStep> Iterate(Func<double, Vector<double>, Vector<double>> f, double t0, Vector<double> y0, double t1)
    {
        var y = y0;
        yield return new OdeStep(0, t0, y, 0, 0);
        if (t1 == t0)
            yield break;
        double h = (t1 - t0) / StepCount;
        for (int i = 0; i < StepCount; i++)
        {
            // tᵢ from the index, not by accumulating h, so the last time is exactly t₁.
            // The last stage is evaluated at `next`, which is exactly t₁ at the end, so f never sees a time past t₁.
            double t = t0 + i * h;
            double next = i + 1 == StepCount ? t1 : t0 + (i + 1) * h;
            var k1 = f(t, y);
            var k2 = f(t + h / 2, y + (h / 2) * k1);
            var k3 = f(t + h / 2, y + (h / 2) * k2);
            var k4 = f(next, y + h * k3);
            y = y + (h / 6) * (k1 + 2 * k2 + 2 * k3 + k4);
            yield return new OdeStep(i + 1, next, y, 4 * (i + 1), 0);
        }
    }
}
