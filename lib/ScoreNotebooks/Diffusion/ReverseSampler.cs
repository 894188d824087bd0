using MathNet.Numerics.LinearAlgebra;
using ScoreNotebooks.Distributions;

namespace ScoreNotebooks.Diffusion;

/// <summary>
/// Samplers for the reverse-time SDE dx = [f(x, t) − g(t)² ∇ₓ log pₜ(x)] dt + g(t) dW̄ (Anderson 1982,
/// "Reverse-time diffusion equation models", Stochastic Processes and their Applications 12: 313–326;
/// Song et al. 2021, Eq. 6), run from t = T down to t = ε on a batch of particles with any
/// time-dependent score s(x, t) ≈ ∇ₓ log pₜ(x).
/// </summary>
/// <remarks>
/// <para>
/// The time grid is tᵢ = T − i h, h = (T − ε)/N, i = 0, …, N. The Euler–Maruyama predictor moves the
/// particles from tᵢ to tᵢ₊₁: x ← x − [a(tᵢ) x − g(tᵢ)² s(x, tᵢ)] h + g(tᵢ) √h z, z ~ N(0, I).
/// With the exact score the only error left is that of the discretisation (weak order 1 in h) and of
/// starting from the prior instead of p_T.
/// </para>
/// <para>
/// The predictor–corrector sampler (Song et al. 2021, Sec. 4.2, Algorithm 1) follows each predictor step
/// with M Langevin steps at the new time, x ← x + ε s(x, tᵢ₊₁) + √(2ε) z, whose step size is set by a
/// signal-to-noise ratio r: ε = 2 (r ‖z‖ / ‖s(x, tᵢ₊₁)‖)² (Song et al. 2021, App. G, Algorithms 4 and 5),
/// with both norms averaged over the particles as in Song et al.'s code, so that one step size serves the
/// batch (a per-particle ε would fling a particle whose score is near 0, at a mode, far away in low
/// dimension). The corrector is the Langevin sampler of chapter 02 aimed at pₜ, so it pulls the particles
/// back towards the marginal the predictor only approximates: the stack of denoisers again. For VP, Song
/// et al.'s code also multiplies ε by 1 − βᵢ = 1 − β(t) h, a factor within β_max h of 1; it is left out here.
/// </para>
/// <para>
/// Arguments, and the shape of s(x_T, T), are checked when a method is called; each enumeration
/// continues drawing from the same rng. Noise is drawn as n×d matrices in row-major order.
/// </para>
/// </remarks>
public static class ReverseSampler
{
    /// <summary>The signal-to-noise ratio r = 0.16 of Song et al.'s released configurations.</summary>
    public const double DefaultSnr = 0.16;

    /// <summary>Runs reverse-SDE Euler–Maruyama from T to ε, yielding step 0 (x_T), every <paramref name="recordEvery"/>-th step and the last.</summary>
    /// <param name="rng">The source of the Gaussian noise.</param>
    /// <param name="sde">The forward SDE being reversed.</param>
    /// <param name="score">The score s(x, t): an n×d matrix of particles and a time to the n×d matrix of their scores, finite.</param>
    /// <param name="xT">The starting particles at t = T, an n×d matrix (n ≥ 1, d ≥ 1), finite, usually <see cref="Sde.SamplePrior"/>; copied, never changed.</param>
    /// <param name="steps">The number of steps N ≥ 1.</param>
    /// <param name="recordEvery">Record every k-th step, k ≥ 1; steps 0 and N are always recorded.</param>
    /// <returns>A lazy sequence of <see cref="DiffusionStep"/> at times T, …, ε; each holds a copy of the particles.</returns>
    /// <exception cref="ArgumentNullException">rng, sde, score or xT is null.</exception>
    /// <exception cref="ArgumentException">
    /// xT is empty or has a non-finite entry; s returns the wrong shape or a non-finite entry (ParamName "score",
    /// at the call for s(x_T, T) and during enumeration for later steps).
    /// </exception>
    /// <exception cref="ArgumentOutOfRangeException">N &lt; 1 or k &lt; 1.</exception>
    public static IEnumerable<DiffusionStep> EulerMaruyamaSteps(
        Random rng, Sde sde, Func<Matrix<double>, double, Matrix<double>> score, Matrix<double> xT, int steps, int recordEvery = 1)
    {
        var (x, s0) = Check(rng, sde, score, xT, steps, recordEvery);
        return Iterate(rng, sde, score, x, s0, steps, recordEvery, snr: 0, correctorSteps: 0);
    }

