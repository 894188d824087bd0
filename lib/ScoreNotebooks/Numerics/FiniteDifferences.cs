using MathNet.Numerics.LinearAlgebra;

namespace ScoreNotebooks.Numerics;

/// <summary>
/// Central finite differences: derivative, gradient, Jacobian and divergence. The independent
/// oracle against which analytic scores and their divergences are checked.
/// </summary>
/// <remarks>
/// Along coordinate j the step is hⱼ = h · max(1, |xⱼ|), so it stays relative for large
/// coordinates, and ∂f/∂xⱼ ≈ [f(x + hⱼeⱼ) − f(x − hⱼeⱼ)] / (2hⱼ). The truncation error is
/// O(h²) (h²/6 · f‴) and the rounding error O(ε|f|/h) with ε ≈ 2.2e−16; the default
/// h = 1e−5 ≈ ε^{1/3} balances the two, giving about 10 correct digits for smooth f of order 1.
/// A function value that is not finite is reported as an error, never turned into a derivative.
/// </remarks>
public static class FiniteDifferences
{
    /// <summary>The default relative step h = 1e−5 ≈ ε^{1/3}, near-optimal for central differences.</summary>
    public const double DefaultStep = 1e-5;

    /// <summary>The derivative f′(x) of a scalar function of one variable.</summary>
    /// <param name="f">The function ℝ → ℝ, finite near x.</param>
    /// <param name="x">The point x, finite.</param>
    /// <param name="h">The relative step h &gt; 0; the actual step is h · max(1, |x|).</param>
    /// <remarks>f′(x) ≈ [f(x + δ) − f(x − δ)] / (2δ) with δ = h · max(1, |x|).</remarks>
    /// <exception cref="ArgumentNullException">f is null.</exception>
    /// <exception cref="ArgumentException">x or h is not finite, or f returns a non-finite value (ParamName "f").</exception>
    /// <exception cref="ArgumentOutOfRangeException">h ≤ 0.</exception>
    public static double Derivative(Func<double, double> f, double x, double h = DefaultStep)
    {
        Guard.NotNull(f, nameof(f));
        Guard.Finite(x, nameof(x));
        Guard.Positive(h, nameof(h));
        double step = h * Math.Max(1, Math.Abs(x));
        double xPlus = x + step, xMinus = x - step;
        double plus = Checked(f(xPlus), nameof(f));
        double minus = Checked(f(xMinus), nameof(f));
        return (plus - minus) / (xPlus - xMinus);
    }

    /// <summary>The gradient ∇f(x) ∈ ℝᵈ of a scalar function f : ℝᵈ → ℝ.</summary>
    /// <param name="f">The function, finite near x.</param>
    /// <param name="x">The point x ∈ ℝᵈ, finite, d ≥ 1.</param>
    /// <param name="h">The relative step h &gt; 0.</param>
    /// <remarks>(∇f)ⱼ ≈ [f(x + hⱼeⱼ) − f(x − hⱼeⱼ)] / (2hⱼ); 2d evaluations of f.</remarks>
    /// <exception cref="ArgumentNullException">f or x is null.</exception>
    /// <exception cref="ArgumentException">x has a non-finite entry or no entries, or f returns a non-finite value (ParamName "f").</exception>
    /// <exception cref="ArgumentOutOfRangeException">h ≤ 0.</exception>
    public static Vector<double> Gradient(Func<Vector<double>, double> f, Vector<double> x, double h = DefaultStep)
    {
        Guard.NotNull(f, nameof(f));
        CheckPoint(x, h);
        var gradient = Vector<double>.Build.Dense(x.Count);
        for (int j = 0; j < x.Count; j++)
        {
            var (plus, minus, step) = Displaced(x, j, h);
            gradient[j] = (Checked(f(plus), nameof(f)) - Checked(f(minus), nameof(f))) / (2 * step);
        }
        return gradient;
    }

