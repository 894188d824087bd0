using MathNet.Numerics.LinearAlgebra;

namespace ScoreNotebooks.Numerics;

/// <summary>
/// A one-step method for the initial value problem dy/dt = f(t, y), y(t₀) = y₀, integrated from t₀ to
/// t₁ (forwards or backwards in time): <see cref="RungeKutta4"/> with a fixed number of steps, or
/// <see cref="DormandPrince"/> with an adaptive step size.
/// </summary>
/// <remarks>
/// The state is a vector y ∈ ℝᵐ; a batch of particles is flattened into one vector, so every particle
/// shares the time grid. Every value f returns is checked (length m, finite entries), so a bad
/// right-hand side fails with ParamName "f" instead of propagating NaN. MathNet.Numerics 5.0 has fixed-step
/// Runge–Kutta and Adams–Bashforth solvers only; the adaptive solver here is written out and tested.
/// </remarks>
public abstract class OdeMethod
{
    private protected OdeMethod()
    {
    }

    /// <summary>Integrates from t₀ to t₁, yielding the initial state and every accepted step.</summary>
    /// <param name="f">The right-hand side f(t, y) ∈ ℝᵐ; must return a finite vector of length m.</param>
    /// <param name="t0">The initial time t₀, finite.</param>
    /// <param name="y0">The initial state y₀ ∈ ℝᵐ (m ≥ 1), finite; never changed.</param>
    /// <param name="t1">The final time t₁, finite; t₁ &lt; t₀ integrates backwards, t₁ = t₀ yields only the initial state.</param>
    /// <returns>A lazy sequence of <see cref="OdeStep"/> whose last element has time exactly t₁.</returns>
    /// <remarks>Arguments are checked when this method is called; f is first evaluated during enumeration.</remarks>
    /// <exception cref="ArgumentNullException">f or y0 is null.</exception>
    /// <exception cref="ArgumentException">
    /// t₀ or t₁ is not finite; y₀ is empty or has a non-finite entry; f returns null, the wrong length or a
    /// non-finite entry during enumeration (ParamName "f").
    /// </exception>
    /// <exception cref="InvalidOperationException">An adaptive method exceeded its step budget or its step size underflowed.</exception>
    public IEnumerable<OdeStep> Steps(Func<double, Vector<double>, Vector<double>> f, double t0, Vector<double> y0, double t1)
    {
        Guard.NotNull(f, nameof(f));
        Guard.Finite(t0, nameof(t0));
        Guard.Finite(t1, nameof(t1));
        Guard.Finite(y0, nameof(y0));
        if (y0.Count == 0)
            throw new ArgumentException("y0 has no entries; the state needs at least one.", nameof(y0));
        int m = y0.Count;
        Vector<double> Checked(double t, Vector<double> y)
        {
            var value = f(t, y);
            if (value is null || value.Count != m)
                throw new ArgumentException($"f returned a vector of length {value?.Count.ToString() ?? "null"} at t = {t:G6}; expected {m}.", nameof(f));
            for (int i = 0; i < m; i++)
            {
                if (!double.IsFinite(value[i]))
                    throw new ArgumentException($"f returned {value[i]} in entry {i} at t = {t:G6}; every entry must be finite.", nameof(f));
            }
            return value;
        }
        return Iterate(Checked, t0, y0.Clone(), t1);
    }

    /// <summary>Integrates from t₀ to t₁ and returns the final step: y(t₁) with the work done.</summary>
    /// <param name="f">The right-hand side f(t, y) ∈ ℝᵐ; must return a finite vector of length m.</param>
    /// <param name="t0">The initial time t₀, finite.</param>
    /// <param name="y0">The initial state y₀ ∈ ℝᵐ (m ≥ 1), finite; never changed.</param>
    /// <param name="t1">The final time t₁, finite.</param>
    /// <remarks>The last element of <see cref="Steps"/>.</remarks>
    /// <exception cref="ArgumentNullException">f or y0 is null.</exception>
    /// <exception cref="ArgumentException">As for <see cref="Steps"/>.</exception>
    /// <exception cref="InvalidOperationException">As for <see cref="Steps"/>.</exception>
    public OdeStep Solve(Func<double, Vector<double>, Vector<double>> f, double t0, Vector<double> y0, double t1) =>
        Steps(f, t0, y0, t1).Last();

    /// <summary>The method's own iteration; f is already checked and y0 is a private copy.</summary>
    private protected abstract IEnumerable<OdeStep> Iterate(Func<double, Vector<double>, Vector<double>> f, double t0, Vector<double> y0, double t1);
}
