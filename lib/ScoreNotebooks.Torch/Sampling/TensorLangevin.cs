using ScoreNotebooks.Torch.ScoreMatching;
using static TorchSharp.torch;

namespace ScoreNotebooks.Torch.Sampling;

/// <summary>
/// Langevin samplers on a batch of particles held in a tensor: the unadjusted Langevin algorithm
/// driven by a score, and annealed Langevin dynamics driven by a noise-conditional score.
/// </summary>
/// <remarks>
/// <para>
/// The update is the CPU reference's (<see cref="ScoreNotebooks.Sampling.Langevin"/>):
/// xₜ₊₁ = xₜ + ε s(xₜ) + √(2ε) zₜ with zₜ ~ N(0, I) (Welling &amp; Teh 2011, Eq. 3, whose step is h = 2ε).
/// Annealed Langevin (Song &amp; Ermon 2019, NeurIPS, Algorithm 1) runs T such steps at each level
/// σ₁ &gt; … &gt; σ_L in turn with s = s(·, σᵢ) and εᵢ = ε σᵢ²/σ_L², each level starting where the last
/// ended. Song &amp; Ermon write the update as x + (αᵢ/2) s + √αᵢ z with αᵢ = ε_paper σᵢ²/σ_L², so
/// this ε is their ε_paper/2.
/// </para>
/// <para>
/// Runs without gradients, on the particles' device; the noise comes from a CPU generator, so a seed
/// gives the same chain on any device. Arguments are checked when a method is called; the
/// sequences are lazy, and each enumeration continues drawing from the same generator.
/// </para>
/// </remarks>
public static class TensorLangevin
{
    /// <summary>Runs ULA, yielding step 0, every <paramref name="recordEvery"/>-th step and the last step.</summary>
    /// <param name="score">The score s: (n, d) → (n, d), row by row.</param>
    /// <param name="initial">The initial particles x₀, shape (n, d), n, d ≥ 1; never changed.</param>
    /// <param name="stepSize">The step size ε &gt; 0.</param>
    /// <param name="steps">The number of updates T ≥ 0.</param>
    /// <param name="generator">A CPU generator for the noise.</param>
    /// <param name="recordEvery">Record every k-th step, k ≥ 1; steps 0 and T are always recorded.</param>
    /// <returns>The recorded steps, each with a copy of the particles.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">
    /// initial is not (n, d); ε is not finite; the score returns another shape (ParamName "score"); a particle
    /// becomes non-finite during enumeration (ParamName "stepSize": the chain diverged).
    /// </exception>
    /// <exception cref="ArgumentOutOfRangeException">ε ≤ 0, T &lt; 0 or k &lt; 1.</exception>
    public static IEnumerable<TensorLangevinStep> Steps(
        Func<Tensor, Tensor> score, Tensor initial, double stepSize, int steps, Generator generator, int recordEvery = 1)
    {
        ArgumentNullException.ThrowIfNull(score);
        ArgumentNullException.ThrowIfNull(generator);
        ScoreDivergence.CheckPoints(initial);
        CheckSettings(stepSize, steps, recordEvery);
        return Iterate(score, initial.detach().clone(), stepSize, steps, generator, recordEvery);
    }

    /// <summary>Runs T ULA steps and returns the final particles, shape (n, d).</summary>
    /// <param name="score">The score s: (n, d) → (n, d), row by row.</param>
    /// <param name="initial">The initial particles x₀, shape (n, d); never changed.</param>
    /// <param name="stepSize">The step size ε &gt; 0.</param>
    /// <param name="steps">The number of updates T ≥ 0.</param>
    /// <param name="generator">A CPU generator for the noise.</param>
    /// <remarks>The last element of <see cref="Steps"/>.</remarks>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">As for <see cref="Steps"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">ε ≤ 0 or T &lt; 0.</exception>
    public static Tensor Run(Func<Tensor, Tensor> score, Tensor initial, double stepSize, int steps, Generator generator) =>
        Steps(score, initial, stepSize, steps, generator, Math.Max(steps, 1)).Last().Particles;

