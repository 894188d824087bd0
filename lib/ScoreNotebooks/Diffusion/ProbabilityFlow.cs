using MathNet.Numerics.LinearAlgebra;
using ScoreNotebooks.Numerics;

namespace ScoreNotebooks.Diffusion;

/// <summary>
/// The probability-flow ODE dx/dt = f(x, t) − ½ g(t)² ∇ₓ log pₜ(x), whose solutions have the same
/// marginals pₜ as the SDE (Song et al. 2021, Sec. 4.3, Eq. 13): deterministic sampling from the prior
/// (T → ε) and deterministic encoding of data into the prior (ε → T).
/// </summary>
/// <remarks>
/// <para>
/// With the score replaced by s(x, t) the drift is f̃(x, t) = a(t) x − ½ g(t)² s(x, t)
/// (<see cref="Drift"/>). The particles of a batch are flattened into one ODE state and share the time
/// grid, which is exact: every particle obeys its own ODE, and only an adaptive method's step-size choice
/// looks at all of them at once. Both ODE methods take steps in either direction of time.
/// </para>
/// <para>
/// Times default to a solve from T to ε (sampling); pass from: sde.Eps, to: sde.T to encode.
/// Arguments, and the shape of s at the start, are checked when a method is called.
/// </para>
/// </remarks>
public static class ProbabilityFlow
{
    /// <summary>The probability-flow drift f̃(x, t) = a(t) x − ½ g(t)² s(x, t) at every row; an n×d matrix.</summary>
    /// <param name="sde">The forward SDE.</param>
    /// <param name="score">The score s(x, t) in batch form, finite.</param>
    /// <param name="x">n points, one per row of an n×d matrix, finite.</param>
    /// <param name="t">The time t ∈ [0, T].</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">x or t is not finite; s returns the wrong shape or a non-finite entry (ParamName "score").</exception>
    /// <exception cref="ArgumentOutOfRangeException">t ∉ [0, T].</exception>
    public static Matrix<double> Drift(Sde sde, Func<Matrix<double>, double, Matrix<double>> score, Matrix<double> x, double t)
    {
        Guard.NotNull(sde, nameof(sde));
        Guard.NotNull(score, nameof(score));
        Guard.Finite(x, nameof(x));
        SamplerChecks.Time(sde, t, nameof(t));
        return DriftUnchecked(sde, score, x, t);
    }

    /// <summary>Solves the ODE with the given method, yielding the starting particles and every accepted step.</summary>
    /// <param name="sde">The forward SDE.</param>
    /// <param name="score">The score s(x, t) in batch form, finite.</param>
    /// <param name="x">The particles at the start time, an n×d matrix (n ≥ 1, d ≥ 1), finite; never changed.</param>
    /// <param name="method">The ODE method: <see cref="RungeKutta4"/> (fixed steps) or <see cref="DormandPrince"/> (adaptive).</param>
    /// <param name="from">The start time in [0, T]; T when null.</param>
    /// <param name="to">The end time in [0, T]; ε when null.</param>
    /// <returns>A lazy sequence of <see cref="DiffusionStep"/> from <paramref name="from"/> to <paramref name="to"/>, for trajectory figures.</returns>
    /// <exception cref="ArgumentNullException">sde, score, x or method is null.</exception>
    /// <exception cref="ArgumentException">x is empty or non-finite; a time is not finite; s returns the wrong shape or a non-finite entry (ParamName "score").</exception>
    /// <exception cref="ArgumentOutOfRangeException">A time ∉ [0, T].</exception>
    /// <exception cref="InvalidOperationException">An adaptive method exceeded its step budget or its step size underflowed.</exception>
    public static IEnumerable<DiffusionStep> Steps(
        Sde sde, Func<Matrix<double>, double, Matrix<double>> score, Matrix<double> x, OdeMethod method, double? from = null, double? to = null)
    {
        var (f, y0, t0, t1, n, d) = Prepare(sde, score, x, method, from, to);
        return method.Steps(f, t0, y0, t1).Select(step => new DiffusionStep(step.Step, step.Time, Unflatten(step.State, n, d)));
    }

    /// <summary>Solves the ODE with the given method and returns the particles at the end time with the work done.</summary>
    /// <param name="sde">The forward SDE.</param>
    /// <param name="score">The score s(x, t) in batch form, finite.</param>
    /// <param name="x">The particles at the start time, an n×d matrix (n ≥ 1, d ≥ 1), finite; never changed.</param>
    /// <param name="method">The ODE method: <see cref="RungeKutta4"/> (fixed steps) or <see cref="DormandPrince"/> (adaptive).</param>
    /// <param name="from">The start time in [0, T]; T when null.</param>
    /// <param name="to">The end time in [0, T]; ε when null.</param>
    /// <remarks>Sampling: <c>ProbabilityFlow.Solve(sde, score, sde.SamplePrior(rng, n, d), new DormandPrince(1e-5, 1e-5)).Particles</c>.</remarks>
    /// <exception cref="ArgumentNullException">sde, score, x or method is null.</exception>
    /// <exception cref="ArgumentException">As for <see cref="Steps"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A time ∉ [0, T].</exception>
    /// <exception cref="InvalidOperationException">An adaptive method exceeded its step budget or its step size underflowed.</exception>
    public static FlowResult Solve(
        Sde sde, Func<Matrix<double>, double, Matrix<double>> score, Matrix<double> x, OdeMethod method, double? from = null, double? to = null)
    {
        var (f, y0, t0, t1, n, d) = Prepare(sde, score, x, method, from, to);
        var last = method.Solve(f, t0, y0, t1);
        return new FlowResult(Unflatten(last.State, n, d), last.Time, last.Step, last.RejectedSteps, last.Evaluations);
    }

    internal static Matrix<double> DriftUnchecked(Sde sde, Func<Matrix<double>, double, Matrix<double>> score, Matrix<double> x, double t)
    {
        double g = sde.Diffusion(t);
        return sde.DriftRate(t) * x - (0.5 * g * g) * SamplerChecks.Score(score, x, t);
    }

    /// <summary>The n×d matrix whose columns are stacked in the first n·d entries of a state vector.</summary>
    internal static Matrix<double> Unflatten(Vector<double> state, int n, int d)
    {
        var values = new double[n * d];
        for (int k = 0; k < values.Length; k++)
            values[k] = state[k];
        return Matrix<double>.Build.DenseOfColumnMajor(n, d, values);
    }

    private static (Func<double, Vector<double>, Vector<double>> F, Vector<double> Y0, double T0, double T1, int N, int D) Prepare(
        Sde sde, Func<Matrix<double>, double, Matrix<double>> score, Matrix<double> x, OdeMethod method, double? from, double? to)
    {
        Guard.NotNull(sde, nameof(sde));
        Guard.NotNull(score, nameof(score));
        var start = SamplerChecks.Particles(x, nameof(x));
        Guard.NotNull(method, nameof(method));
        double t0 = SamplerChecks.Time(sde, from ?? sde.T, nameof(from));
        double t1 = SamplerChecks.Time(sde, to ?? sde.Eps, nameof(to));
        SamplerChecks.Score(score, start, t0);
        int n = start.RowCount, d = start.ColumnCount;
        // The state is x in column-major order: entry j n + i is particle i, coordinate j.
        Vector<double> F(double t, Vector<double> y) =>
            Vector<double>.Build.DenseOfArray(DriftUnchecked(sde, score, Unflatten(y, n, d), t).ToColumnMajorArray());
        return (F, Vector<double>.Build.DenseOfArray(start.ToColumnMajorArray()), t0, t1, n, d);
    }
}
