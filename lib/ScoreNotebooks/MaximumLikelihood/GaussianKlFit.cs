using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;
using ScoreNotebooks.Distributions;
using ScoreNotebooks.Numerics;

namespace ScoreNotebooks.MaximumLikelihood;

/// <summary>
/// The best single Gaussian for a target p under the two directions of KL: forward KL(p ‖ q) by moment
/// matching, reverse KL(q ‖ p) by optimisation. Their difference is the asymmetry of KL.
/// </summary>
/// <remarks>
/// Forward: minimising KL(p ‖ q) = −H(p) − E_p[log q] over Gaussians q is maximum likelihood with infinite
/// data, and its solution matches moments, q = N(E_p[x], Cov_p[x]); on a bimodal p it covers both modes.
/// Reverse: KL(q ‖ p) = E_q[log q − log p] punishes q wherever p is small, so the optimum sits on one mode
/// (Bishop 2006, section 10.1.2, figure 10.3). With q = N(m, s²),
/// KL(q ‖ p) = −½ log(2πe s²) − E_q[log p(x)], and E_q[log p] = ∫ φ(z) log p(m + s z) dz is computed by
/// Simpson's rule in z ∈ [−10, 10], so the objective is smooth and deterministic in (m, log s).
/// </remarks>
public static class GaussianKlFit
{
    private const double ZLimit = 10;

    /// <summary>The forward-KL (moment-matching) Gaussian N(E_p[x], Cov_p[x]) of a target with known moments.</summary>
    /// <param name="target">The target p, any dimension; its <see cref="IDistribution.Mean"/> and <see cref="IDistribution.Covariance"/> are used.</param>
    /// <remarks>argmin_q KL(p ‖ q) over all Gaussians q = N(E_p x, Cov_p x).</remarks>
    /// <exception cref="ArgumentNullException">target is null.</exception>
    public static Gaussian Forward(IDistribution target)
    {
        Guard.NotNull(target, nameof(target));
        return new Gaussian(target.Mean, target.Covariance);
    }

    /// <summary>The reverse-KL Gaussian argmin_q KL(q ‖ p) for a one-dimensional target, started at N(m₀, s₀²).</summary>
    /// <param name="target">The target p, of dimension 1.</param>
    /// <param name="initialMean">The starting mean m₀, finite; it decides which mode is found.</param>
    /// <param name="initialStd">The starting standard deviation s₀ &gt; 0.</param>
    /// <param name="points">The Simpson nodes k in z (odd, ≥ 3).</param>
    /// <remarks>As the closure overload with log p = target.LogDensity.</remarks>
    /// <exception cref="ArgumentNullException">target is null.</exception>
    /// <exception cref="ArgumentException">target is not one-dimensional, or as for the closure overload.</exception>
    public static ReverseKlFit Reverse(IDistribution target, double initialMean, double initialStd, int points = 801)
    {
        Guard.NotNull(target, nameof(target));
        if (target.Dimension != 1)
            throw new ArgumentException($"target has dimension {target.Dimension}; the reverse-KL fit is one-dimensional.", nameof(target));
        return Reverse(x => target.LogDensity(Vector<double>.Build.Dense(1, x)), initialMean, initialStd, points);
    }

