using ScoreNotebooks.Diffusion;
using static TorchSharp.torch;

namespace ScoreNotebooks.Torch.Diffusion;

/// <summary>
/// The probability-flow ODE dx/dt = f(x, t) − ½ g(t)² ∇ₓ log pₜ(x), whose solutions have the same marginals pₜ as
/// the SDE (Song et al. 2021, ICLR, Sec. 4.3, Eq. 13), solved on tensors with fixed-step RK4: deterministic sampling
/// (T → ε) and encoding (ε → T) of a batch.
/// </summary>
/// <remarks>
/// <para>
/// With the score replaced by s(x, t) the drift is f̃(x, t) = a(t) x − ½ g(t)² s(x, t) (<see cref="Drift"/>), the
/// CPU reference's <see cref="ProbabilityFlow.Drift"/>. RK4 with N equal steps is the CPU reference's
/// <see cref="Numerics.RungeKutta4"/>; started from the same points, the two agree to float32 rounding. For an adaptive
/// solve of a network's flow, pass its <c>Score(Matrix, t)</c> method to <see cref="ProbabilityFlow.Solve"/> with
/// <see cref="Numerics.DormandPrince"/>: the state then lives in double on the CPU and each evaluation is one
/// batched call of the network.
/// </para>
/// <para>
/// The score is called as score(x, t) with t of shape (n), filled with the stage's time. Times default to a solve
/// from T to ε (sampling); pass from: sde.Eps, to: sde.T to encode. Runs without gradients; arguments, and the
/// score's shape at the start, are checked when a method is called.
/// </para>
/// </remarks>
public static class TensorProbabilityFlow
{
    /// <summary>The probability-flow drift f̃(x, t) = a(t) x − ½ g(t)² s(x, t) of a batch, without gradients: for velocity fields.</summary>
    /// <param name="sde">The forward SDE.</param>
    /// <param name="score">The score s(x, t): (n, d) and (n) → (n, d).</param>
    /// <param name="x">Points, shape (n, d).</param>
    /// <param name="t">The time t ∈ [0, T].</param>
    /// <returns>The drift, shape (n, d).</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">x is not (n, d), t is not finite, or the score returns another shape (ParamName "score").</exception>
    /// <exception cref="ArgumentOutOfRangeException">t ∉ [0, T].</exception>
    public static Tensor Drift(Sde sde, Func<Tensor, Tensor, Tensor> score, Tensor x, double t)
    {
        ArgumentNullException.ThrowIfNull(sde);
        ArgumentNullException.ThrowIfNull(score);
        SdeTensors.CheckPoints(x, nameof(x));
        TensorSamplerChecks.Time(sde, t, nameof(t));
        using var noGrad = no_grad();
        return DriftUnchecked(sde, score, x, t);
    }

    /// <summary>Solves the ODE with N RK4 steps, yielding the starting particles, every <paramref name="recordEvery"/>-th step and the last.</summary>
    /// <param name="sde">The forward SDE.</param>
    /// <param name="score">The score s(x, t): (n, d) and (n) → (n, d).</param>
    /// <param name="x">The particles at the start time, shape (n, d), finite; never changed.</param>
    /// <param name="steps">The number of RK4 steps N ≥ 1 (4N evaluations of the score).</param>
    /// <param name="from">The start time in [0, T]; T when null.</param>
    /// <param name="to">The end time in [0, T]; ε when null.</param>
    /// <param name="recordEvery">Record every k-th step, k ≥ 1; steps 0 and N are always recorded.</param>
    /// <returns>A lazy sequence of <see cref="TensorDiffusionStep"/> from <paramref name="from"/> to <paramref name="to"/>, for trajectory figures.</returns>
    /// <exception cref="ArgumentNullException">sde, score or x is null.</exception>
    /// <exception cref="ArgumentException">x is not (n, d) or non-finite; a time is not finite; the score returns another shape, or a particle becomes non-finite (ParamName "score").</exception>
    /// <exception cref="ArgumentOutOfRangeException">N &lt; 1, k &lt; 1, or a time ∉ [0, T].</exception>
    public static IEnumerable<TensorDiffusionStep> Steps(
        Sde sde, Func<Tensor, Tensor, Tensor> score, Tensor x, int steps, double? from = null, double? to = null, int recordEvery = 1)
    {
        var (start, t0, t1) = Prepare(sde, score, x, steps, from, to);
        Guard.Positive(recordEvery, nameof(recordEvery));
        return Iterate(sde, score, start, t0, t1, steps, recordEvery);
    }