    /// <summary>The Jacobian J ∈ ℝ^{m×d}, Jᵢⱼ = ∂vᵢ/∂xⱼ, of a vector function v : ℝᵈ → ℝᵐ.</summary>
    /// <param name="v">The function; every call must return the same length m ≥ 1, finite near x.</param>
    /// <param name="x">The point x ∈ ℝᵈ, finite, d ≥ 1.</param>
    /// <param name="h">The relative step h &gt; 0.</param>
    /// <remarks>Column j is [v(x + hⱼeⱼ) − v(x − hⱼeⱼ)] / (2hⱼ); 2d evaluations of v.</remarks>
    /// <exception cref="ArgumentNullException">v or x is null.</exception>
    /// <exception cref="ArgumentException">
    /// x has a non-finite entry or no entries; v returns null, a non-finite value or a changing length (ParamName "v").
    /// </exception>
    /// <exception cref="ArgumentOutOfRangeException">h ≤ 0.</exception>
    public static Matrix<double> Jacobian(Func<Vector<double>, Vector<double>> v, Vector<double> x, double h = DefaultStep)
    {
        Guard.NotNull(v, nameof(v));
        CheckPoint(x, h);
        Matrix<double>? jacobian = null;
        for (int j = 0; j < x.Count; j++)
        {
            var (plus, minus, step) = Displaced(x, j, h);
            var vPlus = CheckedVector(v(plus), jacobian?.RowCount, nameof(v));
            var vMinus = CheckedVector(v(minus), vPlus.Count, nameof(v));
            jacobian ??= Matrix<double>.Build.Dense(vPlus.Count, x.Count);
            jacobian.SetColumn(j, (vPlus - vMinus) / (2 * step));
        }
        return jacobian!;
    }

    /// <summary>The divergence ∇·v(x) = Σⱼ ∂vⱼ/∂xⱼ of a vector field v : ℝᵈ → ℝᵈ.</summary>
    /// <param name="v">The field; must return a vector of length d, finite near x.</param>
    /// <param name="x">The point x ∈ ℝᵈ, finite, d ≥ 1.</param>
    /// <param name="h">The relative step h &gt; 0.</param>
    /// <remarks>
    /// ∇·v ≈ Σⱼ [vⱼ(x + hⱼeⱼ) − vⱼ(x − hⱼeⱼ)] / (2hⱼ), the trace of the finite-difference Jacobian;
    /// 2d evaluations of v. For v = ∇log p this is the Laplacian Δ log p used by score matching.
    /// </remarks>
    /// <exception cref="ArgumentNullException">v or x is null.</exception>
    /// <exception cref="ArgumentException">
    /// x has a non-finite entry or no entries; v returns null, a non-finite value or a length other than d (ParamName "v").
    /// </exception>
    /// <exception cref="ArgumentOutOfRangeException">h ≤ 0.</exception>
    public static double Divergence(Func<Vector<double>, Vector<double>> v, Vector<double> x, double h = DefaultStep)
    {
        Guard.NotNull(v, nameof(v));
        CheckPoint(x, h);
        double divergence = 0;
        for (int j = 0; j < x.Count; j++)
        {
            var (plus, minus, step) = Displaced(x, j, h);
            var vPlus = CheckedVector(v(plus), x.Count, nameof(v));
            var vMinus = CheckedVector(v(minus), x.Count, nameof(v));
            divergence += (vPlus[j] - vMinus[j]) / (2 * step);
        }
        return divergence;
    }

    private static void CheckPoint(Vector<double> x, double h)
    {
        Guard.Finite(x, nameof(x));
        if (x.Count == 0)
            throw new ArgumentException("x has no entries; a derivative needs at least one coordinate.", nameof(x));
        Guard.Positive(h, nameof(h));
    }

    private static (Vector<double> Plus, Vector<double> Minus, double Step) Displaced(Vector<double> x, int j, double h)
    {
        double step = h * Math.Max(1, Math.Abs(x[j]));
        var plus = x.Clone();
        var minus = x.Clone();
        plus[j] += step;
        minus[j] -= step;
        // The representable step (x + δ) − (x − δ) can differ from 2δ; dividing by it removes that rounding.
        return (plus, minus, (plus[j] - minus[j]) / 2);
    }

    private static double Checked(double value, string paramName)
    {
        if (!double.IsFinite(value))
            throw new ArgumentException($"{paramName} returned {value}; finite differences need finite values near x.", paramName);
        return value;
    }

    private static Vector<double> CheckedVector(Vector<double>? value, int? expectedLength, string paramName)
    {
        if (value is null)
            throw new ArgumentException($"{paramName} returned null.", paramName);
        if (value.Count == 0 || (expectedLength is int m && value.Count != m))
            throw new ArgumentException(
                $"{paramName} returned a vector of length {value.Count}, expected {expectedLength?.ToString() ?? "at least 1"}.", paramName);
        for (int i = 0; i < value.Count; i++)
            Checked(value[i], paramName);
        return value;
    }
}
