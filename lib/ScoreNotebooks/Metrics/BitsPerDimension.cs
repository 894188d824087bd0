using MathNet.Numerics.LinearAlgebra;
using ScoreNotebooks.Divergences;

namespace ScoreNotebooks.Metrics;

/// <summary>
/// Bits per dimension of quantised data (images with a few grey levels) from a continuous density fitted to
/// the dequantised data: the unit in which image likelihoods are compared (Theis, van den Oord &amp; Bethge 2016,
/// "A note on the evaluation of generative models", ICLR).
/// </summary>
/// <remarks>
/// <para>
/// Integer data k ∈ {0, …, L − 1}ᵈ are made continuous by uniform dequantisation y = k + u, u ~ U[0, 1)ᵈ. For any
/// density p of y, P(k) = ∫_{[0,1)ᵈ} p(k + u) du is a distribution over the integers, and by Jensen's inequality
/// −log₂ P(k) ≤ E_u[−log₂ p(k + u)]: the continuous figure bounds the discrete code length from above. A model that
/// works in rescaled units x = a + b·y (one bin is b wide) has p_y(y) = bᵈ p_x(x), so
/// bits/dim = −(log p_x(x) + d log b) / (d ln 2).
/// </para>
/// <para>
/// A density uniform over the L levels scores log₂ L: the bound a model must beat to have learned anything.
/// </para>
/// </remarks>
public static class BitsPerDimension
{
    /// <summary>Bits per dimension of one point from its log-density in units where a quantisation bin is <paramref name="binWidth"/> wide.</summary>
    /// <param name="logDensity">log p_x(x) in nats, finite.</param>
    /// <param name="dimension">The dimension d ≥ 1.</param>
    /// <param name="binWidth">The width b &gt; 0 of one grey level in the units of x (2/17 for 17 levels mapped onto [−1, 1]).</param>
    /// <returns>−(log p_x(x) + d log b)/(d ln 2).</returns>
    /// <exception cref="ArgumentException">logDensity or binWidth is not finite.</exception>
    /// <exception cref="ArgumentOutOfRangeException">dimension &lt; 1 or binWidth ≤ 0.</exception>
    public static double FromLogDensity(double logDensity, int dimension, double binWidth)
    {
        Guard.Finite(logDensity, nameof(logDensity));
        Guard.Positive(dimension, nameof(dimension));
        Guard.Positive(binWidth, nameof(binWidth));
        return -(logDensity + dimension * Math.Log(binWidth)) / (dimension * Math.Log(2));
    }

    /// <summary>
    /// The mean bits per dimension of a set of points, with the standard error of that mean over the points (and over
    /// whatever randomness produced each log-density, such as Hutchinson's probes).
    /// </summary>
    /// <param name="logDensities">log p_x(xᵢ) for n ≥ 2 points, finite.</param>
    /// <param name="dimension">The dimension d ≥ 1.</param>
    /// <param name="binWidth">The width b &gt; 0 of one grey level in the units of x.</param>
    /// <returns>The mean of <see cref="FromLogDensity"/> over the points and its standard error s/√n.</returns>
    /// <exception cref="ArgumentNullException">logDensities is null.</exception>
    /// <exception cref="ArgumentException">Fewer than two log-densities, or one that is not finite.</exception>
    /// <exception cref="ArgumentOutOfRangeException">dimension &lt; 1 or binWidth ≤ 0.</exception>
    public static MonteCarloEstimate Mean(Vector<double> logDensities, int dimension, double binWidth)
    {
        Guard.Finite(logDensities, nameof(logDensities));
        if (logDensities.Count < 2)
            throw new ArgumentException($"logDensities has {logDensities.Count} entries; a standard error needs at least 2.", nameof(logDensities));
        return MonteCarloEstimate.FromTerms(logDensities.Select(v => FromLogDensity(v, dimension, binWidth)).ToArray());
    }
}