    /// <summary>Runs reverse-SDE Euler–Maruyama from T to ε and returns the particles at ε (an n×d matrix).</summary>
    /// <param name="rng">The source of the Gaussian noise.</param>
    /// <param name="sde">The forward SDE being reversed.</param>
    /// <param name="score">The score s(x, t) in batch form, finite.</param>
    /// <param name="xT">The starting particles at t = T, an n×d matrix (n ≥ 1, d ≥ 1), finite; not changed.</param>
    /// <param name="steps">The number of steps N ≥ 1.</param>
    /// <remarks>The last element of <see cref="EulerMaruyamaSteps"/>; see <see cref="ReverseSampler"/> for the update.</remarks>
    /// <exception cref="ArgumentNullException">rng, sde, score or xT is null.</exception>
    /// <exception cref="ArgumentException">xT is empty or non-finite; s returns the wrong shape or a non-finite entry.</exception>
    /// <exception cref="ArgumentOutOfRangeException">N &lt; 1.</exception>
    public static Matrix<double> EulerMaruyama(
        Random rng, Sde sde, Func<Matrix<double>, double, Matrix<double>> score, Matrix<double> xT, int steps) =>
        EulerMaruyamaSteps(rng, sde, score, xT, steps, recordEvery: steps).Last().Particles;

    /// <summary>
    /// Runs the predictor–corrector sampler (Euler–Maruyama predictor, Langevin corrector) from T to ε, yielding
    /// step 0 (x_T), every <paramref name="recordEvery"/>-th step and the last.
    /// </summary>
    /// <param name="rng">The source of the Gaussian noise.</param>
    /// <param name="sde">The forward SDE being reversed.</param>
    /// <param name="score">The score s(x, t) in batch form, finite.</param>
    /// <param name="xT">The starting particles at t = T, an n×d matrix (n ≥ 1, d ≥ 1), finite; copied, never changed.</param>
    /// <param name="steps">The number of predictor steps N ≥ 1.</param>
    /// <param name="snr">The signal-to-noise ratio r &gt; 0 that sets the corrector step ε = 2 (r ‖z‖/‖s‖)².</param>
    /// <param name="correctorSteps">The Langevin steps M ≥ 0 after each predictor step; M = 0 is plain Euler–Maruyama.</param>
    /// <param name="recordEvery">Record every k-th predictor step (after its corrector), k ≥ 1; steps 0 and N are always recorded.</param>
    /// <returns>A lazy sequence of <see cref="DiffusionStep"/> at times T, …, ε; each holds a copy of the particles.</returns>
    /// <remarks>N (1 + M) evaluations of s. When every particle's score is exactly 0 the corrector leaves them in place (ε would be infinite).</remarks>
    /// <exception cref="ArgumentNullException">rng, sde, score or xT is null.</exception>
    /// <exception cref="ArgumentException">xT is empty or non-finite; r is not finite; s returns the wrong shape or a non-finite entry.</exception>
    /// <exception cref="ArgumentOutOfRangeException">N &lt; 1, r ≤ 0, M &lt; 0 or k &lt; 1.</exception>
    public static IEnumerable<DiffusionStep> PredictorCorrectorSteps(
        Random rng, Sde sde, Func<Matrix<double>, double, Matrix<double>> score, Matrix<double> xT, int steps,
        double snr = DefaultSnr, int correctorSteps = 1, int recordEvery = 1)
    {
        Guard.Positive(snr, nameof(snr));
        if (correctorSteps < 0)
            throw new ArgumentOutOfRangeException(nameof(correctorSteps), correctorSteps, "correctorSteps must be ≥ 0.");
        var (x, s0) = Check(rng, sde, score, xT, steps, recordEvery);
        return Iterate(rng, sde, score, x, s0, steps, recordEvery, snr, correctorSteps);
    }

