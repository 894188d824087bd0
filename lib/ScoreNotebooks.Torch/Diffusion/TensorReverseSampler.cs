using ScoreNotebooks.Diffusion;
using static TorchSharp.torch;

namespace ScoreNotebooks.Torch.Diffusion;

/// <summary>
/// Samplers for the reverse-time SDE dx = [f(x, t) − g(t)² ∇ₓ log pₜ(x)] dt + g(t) dW̄ (Anderson 1982; Song et al.
/// 2021, ICLR, Eq. 6) on a batch of particles held in a tensor: the CPU reference's <see cref="ReverseSampler"/>,
/// step for step, with any time-conditional score s(x, t) on tensors.
/// </summary>
/// <remarks>
/// <para>
/// The time grid is tᵢ = T − i h, h = (T − ε)/N. The Euler–Maruyama predictor is
/// x ← x − [a(tᵢ) x − g(tᵢ)² s(x, tᵢ)] h + g(tᵢ) √h z, z ~ N(0, I) (Kloeden &amp; Platen 1992, Sec. 9.1, run backwards
/// in time). The predictor–corrector sampler (Song et al. 2021, Sec. 4.2, Algorithm 1) follows each
/// predictor step with M Langevin steps at tᵢ₊₁, x ← x + ε s(x, tᵢ₊₁) + √(2ε) z, with ε = 2 (r ‖z‖/‖s‖)² for the
/// signal-to-noise ratio r, both norms averaged over the particles (Song et al. 2021, App. G, Algorithms 4 and 5, as
/// their code evaluates them): one step size for the batch, exactly as <see cref="ReverseSampler"/> computes it.
/// </para>
/// <para>
/// The score is called as score(x, t) with x of shape (n, d) and t a tensor of shape (n) filled with the step's time,
/// so <c>network.forward</c> of a <c>TimeConditionalScoreNetwork</c> and <see cref="SdeTensors.ExactScore"/> plug in
/// directly. Runs without gradients on the particles' device; the noise comes from a CPU generator (predictor noise,
/// then each corrector's noise, every draw of shape (n, d)), so a seed gives the same chain on any device. The
/// score is evaluated once at x_T when a method is called, to check its shape; the sequences are lazy and each
/// enumeration continues drawing from the same generator.
/// </para>
/// </remarks>
public static class TensorReverseSampler
{
    /// <summary>The signal-to-noise ratio r = 0.16 of Song et al.'s released configurations (<see cref="ReverseSampler.DefaultSnr"/>).</summary>
    public const double DefaultSnr = ReverseSampler.DefaultSnr;

    /// <summary>Runs reverse-SDE Euler–Maruyama from T to ε, yielding step 0 (x_T), every <paramref name="recordEvery"/>-th step and the last.</summary>
    /// <param name="sde">The forward SDE being reversed.</param>
    /// <param name="score">The score s(x, t): (n, d) and (n) → (n, d), row by row.</param>
    /// <param name="xT">The starting particles at t = T, shape (n, d), n, d ≥ 1, usually <see cref="SdeTensors.SamplePrior"/>; never changed.</param>
    /// <param name="steps">The number of steps N ≥ 1.</param>
    /// <param name="generator">A CPU generator for the noise.</param>
    /// <param name="recordEvery">Record every k-th step, k ≥ 1; steps 0 and N are always recorded.</param>
    /// <returns>A lazy sequence of <see cref="TensorDiffusionStep"/> at times T, …, ε, each with a copy of the particles.</returns>
    /// <exception cref="ArgumentNullException">sde, score, xT or generator is null.</exception>
    /// <exception cref="ArgumentException">
    /// xT is not (n, d) or has a non-finite entry; the score returns another shape (ParamName "score"); a particle becomes
    /// non-finite during enumeration (ParamName "score").
    /// </exception>
    /// <exception cref="ArgumentOutOfRangeException">N &lt; 1 or k &lt; 1.</exception>
    public static IEnumerable<TensorDiffusionStep> EulerMaruyamaSteps(
        Sde sde, Func<Tensor, Tensor, Tensor> score, Tensor xT, int steps, Generator generator, int recordEvery = 1)
    {
        var (x, s0) = Check(sde, score, xT, steps, generator, recordEvery);
        return Iterate(sde, score, x, s0, steps, generator, recordEvery, snr: 0, correctorSteps: 0);
    }