    /// <summary>Runs annealed Langevin dynamics, yielding the initial particles, every <paramref name="recordEvery"/>-th step of each level and each level's last step.</summary>
    /// <param name="score">The noise-conditional score s(x, σ): (n, d) and (n) → (n, d).</param>
    /// <param name="initial">The initial particles, shape (n, d), typically N(0, σ₁²I) or uniform; never changed.</param>
    /// <param name="levels">The levels σ₁ &gt; … &gt; σ_L &gt; 0 (e.g. <see cref="NoiseLevels.Geometric"/>).</param>
    /// <param name="stepsPerLevel">The number of updates T ≥ 1 at each level.</param>
    /// <param name="stepSize">The base step size ε &gt; 0, used as is at the last level.</param>
    /// <param name="generator">A CPU generator for the noise.</param>
    /// <param name="recordEvery">Within a level, record every k-th step, k ≥ 1; each level's last step is always recorded.</param>
    /// <returns>The recorded steps, each with a copy of the particles.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">
    /// initial is not (n, d); levels is empty or has a level that is not finite and &gt; 0; the score returns
    /// another shape; a particle becomes non-finite (ParamName "stepSize").
    /// </exception>
    /// <exception cref="ArgumentOutOfRangeException">ε ≤ 0, T &lt; 1 or k &lt; 1.</exception>
    public static IEnumerable<AnnealedLangevinStep> Annealed(
        Func<Tensor, Tensor, Tensor> score, Tensor initial, IReadOnlyList<double> levels, int stepsPerLevel, double stepSize,
        Generator generator, int recordEvery = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(score);
        ArgumentNullException.ThrowIfNull(generator);
        ScoreDivergence.CheckPoints(initial);
        ScoreMatchingLoss.LevelTensor(levels, nameof(levels)).Dispose();
        Guard.Positive(stepsPerLevel, nameof(stepsPerLevel));
        CheckSettings(stepSize, stepsPerLevel, recordEvery);
        return IterateAnnealed(score, initial.detach().clone(), levels.ToArray(), stepsPerLevel, stepSize, generator, recordEvery);
    }

    /// <summary>Runs annealed Langevin dynamics and returns the final particles, shape (n, d).</summary>
    /// <param name="score">The noise-conditional score s(x, σ): (n, d) and (n) → (n, d).</param>
    /// <param name="initial">The initial particles, shape (n, d); never changed.</param>
    /// <param name="levels">The levels σ₁ &gt; … &gt; σ_L &gt; 0.</param>
    /// <param name="stepsPerLevel">The number of updates T ≥ 1 at each level.</param>
    /// <param name="stepSize">The base step size ε &gt; 0.</param>
    /// <param name="generator">A CPU generator for the noise.</param>
    /// <remarks>The last element of <see cref="Annealed"/>.</remarks>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">As for <see cref="Annealed"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">ε ≤ 0 or T &lt; 1.</exception>
    public static Tensor RunAnnealed(
        Func<Tensor, Tensor, Tensor> score, Tensor initial, IReadOnlyList<double> levels, int stepsPerLevel, double stepSize, Generator generator) =>
        Annealed(score, initial, levels, stepsPerLevel, stepSize, generator).Last().Particles;

    private static IEnumerable<TensorLangevinStep> Iterate(
        Func<Tensor, Tensor> score, Tensor x, double stepSize, int steps, Generator generator, int recordEvery)
    {
        yield return new TensorLangevinStep(0, x.clone());
        for (int t = 1; t <= steps; t++)
        {
            x = Update(x, score, stepSize, generator, t);
            if (t % recordEvery == 0 || t == steps)
                yield return new TensorLangevinStep(t, x.clone());
        }
    }

    private static IEnumerable<AnnealedLangevinStep> IterateAnnealed(
        Func<Tensor, Tensor, Tensor> score, Tensor x, double[] levels, int stepsPerLevel, double stepSize, Generator generator, int recordEvery)
    {
        double last = levels[^1];
        yield return new AnnealedLangevinStep(-1, levels[0], 0, stepSize * levels[0] * levels[0] / (last * last), x.clone());
        int total = 0;
        for (int i = 0; i < levels.Length; i++)
        {
            double epsilon = stepSize * levels[i] * levels[i] / (last * last);
            using var sigma = full(x.shape[0], levels[i], ScalarType.Float32, x.device);
            for (int t = 1; t <= stepsPerLevel; t++)
            {
                x = Update(x, input => score(input, sigma), epsilon, generator, ++total);
                if (t % recordEvery == 0 || t == stepsPerLevel)
                    yield return new AnnealedLangevinStep(i, levels[i], total, epsilon, x.clone());
            }
        }
    }

    private static Tensor Update(Tensor x, Func<Tensor, Tensor> score, double stepSize, Generator generator, int step)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var s = ScoreDivergence.Evaluate(score, x);                                                 // (n, d)
        var z = randn(x.shape, ScalarType.Float32, generator: generator).to(x.device);             // (n, d)
        var next = x.add(s.mul(stepSize)).add(z.mul(Math.Sqrt(2 * stepSize)));
        if (!next.isfinite().all().item<bool>())
            throw new ArgumentException(
                $"a particle became non-finite at step {step}: the chain diverged; stepSize = {stepSize:G6} is too large for this score.", nameof(stepSize));
        x.Dispose();
        return next.MoveToOuterDisposeScope();
    }

    private static void CheckSettings(double stepSize, int steps, int recordEvery)
    {
        Guard.Positive(stepSize, nameof(stepSize));
        if (steps < 0)
            throw new ArgumentOutOfRangeException(nameof(steps), steps, "steps must be ≥ 0.");
        Guard.Positive(recordEvery, nameof(recordEvery));
    }
}
