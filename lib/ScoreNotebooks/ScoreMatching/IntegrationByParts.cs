using MathNet.Numerics.LinearAlgebra;
using ScoreNotebooks.Distributions;
using ScoreNotebooks.Numerics;

namespace ScoreNotebooks.ScoreMatching;

/// <summary>
/// The integration by parts that turns explicit score matching into Hyvärinen's objective,
/// evaluated numerically in one dimension.
/// </summary>
/// <remarks>
/// In 1D, ∫ p s_θ (log p)′ dx = ∫ s_θ p′ dx = [p s_θ]₋ₗᴸ − ∫ p s_θ′ dx. For densities that decay
/// faster than s_θ grows the boundary term vanishes as L → ∞, leaving
/// E_p[s_θ (log p)′] = −E_p[s_θ′], the step in the proof of Hyvärinen (2005, Theorem 1). The integrals are
/// computed by Simpson's rule on [−L, L]; the data density enters through its log-density and score,
/// the model through its score and exact (or finite-difference) derivative.
/// </remarks>
public static class IntegrationByParts
{
    /// <summary>The cross, boundary and divergence terms on [−L, L] by Simpson's rule.</summary>
    /// <param name="data">The data density p on ℝ (dimension 1).</param>
    /// <param name="model">The model score s_θ on ℝ (dimension 1); its divergence is s_θ′.</param>
    /// <param name="limit">The half-width L &gt; 0.</param>
    /// <param name="points">The number of Simpson nodes k, odd and ≥ 3.</param>
    /// <remarks>
    /// CrossTerm = ∫ p s_θ (log p)′, DivergenceTerm = −∫ p s_θ′, BoundaryTerm = p(L)s_θ(L) − p(−L)s_θ(−L);
    /// 3k evaluations (density, two scores, divergence at each node).
    /// </remarks>
    /// <exception cref="ArgumentNullException">data or model is null.</exception>
    /// <exception cref="ArgumentException">data or model is not one-dimensional, L is not finite, or k is even.</exception>
    /// <exception cref="ArgumentOutOfRangeException">L ≤ 0 or k &lt; 3.</exception>
    public static IntegrationByPartsTerms Evaluate(IDistribution data, IScoreModel model, double limit, int points = 2001)
    {
        CheckOneDimensional(data, model);
        Guard.Positive(limit, nameof(limit));
        var weights = Quadrature.Weights(QuadratureRule.Simpson, -limit, limit, points);
        var nodes = Quadrature.Nodes(-limit, limit, points);
        var xs = Matrix<double>.Build.DenseOfColumnArrays(nodes); // (k, 1)
        var density = data.LogDensity(xs).PointwiseExp();
        var dataScore = data.Score(xs).Column(0);
        var modelScore = model.Score(xs).Column(0);
        var modelDerivative = model.Divergence(xs);
        double cross = 0, divergence = 0;
        for (int i = 0; i < nodes.Length; i++)
        {
            cross += weights[i] * density[i] * modelScore[i] * dataScore[i];
            divergence -= weights[i] * density[i] * modelDerivative[i];
        }
        return new IntegrationByPartsTerms(limit, cross, Boundary(data, model, limit), divergence);
    }

    /// <summary>The boundary term [p s_θ]₋ₗᴸ = p(L) s_θ(L) − p(−L) s_θ(−L) alone.</summary>
    /// <param name="data">The data density p on ℝ (dimension 1).</param>
    /// <param name="model">The model score s_θ on ℝ (dimension 1).</param>
    /// <param name="limit">The half-width L &gt; 0.</param>
    /// <remarks>For a Gaussian p and a model growing at most polynomially it decays like exp(−L²/(2σ²)).</remarks>
    /// <exception cref="ArgumentNullException">data or model is null.</exception>
    /// <exception cref="ArgumentException">data or model is not one-dimensional, or L is not finite.</exception>
    /// <exception cref="ArgumentOutOfRangeException">L ≤ 0.</exception>
    public static double BoundaryTerm(IDistribution data, IScoreModel model, double limit)
    {
        CheckOneDimensional(data, model);
        Guard.Positive(limit, nameof(limit));
        return Boundary(data, model, limit);
    }

    private static double Boundary(IDistribution data, IScoreModel model, double limit)
    {
        var upper = Vector<double>.Build.Dense(1, limit);
        var lower = Vector<double>.Build.Dense(1, -limit);
        return Math.Exp(data.LogDensity(upper)) * model.Score(upper)[0] - Math.Exp(data.LogDensity(lower)) * model.Score(lower)[0];
    }

    private static void CheckOneDimensional(IDistribution data, IScoreModel model)
    {
        Guard.NotNull(data, nameof(data));
        Guard.NotNull(model, nameof(model));
        if (data.Dimension != 1)
            throw new ArgumentException($"data has dimension {data.Dimension}; the integration-by-parts check is one-dimensional.", nameof(data));
        if (model.Dimension != 1)
            throw new ArgumentException($"model has dimension {model.Dimension}; the integration-by-parts check is one-dimensional.", nameof(model));
    }
}