    /// <summary>Runs reverse-SDE Euler–Maruyama from T to ε and returns the particles at ε, shape (n, d).</summary>
    /// <param name="sde">The forward SDE being reversed.</param>
    /// <param name="score">The score s(x, t): (n, d) and (n) → (n, d).</param>
    /// <param name="xT">The starting particles at t = T, shape (n, d); never changed.</param>
    /// <param name="steps">The number of steps N ≥ 1.</param>
    /// <param name="generator">A CPU generator for the noise.</param>
    /// <remarks>The last element of <see cref="EulerMaruyamaSteps"/>.</remarks>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">As for <see cref="EulerMaruyamaSteps"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">N &lt; 1.</exception>
    public static Tensor EulerMaruyama(Sde sde, Func<Tensor, Tensor, Tensor> score, Tensor xT, int steps, Generator generator) =>
        EulerMaruyamaSteps(sde, score, xT, steps, generator, recordEvery: steps).Last().Particles;

    /// <summary>
    /// Runs the predictor–corrector sampler (Euler–Maruyama predictor, Langevin corrector) from T to ε, yielding step 0
    /// (x_T), every <paramref name="recordEvery"/>-th predictor step (after its corrector) and the last.
    /// </summary>
    /// <param name="sde">The forward SDE being reversed.</param>
    /// <param name="score">The score s(x, t): (n, d) and (n) → (n, d).</param>
    /// <param name="xT">The starting particles at t = T, shape (n, d); never changed.</param>
    /// <param name="steps">The number of predictor steps N ≥ 1.</param>
    /// <param name="generator">A CPU generator for the noise.</param>
    /// <param name="snr">The signal-to-noise ratio r &gt; 0 that sets the corrector step ε = 2 (r ‖z‖/‖s‖)².</param>
    /// <param name="correctorSteps">The Langevin steps M ≥ 0 after each predictor step; M = 0 is plain Euler–Maruyama.</param>
    /// <param name="recordEvery">Record every k-th predictor step, k ≥ 1; steps 0 and N are always recorded.</param>
    /// <returns>A lazy sequence of <see cref="TensorDiffusionStep"/> at times T, …, ε.</returns>
    /// <remarks>N (1 + M) evaluations of s. When every particle's score is exactly 0 a corrector step leaves them in place.</remarks>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">As for <see cref="EulerMaruyamaSteps"/>, or r is not finite.</exception>
    /// <exception cref="ArgumentOutOfRangeException">N &lt; 1, r ≤ 0, M &lt; 0 or k &lt; 1.</exception>
    public static IEnumerable<TensorDiffusionStep> PredictorCorrectorSteps(
        Sde sde, Func<Tensor, Tensor, Tensor> score, Tensor xT, int steps, Generator generator,
        double snr = DefaultSnr, int correctorSteps = 1, int recordEvery = 1)
    {
        Guard.Positive(snr, nameof(snr));
        if (correctorSteps < 0)
            throw new ArgumentOutOfRangeException(nameof(correctorSteps), correctorSteps, "correctorSteps must be ≥ 0.");
        var (x, s0) = Check(sde, score, xT, steps, generator, recordEvery);
        return Iterate(sde, score, x, s0, steps, generator, recordEvery, snr, correctorSteps);
    }

    /// <summary>Runs the predictor–corrector sampler from T to ε and returns the particles at ε, shape (n, d).</summary>
    /// <param name="sde">The forward SDE being reversed.</param>
    /// <param name="score">The score s(x, t): (n, d) and (n) → (n, d).</param>
    /// <param name="xT">The starting particles at t = T, shape (n, d); never changed.</param>
    /// <param name="steps">The number of predictor steps N ≥ 1.</param>
    /// <param name="generator">A CPU generator for the noise.</param>
    /// <param name="snr">The signal-to-noise ratio r &gt; 0 of the corrector.</param>
    /// <param name="correctorSteps">The Langevin steps M ≥ 0 after each predictor step.</param>
    /// <remarks>The last element of <see cref="PredictorCorrectorSteps"/>.</remarks>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">As for <see cref="PredictorCorrectorSteps"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">N &lt; 1, r ≤ 0 or M &lt; 0.</exception>
    public static Tensor PredictorCorrector(
        Sde sde, Func<Tensor, Tensor, Tensor> score, Tensor xT, int steps, Generator generator,
        double snr = DefaultSnr, int correctorSteps = 1) =>
        PredictorCorrectorSteps(sde, score, xT, steps, generator, snr, correctorSteps, recordEvery: steps).Last().Particles;

