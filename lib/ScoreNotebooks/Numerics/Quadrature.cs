namespace ScoreNotebooks.Numerics;

/// <summary>
/// Composite quadrature on k equally spaced nodes of an interval [a, b]: nodes, weights, and
/// the integral of a function, the building blocks of normalising constants computed on grids.
/// </summary>
/// <remarks>
/// The nodes are xᵢ = a + i·h, i = 0, …, k − 1, with h = (b − a)/(k − 1), and
/// ∫ₐᵇ f(x) dx ≈ Σᵢ wᵢ f(xᵢ). A tensor grid in d dimensions takes products of these weights
/// over kᵈ nodes, which is why computing a normaliser this way costs kᵈ evaluations.
/// </remarks>
public static class Quadrature
{
    /// <summary>The k equally spaced nodes a = x₀ &lt; … &lt; x_{k−1} = b.</summary>
    /// <param name="lower">The lower end a, finite.</param>
    /// <param name="upper">The upper end b &gt; a, finite.</param>
    /// <param name="points">The number of nodes k ≥ 2.</param>
    /// <remarks>xᵢ = a + i (b − a)/(k − 1); the last node is set to b exactly.</remarks>
    /// <exception cref="ArgumentException">A bound is not finite, or b ≤ a (ParamName "upper").</exception>
    /// <exception cref="ArgumentOutOfRangeException">k &lt; 2.</exception>
    public static double[] Nodes(double lower, double upper, int points)
    {
        CheckInterval(lower, upper);
        if (points < 2)
            throw new ArgumentOutOfRangeException(nameof(points), points, "points must be ≥ 2 so that the interval has two ends.");
        double h = (upper - lower) / (points - 1);
        var nodes = new double[points];
        for (int i = 0; i < points; i++)
            nodes[i] = lower + i * h;
        nodes[points - 1] = upper;
        return nodes;
    }

    /// <summary>The weights wᵢ of a composite rule on the k nodes of <see cref="Nodes"/>.</summary>
    /// <param name="rule">The rule: trapezoid (k ≥ 2) or Simpson (odd k ≥ 3).</param>
    /// <param name="lower">The lower end a, finite.</param>
    /// <param name="upper">The upper end b &gt; a, finite.</param>
    /// <param name="points">The number of nodes k.</param>
    /// <remarks>
    /// Trapezoid: wᵢ = h for interior nodes and h/2 at the ends. Simpson: w = (h/3)·(1, 4, 2, 4, …, 2, 4, 1).
    /// The weights are positive and sum to b − a.
    /// </remarks>
    /// <exception cref="ArgumentException">
    /// A bound is not finite, b ≤ a, an unknown rule, or an even k for Simpson (ParamName "points").
    /// </exception>
    /// <exception cref="ArgumentOutOfRangeException">k &lt; 2 (trapezoid) or k &lt; 3 (Simpson).</exception>
    public static double[] Weights(QuadratureRule rule, double lower, double upper, int points)
    {
        CheckInterval(lower, upper);
        CheckPoints(rule, points);
        double h = (upper - lower) / (points - 1);
        var weights = new double[points];
        if (rule == QuadratureRule.Trapezoid)
        {
            Array.Fill(weights, h);
            weights[0] = weights[^1] = h / 2;
            return weights;
        }
        for (int i = 0; i < points; i++)
            weights[i] = (i == 0 || i == points - 1 ? 1 : i % 2 == 1 ? 4 : 2) * h / 3;
        return weights;
    }

    /// <summary>∫ₐᵇ f(x) dx by a composite rule on k equally spaced nodes.</summary>
    /// <param name="f">The integrand, finite at every node.</param>
    /// <param name="lower">The lower end a, finite.</param>
    /// <param name="upper">The upper end b &gt; a, finite.</param>
    /// <param name="points">The number of nodes k: ≥ 2 for trapezoid, odd and ≥ 3 for Simpson.</param>
    /// <param name="rule">The rule; Simpson by default.</param>
    /// <remarks>Σᵢ wᵢ f(xᵢ) with the nodes and weights above; k evaluations of f.</remarks>
    /// <exception cref="ArgumentNullException">f is null.</exception>
    /// <exception cref="ArgumentException">
    /// As for <see cref="Weights"/>, or f returns a non-finite value (ParamName "f").
    /// </exception>
    /// <exception cref="ArgumentOutOfRangeException">Too few points for the rule.</exception>
    public static double Integrate(Func<double, double> f, double lower, double upper, int points, QuadratureRule rule = QuadratureRule.Simpson)
    {
        Guard.NotNull(f, nameof(f));
        var weights = Weights(rule, lower, upper, points);
        var nodes = Nodes(lower, upper, points);
        double sum = 0;
        for (int i = 0; i < points; i++)
        {
            double value = f(nodes[i]);
            if (!double.IsFinite(value))
                throw new ArgumentException($"{nameof(f)}({nodes[i]:G6}) is {value}; the integrand must be finite at every node.", nameof(f));
            sum += weights[i] * value;
        }
        return sum;
    }

    private static void CheckInterval(double lower, double upper)
    {
        Guard.Finite(lower, nameof(lower));
        Guard.Finite(upper, nameof(upper));
        if (!(upper > lower))
            throw new ArgumentException($"upper ({upper:G6}) must be greater than lower ({lower:G6}).", nameof(upper));
    }

    private static void CheckPoints(QuadratureRule rule, int points)
    {
        switch (rule)
        {
            case QuadratureRule.Trapezoid:
                if (points < 2)
                    throw new ArgumentOutOfRangeException(nameof(points), points, "the trapezoid rule needs points ≥ 2.");
                break;
            case QuadratureRule.Simpson:
                if (points < 3)
                    throw new ArgumentOutOfRangeException(nameof(points), points, "Simpson's rule needs points ≥ 3.");
                if (points % 2 == 0)
                    throw new ArgumentException($"Simpson's rule needs an odd number of points (an even number of panels), but points = {points}.", nameof(points));
                break;
            default:
                throw new ArgumentException($"rule {rule} is not a known quadrature rule.", nameof(rule));
        }
    }
}
