using MathNet.Numerics.LinearAlgebra;

namespace ScoreNotebooks.Diffusion;

/// <summary>The particles a deterministic sampler ended with, and the score evaluations it took (each one batch evaluation).</summary>
/// <param name="Particles">The samples, one per row of an n×d matrix.</param>
/// <param name="Evaluations">The batch evaluations of the score.</param>
public sealed record SamplerResult(Matrix<double> Particles, int Evaluations);

/// <summary>
/// The probability-flow ODE written in the noise level, dx/dσ = −σ ∇ₓ log p_σ(x), with p_σ the data convolved with
/// N(0, σ²I) (Karras et al. 2022, Eq. 4 with s(t) = 1, σ(t) = t): solved from σ_max down to 0 by Euler's method or by
/// Heun's, on a schedule of <see cref="SigmaSchedules"/>.
/// </summary>
/// <remarks>
/// <para>This is the VE SDE's flow with time replaced by the noise level: no drift to integrate, only the score. Euler takes
/// one score evaluation a step and has global error O(h); Heun averages the slopes at both ends of a step (two
/// evaluations, error O(h²)), except on the last step, to σ = 0, where the score of the noiseless data may not exist:
/// that step is Euler's, as in Karras et al.'s Algorithm 1, so N steps cost 2N − 1 evaluations.</para>
/// <para>Particles start at σ_max: draws of N(0, σ_max² I), which stand in for p_{σ_max} as the prior does for p_T.</para>
/// </remarks>
public static class EdmSampler
{
    /// <summary>Euler steps x ← x + (σ_{i+1} − σᵢ) dᵢ with dᵢ = −σᵢ s(x, σᵢ).</summary>
    /// <param name="score">The score s(x, σ) in batch form (n×d and σ to n×d), finite.</param>
    /// <param name="x">The particles at σ₀, an n×d matrix, finite; never changed.</param>
    /// <param name="sigmas">The levels σ₀ &gt; σ₁ &gt; … ≥ 0, at least two, finite; the score is evaluated only where σ &gt; 0.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">x is empty or not finite; sigmas has fewer than two levels, a non-finite or negative level,
    /// or is not strictly decreasing; the score returns the wrong shape or a non-finite entry (ParamName "score").</exception>
    public static SamplerResult Euler(Func<Matrix<double>, double, Matrix<double>> score, Matrix<double> x, IReadOnlyList<double> sigmas)
    {
        Check(score, x, sigmas);
        var current = x.Clone();
        int evaluations = 0;
        for (int i = 0; i + 1 < sigmas.Count; i++)
        {
            var slope = Slope(score, current, sigmas[i]);
            evaluations++;
            current += (sigmas[i + 1] - sigmas[i]) * slope;
        }
        return new SamplerResult(current, evaluations);
    }

    /// <summary>Heun steps: an Euler step to σ_{i+1}, then, where σ_{i+1} &gt; 0, the step redone with the mean of the slopes at both ends.</summary>
    /// <param name="score">The score s(x, σ) in batch form, finite.</param>
    /// <param name="x">The particles at σ₀, an n×d matrix, finite; never changed.</param>
    /// <param name="sigmas">The levels σ₀ &gt; σ₁ &gt; … ≥ 0, at least two, finite.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">As for <see cref="Euler"/>.</exception>
    public static SamplerResult Heun(Func<Matrix<double>, double, Matrix<double>> score, Matrix<double> x, IReadOnlyList<double> sigmas)
    {
        Check(score, x, sigmas);
        var current = x.Clone();
        int evaluations = 0;
        for (int i = 0; i + 1 < sigmas.Count; i++)
        {
            double h = sigmas[i + 1] - sigmas[i];
            var slope = Slope(score, current, sigmas[i]);
            evaluations++;
            var predicted = current + h * slope;
            if (sigmas[i + 1] > 0)
            {
                var end = Slope(score, predicted, sigmas[i + 1]);
                evaluations++;
                predicted = current + (0.5 * h) * (slope + end);
            }
            current = predicted;
        }
        return new SamplerResult(current, evaluations);
    }

    // dx/dσ = −σ s(x, σ).
    private static Matrix<double> Slope(Func<Matrix<double>, double, Matrix<double>> score, Matrix<double> x, double sigma) =>
        -sigma * SamplerChecks.Score(score, x, sigma);

    private static void Check(Func<Matrix<double>, double, Matrix<double>> score, Matrix<double> x, IReadOnlyList<double> sigmas)
    {
        Guard.NotNull(score, nameof(score));
        SamplerChecks.Particles(x, nameof(x));
        Guard.NotNull(sigmas, nameof(sigmas));
        if (sigmas.Count < 2)
            throw new ArgumentException($"sigmas has {sigmas.Count} level(s); a step needs at least two.", nameof(sigmas));
        for (int i = 0; i < sigmas.Count; i++)
        {
            if (!double.IsFinite(sigmas[i]) || sigmas[i] < 0)
                throw new ArgumentException($"sigmas[{i}] = {sigmas[i]}; every level must be finite and ≥ 0.", nameof(sigmas));
            if (i > 0 && sigmas[i] >= sigmas[i - 1])
                throw new ArgumentException($"sigmas[{i}] = {sigmas[i]:G6} is not below sigmas[{i - 1}] = {sigmas[i - 1]:G6}; the levels must decrease.", nameof(sigmas));
        }
    }
}