    private static (Tensor X, Tensor S0) Check(Sde sde, Func<Tensor, Tensor, Tensor> score, Tensor xT, int steps, Generator generator, int recordEvery)
    {
        ArgumentNullException.ThrowIfNull(sde);
        ArgumentNullException.ThrowIfNull(score);
        ArgumentNullException.ThrowIfNull(generator);
        var x = TensorSamplerChecks.Particles(xT, nameof(xT));
        Guard.Positive(steps, nameof(steps));
        Guard.Positive(recordEvery, nameof(recordEvery));
        // Evaluated now so that a score of the wrong shape fails at the call, not at the first MoveNext.
        using var noGrad = no_grad();
        return (x, TensorSamplerChecks.Score(score, x, sde.T));
    }

    private static IEnumerable<TensorDiffusionStep> Iterate(
        Sde sde, Func<Tensor, Tensor, Tensor> score, Tensor x, Tensor? s, int steps, Generator generator,
        int recordEvery, double snr, int correctorSteps)
    {
        yield return new TensorDiffusionStep(0, sde.T, x.clone());
        double h = (sde.T - sde.Eps) / steps;
        for (int i = 0; i < steps; i++)
        {
            double t = sde.T - i * h;
            double next = i + 1 == steps ? sde.Eps : sde.T - (i + 1) * h;
            x = Predictor(sde, score, x, s, t, h, generator, i + 1);
            s = null;
            for (int j = 0; j < correctorSteps; j++)
                x = Corrector(score, x, next, snr, generator, i + 1);
            if ((i + 1) % recordEvery == 0 || i + 1 == steps)
                yield return new TensorDiffusionStep(i + 1, next, x.clone());
        }
        x.Dispose();
    }

    // x − [a x − g² s] h + g √h z, stepping backwards in time; disposes the old x and s.
    private static Tensor Predictor(Sde sde, Func<Tensor, Tensor, Tensor> score, Tensor x, Tensor? s, double t, double h, Generator generator, int step)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var current = s ?? TensorSamplerChecks.Score(score, x, t);                                // (n, d)
        double g = sde.Diffusion(t);
        var z = randn(x.shape, ScalarType.Float32, generator: generator).to(x.device);          // (n, d)
        var next = x.mul(1 - sde.DriftRate(t) * h).add(current.mul(g * g * h)).add(z.mul(g * Math.Sqrt(h)));
        TensorSamplerChecks.Finite(next, step, t);
        x.Dispose();
        s?.Dispose();
        return next.MoveToOuterDisposeScope();
    }

    // One Langevin step at time t with ε = 2 (r ‖z‖ / ‖s‖)², the norms averaged over the batch; disposes the old x.
    private static Tensor Corrector(Func<Tensor, Tensor, Tensor> score, Tensor x, double t, double snr, Generator generator, int step)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var s = TensorSamplerChecks.Score(score, x, t);                                          // (n, d)
        var z = randn(x.shape, ScalarType.Float32, generator: generator).to(x.device);          // (n, d)
        double scoreNorm = s.square().sum(1).sqrt().mean().item<float>();
        double noiseNorm = z.square().sum(1).sqrt().mean().item<float>();
        if (scoreNorm == 0)
            return x;
        double epsilon = 2 * Math.Pow(snr * noiseNorm / scoreNorm, 2);
        var next = x.add(s.mul(epsilon)).add(z.mul(Math.Sqrt(2 * epsilon)));
        TensorSamplerChecks.Finite(next, step, t);
        x.Dispose();
        return next.MoveToOuterDisposeScope();
    }
}