    /// <summary>The reverse-KL Gaussian argmin_q KL(q ‖ p) for a 1D log-density, started at N(m₀, s₀²).</summary>
    /// <param name="logTarget">log p(x), normalised or not (the minimiser does not depend on log Z); finite or −∞, never NaN.</param>
    /// <param name="initialMean">The starting mean m₀, finite; it decides which mode is found.</param>
    /// <param name="initialStd">The starting standard deviation s₀ &gt; 0.</param>
    /// <param name="points">The Simpson nodes k in z (odd, ≥ 3).</param>
    /// <remarks>
    /// Minimises <see cref="ReverseDivergence"/> over (m, log s) with MathNet's Nelder–Mead simplex
    /// (relative tolerance 1e−12 on the objective, at most 20 000 evaluations), starting from a simplex of
    /// size (s₀/4, ¼) around (m₀, log s₀).
    /// </remarks>
    /// <exception cref="ArgumentNullException">logTarget is null.</exception>
    /// <exception cref="ArgumentException">A non-finite start, an even k, or KL infinite or undefined at the start (ParamName "logTarget").</exception>
    /// <exception cref="ArgumentOutOfRangeException">s₀ ≤ 0 or k &lt; 3.</exception>
    /// <exception cref="MaximumIterationsException">The simplex did not converge in 20 000 evaluations.</exception>
    public static ReverseKlFit Reverse(Func<double, double> logTarget, double initialMean, double initialStd, int points = 801)
    {
        Guard.NotNull(logTarget, nameof(logTarget));
        Guard.Finite(initialMean, nameof(initialMean));
        Guard.Positive(initialStd, nameof(initialStd));
        var weights = StandardNormalWeights(points);
        double start = Divergence(logTarget, initialMean, initialStd, weights);
        if (!double.IsFinite(start))
            throw new ArgumentException($"KL(q ‖ p) is {start} at the start N({initialMean:G4}, {initialStd:G4}²); log p must be finite where q has mass.", nameof(logTarget));
        // Points where KL is infinite or undefined are reported as +∞, so the simplex moves away from them.
        var objective = ObjectiveFunction.Value(v =>
        {
            double value = Divergence(logTarget, v[0], Math.Exp(v[1]), weights);
            return double.IsNaN(value) ? double.PositiveInfinity : value;
        });
        var simplex = new NelderMeadSimplex(1e-12, 20_000);
        var result = simplex.FindMinimum(
            objective,
            Vector<double>.Build.DenseOfArray([initialMean, Math.Log(initialStd)]),
            Vector<double>.Build.DenseOfArray([initialStd / 4, 0.25]));
        double mean = result.MinimizingPoint[0], std = Math.Exp(result.MinimizingPoint[1]);
        return new ReverseKlFit(Gaussian.WithMeanVariance(mean, std * std), Divergence(logTarget, mean, std, weights), result.Iterations);
    }

    /// <summary>KL(q ‖ p) for q = N(m, s²) and a 1D log-density, by quadrature: the objective the reverse fit minimises.</summary>
    /// <param name="logTarget">log p(x); finite or −∞, never NaN.</param>
    /// <param name="mean">The mean m of q, finite.</param>
    /// <param name="std">The standard deviation s &gt; 0 of q.</param>
    /// <param name="points">The Simpson nodes k in z (odd, ≥ 3).</param>
    /// <returns>−½ log(2πe s²) − Σᵢ wᵢ φ(zᵢ) log p(m + s zᵢ), in (−∞, +∞]; +∞ where log p is −∞ at a node.</returns>
    /// <exception cref="ArgumentNullException">logTarget is null.</exception>
    /// <exception cref="ArgumentException">A non-finite m, an even k, or log p is NaN at a node (ParamName "logTarget").</exception>
    /// <exception cref="ArgumentOutOfRangeException">s ≤ 0 or k &lt; 3.</exception>
    public static double ReverseDivergence(Func<double, double> logTarget, double mean, double std, int points = 801)
    {
        Guard.NotNull(logTarget, nameof(logTarget));
        Guard.Finite(mean, nameof(mean));
        Guard.Positive(std, nameof(std));
        double value = Divergence(logTarget, mean, std, StandardNormalWeights(points));
        if (double.IsNaN(value))
            throw new ArgumentException("logTarget returned NaN at a quadrature node.", nameof(logTarget));
        return value;
    }

    // (zᵢ, wᵢ φ(zᵢ)) on [−10, 10]: the mass beyond |z| = 10 is below 1e−23.
    private static (double[] Z, double[] W) StandardNormalWeights(int points)
    {
        var w = Quadrature.Weights(QuadratureRule.Simpson, -ZLimit, ZLimit, points);
        var z = Quadrature.Nodes(-ZLimit, ZLimit, points);
        for (int i = 0; i < w.Length; i++)
            w[i] *= Math.Exp(-0.5 * z[i] * z[i]) / Math.Sqrt(2 * Math.PI);
        return (z, w);
    }

    private static double Divergence(Func<double, double> logTarget, double mean, double std, (double[] Z, double[] W) rule)
    {
        double expectedLogTarget = 0;
        for (int i = 0; i < rule.Z.Length; i++)
            expectedLogTarget += rule.W[i] * logTarget(mean + std * rule.Z[i]);
        double entropy = 0.5 * Math.Log(2 * Math.PI * Math.E * std * std);
        return -entropy - expectedLogTarget;
    }
}
