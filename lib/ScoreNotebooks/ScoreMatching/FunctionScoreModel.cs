using MathNet.Numerics.LinearAlgebra;
using ScoreNotebooks.Distributions;
using ScoreNotebooks.Numerics;

namespace ScoreNotebooks.ScoreMatching;

/// <summary>
/// A score model given by a closure x ↦ s(x), with its divergence either given exactly or
/// computed by central finite differences.
/// </summary>
/// <remarks>
/// Without an exact divergence, ∇·s(x) ≈ Σⱼ [sⱼ(x + hⱼeⱼ) − sⱼ(x − hⱼeⱼ)] / (2hⱼ) with
/// hⱼ = h·max(1, |xⱼ|) (see <see cref="FiniteDifferences.Divergence"/>): 2d extra evaluations of s
/// per point and about 10 correct digits for smooth s with the default h. That is the cost the
/// series later removes with Hutchinson's estimator (<see cref="HutchinsonTrace"/>).
/// Every value the closures return is checked, so a bad closure fails loudly with ParamName
/// "score" or "divergence".
/// </remarks>
public sealed class FunctionScoreModel : IScoreModel
{
    private readonly Func<Vector<double>, Vector<double>> score;
    private readonly Func<Vector<double>, double>? divergence;

    /// <summary>Wraps a score closure s : ℝᵈ → ℝᵈ and, optionally, its exact divergence.</summary>
    /// <param name="dimension">The dimension d ≥ 1.</param>
    /// <param name="score">The score s(x); must return a finite vector of length d.</param>
    /// <param name="divergence">The exact ∇·s(x), or null to use finite differences.</param>
    /// <param name="step">The relative finite-difference step h &gt; 0, used only when divergence is null.</param>
    /// <exception cref="ArgumentNullException">score is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">dimension &lt; 1 or step ≤ 0.</exception>
    /// <exception cref="ArgumentException">step is not finite.</exception>
    public FunctionScoreModel(
        int dimension,
        Func<Vector<double>, Vector<double>> score,
        Func<Vector<double>, double>? divergence = null,
        double step = FiniteDifferences.DefaultStep)
    {
        Dimension = Guard.Positive(dimension, nameof(dimension));
        this.score = Guard.NotNull(score, nameof(score));
        this.divergence = divergence;
        Step = Guard.Positive(step, nameof(step));
    }

    /// <summary>The score of a known distribution, s(x) = ∇ₓ log p(x), with a finite-difference divergence.</summary>
    /// <param name="distribution">The distribution p; its <see cref="IDistribution.Score(Vector{double})"/> is used.</param>
    /// <param name="step">The relative finite-difference step h &gt; 0.</param>
    /// <remarks>∇·∇log p = Δ log p, the Laplacian of the log-density.</remarks>
    /// <exception cref="ArgumentNullException">distribution is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">step ≤ 0.</exception>
    public static FunctionScoreModel FromDistribution(IDistribution distribution, double step = FiniteDifferences.DefaultStep)
    {
        Guard.NotNull(distribution, nameof(distribution));
        return new FunctionScoreModel(distribution.Dimension, distribution.Score, null, step);
    }

    /// <inheritdoc />
    public int Dimension { get; }

    /// <summary>The relative finite-difference step h &gt; 0 used when no exact divergence was given.</summary>
    public double Step { get; }

    /// <summary>True when the divergence is the exact closure, false when it is a finite difference.</summary>
    public bool HasExactDivergence => divergence is not null;

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The closure returns null, the wrong length or a non-finite entry (ParamName "score").</exception>
    public Vector<double> Score(Vector<double> x)
    {
        Guard.Point(x, Dimension, nameof(x));
        return Evaluate(x);
    }

    /// <inheritdoc />
    public Matrix<double> Score(Matrix<double> xs)
    {
        Guard.Batch(xs, Dimension, nameof(xs));
        var result = Matrix<double>.Build.Dense(xs.RowCount, Dimension);
        for (int i = 0; i < xs.RowCount; i++)
            result.SetRow(i, Evaluate(xs.Row(i)));
        return result;
    }

    /// <inheritdoc />
    /// <remarks>The exact closure if one was given, otherwise central differences of the score with step h.</remarks>
    /// <exception cref="ArgumentException">A closure returns a bad value (ParamName "score" or "divergence").</exception>
    public double Divergence(Vector<double> x)
    {
        Guard.Point(x, Dimension, nameof(x));
        return DivergenceUnchecked(x);
    }

    /// <inheritdoc />
    public Vector<double> Divergence(Matrix<double> xs)
    {
        Guard.Batch(xs, Dimension, nameof(xs));
        return Vector<double>.Build.Dense(xs.RowCount, i => DivergenceUnchecked(xs.Row(i)));
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"FunctionScoreModel(d={Dimension}, divergence {(HasExactDivergence ? "exact" : $"by finite differences, h={Step:G3}")})";

    private Vector<double> Evaluate(Vector<double> x)
    {
        var value = score(x);
        if (value is null || value.Count != Dimension)
            throw new ArgumentException($"score returned a vector of length {value?.Count.ToString() ?? "null"}, expected {Dimension}.", nameof(score));
        for (int j = 0; j < Dimension; j++)
        {
            if (!double.IsFinite(value[j]))
                throw new ArgumentException($"score returned {value[j]} in coordinate {j}; every entry must be finite.", nameof(score));
        }
        return value;
    }

    private double DivergenceUnchecked(Vector<double> x)
    {
        if (divergence is null)
            return FiniteDifferences.Divergence(Evaluate, x, Step);
        double value = divergence(x);
        if (!double.IsFinite(value))
            throw new ArgumentException($"divergence returned {value}; it must be finite.", nameof(divergence));
        return value;
    }
}