    /// <summary>Solves the ODE with N RK4 steps and returns the particles at the end time with the work done.</summary>
    /// <param name="sde">The forward SDE.</param>
    /// <param name="score">The score s(x, t): (n, d) and (n) → (n, d).</param>
    /// <param name="x">The particles at the start time, shape (n, d), finite; never changed.</param>
    /// <param name="steps">The number of RK4 steps N ≥ 1.</param>
    /// <param name="from">The start time in [0, T]; T when null.</param>
    /// <param name="to">The end time in [0, T]; ε when null.</param>
    /// <remarks>Sampling: <c>TensorProbabilityFlow.Solve(sde, net.forward, sde.SamplePrior(generator, n, d), 100).Particles</c>.</remarks>
    /// <exception cref="ArgumentNullException">sde, score or x is null.</exception>
    /// <exception cref="ArgumentException">As for <see cref="Steps"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">N &lt; 1 or a time ∉ [0, T].</exception>
    public static TensorFlowResult Solve(Sde sde, Func<Tensor, Tensor, Tensor> score, Tensor x, int steps, double? from = null, double? to = null)
    {
        var last = Steps(sde, score, x, steps, from, to, recordEvery: steps).Last();
        return new TensorFlowResult(last.Particles, last.Time, steps, 4 * steps);
    }

    internal static Tensor DriftUnchecked(Sde sde, Func<Tensor, Tensor, Tensor> score, Tensor x, double t)
    {
        using var scope = NewDisposeScope();
        double g = sde.Diffusion(t);
        var s = TensorSamplerChecks.Score(score, x, t);                                   // (n, d)
        return x.mul(sde.DriftRate(t)).sub(s.mul(0.5 * g * g)).MoveToOuterDisposeScope();
    }

    private static (Tensor Start, double T0, double T1) Prepare(Sde sde, Func<Tensor, Tensor, Tensor> score, Tensor x, int steps, double? from, double? to)
    {
        ArgumentNullException.ThrowIfNull(sde);
        ArgumentNullException.ThrowIfNull(score);
        var start = TensorSamplerChecks.Particles(x, nameof(x));
        Guard.Positive(steps, nameof(steps));
        double t0 = TensorSamplerChecks.Time(sde, from ?? sde.T, nameof(from));
        double t1 = TensorSamplerChecks.Time(sde, to ?? sde.Eps, nameof(to));
        using var noGrad = no_grad();
        TensorSamplerChecks.Score(score, start, t0).Dispose();
        return (start, t0, t1);
    }

    private static IEnumerable<TensorDiffusionStep> Iterate(Sde sde, Func<Tensor, Tensor, Tensor> score, Tensor start, double t0, double t1, int steps, int recordEvery)
    {
        Tensor[] F(double t, Tensor[] y) => [DriftUnchecked(sde, score, y[0], t)];
        Tensor? previous = null;
        foreach (var (step, time, state) in TensorRungeKutta4.Steps(F, t0, [start], t1, steps))
        {
            previous?.Dispose();
            previous = state[0];
            if (step > 0)
                TensorSamplerChecks.Finite(state[0], step, time);
            if (step == 0 || step % recordEvery == 0 || step == steps)
                yield return new TensorDiffusionStep(step, time, state[0].clone());
        }
        previous?.Dispose();
    }
}
