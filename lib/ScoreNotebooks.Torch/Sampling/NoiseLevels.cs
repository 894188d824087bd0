namespace ScoreNotebooks.Torch.Sampling;

/// <summary>Noise levels σ₁ &gt; σ₂ &gt; … &gt; σ_L for multi-level training and annealed sampling.</summary>
public static class NoiseLevels
{
    /// <summary>
    /// L levels in geometric progression from σ_max down to σ_min: σᵢ = σ_max (σ_min/σ_max)^((i−1)/(L−1)).
    /// </summary>
    /// <param name="sigmaMax">The largest level σ_max, comparable to the largest distance between data points (Song &amp; Ermon 2020, Technique 1).</param>
    /// <param name="sigmaMin">The smallest level, 0 &lt; σ_min &lt; σ_max, small enough that q_σ_min is close to the data.</param>
    /// <param name="count">The number of levels L ≥ 2.</param>
    /// <returns>The levels, largest first, with σ₁ = σ_max and σ_L = σ_min exactly.</returns>
    /// <remarks>Song &amp; Ermon (2019), NeurIPS, Sec. 4.1: a geometric sequence, so consecutive levels have a constant ratio.</remarks>
    /// <exception cref="ArgumentException">A level is not finite.</exception>
    /// <exception cref="ArgumentOutOfRangeException">σ_min ≤ 0, σ_max ≤ σ_min, or L &lt; 2.</exception>
    public static double[] Geometric(double sigmaMax, double sigmaMin, int count)
    {
        Guard.Positive(sigmaMin, nameof(sigmaMin));
        Guard.Positive(sigmaMax, nameof(sigmaMax));
        if (sigmaMax <= sigmaMin)
            throw new ArgumentOutOfRangeException(nameof(sigmaMax), sigmaMax, $"sigmaMax must be > sigmaMin = {sigmaMin}.");
        if (count < 2)
            throw new ArgumentOutOfRangeException(nameof(count), count, "count must be ≥ 2.");
        var levels = new double[count];
        double logRatio = Math.Log(sigmaMin / sigmaMax);
        for (int i = 0; i < count; i++)
            levels[i] = sigmaMax * Math.Exp(logRatio * i / (count - 1));
        levels[0] = sigmaMax;
        levels[^1] = sigmaMin;
        return levels;
    }
}