    /// <summary>Runs the predictor–corrector sampler from T to ε and returns the particles at ε (an n×d matrix).</summary>
    /// <param name="rng">The source of the Gaussian noise.</param>
    /// <param name="sde">The forward SDE being reversed.</param>
    /// <param name="score">The score s(x, t) in batch form, finite.</param>
    /// <param name="xT">The starting particles at t = T, an n×d matrix (n ≥ 1, d ≥ 1), finite; not changed.</param>
    /// <param name="steps">The number of predictor steps N ≥ 1.</param>
    /// <param name="snr">The signal-to-noise ratio r &gt; 0 of the corrector.</param>
    /// <param name="correctorSteps">The Langevin steps M ≥ 0 after each predictor step.</param>
    /// <remarks>The last element of <see cref="PredictorCorrectorSteps"/>.</remarks>
    /// <exception cref="ArgumentNullException">rng, sde, score or xT is null.</exception>
    /// <exception cref="ArgumentException">xT is empty or non-finite; r is not finite; s returns the wrong shape or a non-finite entry.</exception>
    /// <exception cref="ArgumentOutOfRangeException">N &lt; 1, r ≤ 0 or M &lt; 0.</exception>
    public static Matrix<double> PredictorCorrector(
        Random rng, Sde sde, Func<Matrix<double>, double, Matrix<double>> score, Matrix<double> xT, int steps,
        double snr = DefaultSnr, int correctorSteps = 1) =>
        PredictorCorrectorSteps(rng, sde, score, xT, steps, snr, correctorSteps, recordEvery: steps).Last().Particles;

    private static (Matrix<double> X, Matrix<double> S0) Check(
        Random rng, Sde sde, Func<Matrix<double>, double, Matrix<double>> score, Matrix<double> xT, int steps, int recordEvery)
    {
        Guard.NotNull(rng, nameof(rng));
        Guard.NotNull(sde, nameof(sde));
        Guard.NotNull(score, nameof(score));
        var x = SamplerChecks.Particles(xT, nameof(xT));
        Guard.Positive(steps, nameof(steps));
        Guard.Positive(recordEvery, nameof(recordEvery));
        // Evaluated now so that a score of the wrong shape fails at the call, not at the first MoveNext.
        return (x, SamplerChecks.Score(score, x, sde.T));
    }

    private static IEnumerable<DiffusionStep> Iterate(
        Random rng, Sde sde, Func<Matrix<double>, double, Matrix<double>> score, Matrix<double> x, Matrix<double>? s,
        int steps, int recordEvery, double snr, int correctorSteps)
    {
        yield return new DiffusionStep(0, sde.T, x.Clone());
        double h = (sde.T - sde.Eps) / steps;
        for (int i = 0; i < steps; i++)
        {
            double t = sde.T - i * h;
            double next = i + 1 == steps ? sde.Eps : sde.T - (i + 1) * h;
            s ??= SamplerChecks.Score(score, x, t);
            double g = sde.Diffusion(t);
            var z = Gaussian.StandardNormalMatrix(rng, x.RowCount, x.ColumnCount); // (n, d)
            // x − [a x − g² s] h + g √h z, stepping backwards in time.
            x = (1 - sde.DriftRate(t) * h) * x + (g * g * h) * s + (g * Math.Sqrt(h)) * z;
            s = null;
            for (int j = 0; j < correctorSteps; j++)
                x = LangevinCorrection(rng, x, SamplerChecks.Score(score, x, next), snr);
            if ((i + 1) % recordEvery == 0 || i + 1 == steps)
                yield return new DiffusionStep(i + 1, next, x.Clone());
        }
    }

    // One Langevin step with ε = 2 (r ‖z‖ / ‖s‖)², the norms averaged over the batch (Song et al. 2021,
    // Algorithms 4 and 5, as their code evaluates it).
    private static Matrix<double> LangevinCorrection(Random rng, Matrix<double> x, Matrix<double> s, double snr)
    {
        var z = Gaussian.StandardNormalMatrix(rng, x.RowCount, x.ColumnCount); // (n, d)
        double scoreNorm = s.RowNorms(2).Average(), noiseNorm = z.RowNorms(2).Average();
        if (scoreNorm == 0)
            return x;
        double epsilon = 2 * Math.Pow(snr * noiseNorm / scoreNorm, 2);
        return x + epsilon * s + Math.Sqrt(2 * epsilon) * z;
    }
}
