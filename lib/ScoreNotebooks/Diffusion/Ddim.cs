using MathNet.Numerics.LinearAlgebra;

namespace ScoreNotebooks.Diffusion;

/// <summary>
/// DDIM's deterministic sampler (Song, Meng &amp; Ermon 2021, η = 0) for an SDE with kernel xₜ = α(t) x₀ + σ(t) z: from the
/// score it predicts the noise ẑ = −σ(t) s(x, t) and the clean point x̂₀ = (x − σ(t) ẑ)/α(t), and moves to the next time
/// as x ← α(t') x̂₀ + σ(t') ẑ.
/// </summary>
/// <remarks>
/// In the variables y = x/α and λ = σ/α the probability-flow ODE reads dy/dλ = ẑ, and a DDIM step is exactly Euler's
/// method on it (Karras et al. 2022, Sec. 4): first order, but exact whenever ẑ does not change along the path, as for data
/// concentrated at one point. One score evaluation a step.
/// </remarks>
public static class Ddim
{
    /// <summary>Runs DDIM over the given times.</summary>
    /// <param name="sde">The forward SDE, which gives α(t) and σ(t).</param>
    /// <param name="score">The score s(x, t) in batch form, finite.</param>
    /// <param name="x">The particles at times[0], an n×d matrix, finite; never changed.</param>
    /// <param name="times">Strictly decreasing times in (0, T], at least two.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">x is empty or not finite; fewer than two times, or times that do not strictly
    /// decrease; the score returns the wrong shape or a non-finite entry (ParamName "score").</exception>
    /// <exception cref="ArgumentOutOfRangeException">A time ∉ (0, T].</exception>
    public static SamplerResult Sample(Sde sde, Func<Matrix<double>, double, Matrix<double>> score, Matrix<double> x,
        IReadOnlyList<double> times)
    {
        Guard.NotNull(sde, nameof(sde));
        Guard.NotNull(score, nameof(score));
        var current = SamplerChecks.Particles(x, nameof(x));
        Guard.NotNull(times, nameof(times));
        if (times.Count < 2)
            throw new ArgumentException($"times has {times.Count} entr{(times.Count == 1 ? "y" : "ies")}; a step needs at least two.", nameof(times));
        for (int i = 0; i < times.Count; i++)
        {
            SamplerChecks.Time(sde, times[i], nameof(times));
            if (times[i] <= 0)
                throw new ArgumentOutOfRangeException(nameof(times), times[i], "every time must be > 0, where σ(t) > 0.");
            if (i > 0 && times[i] >= times[i - 1])
                throw new ArgumentException($"times[{i}] = {times[i]:G6} is not before times[{i - 1}] = {times[i - 1]:G6}; the times must decrease.", nameof(times));
        }
        for (int i = 0; i + 1 < times.Count; i++)
        {
            double alpha = sde.MeanScale(times[i]), sigma = sde.Std(times[i]);
            var noise = -sigma * SamplerChecks.Score(score, current, times[i]);
            var clean = (current - sigma * noise) / alpha;
            current = sde.MeanScale(times[i + 1]) * clean + sde.Std(times[i + 1]) * noise;
        }
        return new SamplerResult(current, times.Count - 1);
    }
}
