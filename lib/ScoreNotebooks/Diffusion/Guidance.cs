using MathNet.Numerics.LinearAlgebra;
using ScoreNotebooks.Distributions;

namespace ScoreNotebooks.Diffusion;

/// <summary>
/// Classifier-free guidance (Ho &amp; Salimans 2022) with exact scores: the guided score of a class c at noise level σ,
/// and exact samples of the tilted density that guidance is often said to sample,
/// π_w(x) ∝ p(x | c)^{1+w} p(x)^{−w} = p(x | c) · (p(c | x) / p(c))^w.
/// </summary>
/// <remarks>
/// The guided score (1 + w) ∇log p_σ(x | c) − w ∇log p_σ(x) is the score of the tilted density of the noisy
/// marginals at every σ; but tilting and adding noise do not commute, so running the probability flow with it does
/// not give π_w at σ = 0 — which <see cref="SampleTilted"/> lets one measure.
/// </remarks>
public static class Guidance
{
    private const int MaximumDrawsPerSample = 10_000;

    /// <summary>The guided score s_w(x, σ) = (1 + w) ∇log p_σ(x | c) − w ∇log p_σ(x), p_σ the law convolved with N(0, σ²I).</summary>
    /// <param name="conditional">p(x | c), the data of class c.</param>
    /// <param name="unconditional">p(x), the data of every class.</param>
    /// <param name="weight">The guidance weight w ≥ 0; 0 is the conditional score itself.</param>
    /// <returns>The score in batch form: n×d and σ ≥ 0 in, n×d out.</returns>
    /// <exception cref="ArgumentNullException">A mixture is null.</exception>
    /// <exception cref="ArgumentException">The mixtures differ in dimension, or weight is not finite.</exception>
    /// <exception cref="ArgumentOutOfRangeException">weight is negative.</exception>
    public static Func<Matrix<double>, double, Matrix<double>> Score(
        GaussianMixture conditional, GaussianMixture unconditional, double weight)
    {
        Check(conditional, unconditional, weight);
        return (x, sigma) =>
        {
            var guided = (1 + weight) * Noisy(conditional, sigma).Score(x);
            return weight == 0 ? guided : guided - weight * Noisy(unconditional, sigma).Score(x);
        };
    }

    private static GaussianMixture Noisy(GaussianMixture law, double sigma) => sigma == 0 ? law : law.AddNoise(sigma);

    /// <summary>Exact samples of π_w(x) ∝ p(x | c)^{1+w} p(x)^{−w}, by rejection from p(x | c).</summary>
    /// <param name="rng">The random source; the samples are a deterministic function of its state.</param>
    /// <param name="conditional">p(x | c).</param>
    /// <param name="unconditional">p(x), a mixture in which class c has probability <paramref name="classProbability"/>, so that
    /// p(c | x) = p(c) p(x | c) / p(x) ≤ 1.</param>
    /// <param name="classProbability">p(c) ∈ (0, 1].</param>
    /// <param name="weight">w ≥ 0.</param>
    /// <param name="n">The number of samples n ≥ 1.</param>
    /// <remarks>
    /// π_w(x) ∝ p(x | c) · p(c | x)^w, and p(c | x)^w ≤ 1: a draw x ~ p(x | c) is kept with probability p(c | x)^w, and
    /// the kept draws are exact samples of π_w. Draws are made in batches until n are kept.
    /// </remarks>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The mixtures differ in dimension; p(c | x) exceeds 1 at a draw (the unconditional law
    /// does not contain p(c) · p(x | c)); or fewer than one draw in <c>10 000</c> would be kept.</exception>
    /// <exception cref="ArgumentOutOfRangeException">weight &lt; 0, classProbability ∉ (0, 1], or n &lt; 1.</exception>
    public static Matrix<double> SampleTilted(Random rng, GaussianMixture conditional, GaussianMixture unconditional,
        double classProbability, double weight, int n)
    {
        Guard.NotNull(rng, nameof(rng));
        Check(conditional, unconditional, weight);
        Guard.Finite(classProbability, nameof(classProbability));
        if (!(classProbability > 0 && classProbability <= 1))
            throw new ArgumentOutOfRangeException(nameof(classProbability), classProbability, "classProbability must be in (0, 1].");
        if (n < 1)
            throw new ArgumentOutOfRangeException(nameof(n), n, "n must be ≥ 1.");
        var kept = new List<Vector<double>>(n);
        long draws = 0;
        double logClass = Math.Log(classProbability);
        while (kept.Count < n)
        {
            int batch = Math.Max(64, 2 * (n - kept.Count));
            var candidates = conditional.Sample(rng, batch);
            var logPosterior = logClass + conditional.LogDensity(candidates) - unconditional.LogDensity(candidates);
            for (int i = 0; i < batch && kept.Count < n; i++)
            {
                if (logPosterior[i] > 1e-9)
                    throw new ArgumentException(
                        $"p(c | x) = {Math.Exp(logPosterior[i]):G6} > 1 at a draw: the unconditional law does not contain " +
                        $"{classProbability:G6} × the conditional one.", nameof(unconditional));
                if (rng.NextDouble() < Math.Exp(weight * Math.Min(logPosterior[i], 0)))
                    kept.Add(candidates.Row(i));
            }
            draws += batch;
            if (kept.Count < n && draws > (long)MaximumDrawsPerSample * Math.Max(kept.Count, 1))
                throw new ArgumentException(
                    $"only {kept.Count} of {draws} draws of p(x | c) were kept at w = {weight:G6}: π_w is too far from p(x | c) " +
                    "for rejection sampling.", nameof(weight));
        }
        return Matrix<double>.Build.DenseOfRowVectors(kept);
    }

    private static void Check(GaussianMixture conditional, GaussianMixture unconditional, double weight)
    {
        Guard.NotNull(conditional, nameof(conditional));
        Guard.NotNull(unconditional, nameof(unconditional));
        if (conditional.Dimension != unconditional.Dimension)
            throw new ArgumentException(
                $"unconditional has dimension {unconditional.Dimension}, expected {conditional.Dimension} as the conditional law.",
                nameof(unconditional));
        Guard.Finite(weight, nameof(weight));
        if (weight < 0)
            throw new ArgumentOutOfRangeException(nameof(weight), weight, "weight must be ≥ 0.");
    }
}
