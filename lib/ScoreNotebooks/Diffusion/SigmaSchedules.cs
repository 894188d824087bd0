namespace ScoreNotebooks.Diffusion;

/// <summary>
/// Noise levels σ₀ &gt; σ₁ &gt; … &gt; σ_{N−1} &gt; σ_N = 0 for a sampler that integrates the probability-flow ODE in σ
/// (<see cref="EdmSampler"/>): N steps from σ_max down to σ_min and a last one to 0.
/// </summary>
/// <remarks>
/// Karras et al. (2022, Eq. 5) space the levels evenly in σ^{1/ρ}: ρ = 1 is even in σ, ρ → ∞ even in log σ
/// (geometric), and ρ = 7 sits between, taking shorter steps at small σ, where the score changes fastest.
/// </remarks>
public static class SigmaSchedules
{
    /// <summary>Karras et al.'s schedule σᵢ = (σ_max^{1/ρ} + i/(N−1) (σ_min^{1/ρ} − σ_max^{1/ρ}))^ρ for i &lt; N, then 0.</summary>
    /// <param name="sigmaMin">The smallest positive level σ_min &gt; 0.</param>
    /// <param name="sigmaMax">The largest level σ_max &gt; σ_min.</param>
    /// <param name="steps">The number of steps N ≥ 2 (N + 1 levels, the last 0).</param>
    /// <param name="rho">The exponent ρ ≥ 1 (7 in the paper).</param>
    /// <returns>N + 1 levels, strictly decreasing, from σ_max to 0.</returns>
    /// <exception cref="ArgumentException">A level or ρ is not finite.</exception>
    /// <exception cref="ArgumentOutOfRangeException">σ_min ≤ 0, σ_max ≤ σ_min, N &lt; 2 or ρ &lt; 1.</exception>
    public static double[] Edm(double sigmaMin, double sigmaMax, int steps, double rho = 7)
    {
        CheckRange(sigmaMin, sigmaMax, steps);
        Guard.Finite(rho, nameof(rho));
        if (rho < 1)
            throw new ArgumentOutOfRangeException(nameof(rho), rho, "rho must be ≥ 1 (1 spaces the levels evenly in σ).");
        double a = Math.Pow(sigmaMax, 1 / rho), b = Math.Pow(sigmaMin, 1 / rho);
        return Levels(steps, u => Math.Pow(a + u * (b - a), rho), sigmaMin, sigmaMax);
    }

    /// <summary>Levels evenly spaced in σ from σ_max to σ_min, then 0 (Karras et al.'s ρ = 1).</summary>
    /// <param name="sigmaMin">The smallest positive level σ_min &gt; 0.</param>
    /// <param name="sigmaMax">The largest level σ_max &gt; σ_min.</param>
    /// <param name="steps">The number of steps N ≥ 2.</param>
    /// <exception cref="ArgumentException">A level is not finite.</exception>
    /// <exception cref="ArgumentOutOfRangeException">σ_min ≤ 0, σ_max ≤ σ_min or N &lt; 2.</exception>
    public static double[] Uniform(double sigmaMin, double sigmaMax, int steps)
    {
        CheckRange(sigmaMin, sigmaMax, steps);
        return Levels(steps, u => sigmaMax + u * (sigmaMin - sigmaMax), sigmaMin, sigmaMax);
    }

    /// <summary>Levels evenly spaced in log σ from σ_max to σ_min, then 0 (the limit ρ → ∞; the VE ladder of chapter 05).</summary>
    /// <param name="sigmaMin">The smallest positive level σ_min &gt; 0.</param>
    /// <param name="sigmaMax">The largest level σ_max &gt; σ_min.</param>
    /// <param name="steps">The number of steps N ≥ 2.</param>
    /// <exception cref="ArgumentException">A level is not finite.</exception>
    /// <exception cref="ArgumentOutOfRangeException">σ_min ≤ 0, σ_max ≤ σ_min or N &lt; 2.</exception>
    public static double[] Geometric(double sigmaMin, double sigmaMax, int steps)
    {
        CheckRange(sigmaMin, sigmaMax, steps);
        return Levels(steps, u => sigmaMax * Math.Pow(sigmaMin / sigmaMax, u), sigmaMin, sigmaMax);
    }

    private static void CheckRange(double sigmaMin, double sigmaMax, int steps)
    {
        Guard.Positive(sigmaMin, nameof(sigmaMin));
        Guard.Finite(sigmaMax, nameof(sigmaMax));
        if (sigmaMax <= sigmaMin)
            throw new ArgumentOutOfRangeException(nameof(sigmaMax), sigmaMax, $"sigmaMax must exceed sigmaMin = {sigmaMin:G6}.");
        if (steps < 2)
            throw new ArgumentOutOfRangeException(nameof(steps), steps, "steps must be ≥ 2: one level at σ_max, one at σ_min, then 0.");
    }

    // N levels at u = i/(N−1), the ends exact, then 0.
    private static double[] Levels(int steps, Func<double, double> at, double sigmaMin, double sigmaMax)
    {
        var levels = new double[steps + 1];
        for (int i = 0; i < steps; i++)
            levels[i] = at((double)i / (steps - 1));
        levels[0] = sigmaMax;
        levels[steps - 1] = sigmaMin;
        return levels;
    }
}
