using MathNet.Numerics.LinearAlgebra;

namespace ScoreNotebooks.ScoreMatching;

/// <summary>
/// A score model linear in its parameters, s(x) = W φ(x), with W ∈ ℝ^{d×m} and a feature map
/// φ : ℝᵈ → ℝᵐ whose Jacobian is known, so the divergence is exact.
/// </summary>
/// <remarks>
/// ∇·s(x) = Σᵢ Σⱼ Wᵢⱼ ∂φⱼ/∂xᵢ = tr(W J(x)). Hyvärinen's objective is then quadratic in W and
/// <see cref="Fit"/> minimises it in closed form (see <see cref="FeatureMoments"/>).
/// </remarks>
public sealed class LinearScoreModel : IScoreModel
{
    private readonly Matrix<double> weights;

    /// <summary>Creates s(x) = W φ(x).</summary>
    /// <param name="weights">W ∈ ℝ^{d×m}, finite, with d = features.InputDimension and m = features.FeatureCount.</param>
    /// <param name="features">The feature map φ.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">W has the wrong shape or a non-finite entry.</exception>
    public LinearScoreModel(Matrix<double> weights, IFeatureMap features)
    {
        Features = Guard.NotNull(features, nameof(features));
        Guard.Finite(weights, nameof(weights));
        if (weights.RowCount != features.InputDimension || weights.ColumnCount != features.FeatureCount)
            throw new ArgumentException(
                $"weights is {weights.RowCount}×{weights.ColumnCount}, expected {features.InputDimension}×{features.FeatureCount} (d×m).",
                nameof(weights));
        this.weights = weights.Clone();
    }

    /// <summary>Fits W by minimising Hyvärinen's objective L_SM(W) + λ‖W‖²_F on samples, in closed form.</summary>
    /// <param name="samples">n samples, one per row of an n×d matrix, finite.</param>
    /// <param name="features">The feature map φ.</param>
    /// <param name="ridge">The ridge λ ≥ 0; λ = 0 needs E[φφᵀ] nonsingular on the samples.</param>
    /// <remarks>W* = −Bᵀ (C + λI)⁻¹ with C = E[φφᵀ] and B = E[∂φ/∂x] over the samples.</remarks>
    /// <exception cref="ArgumentNullException">samples or features is null.</exception>
    /// <exception cref="ArgumentException">Bad samples, λ not finite, or C + λI singular (ParamName "ridge").</exception>
    /// <exception cref="ArgumentOutOfRangeException">λ &lt; 0.</exception>
    public static LinearScoreModel Fit(Matrix<double> samples, IFeatureMap features, double ridge = 0)
    {
        var moments = FeatureMoments.FromSamples(samples, features);
        return new LinearScoreModel(moments.Minimiser(ridge), features);
    }

    /// <inheritdoc />
    public int Dimension => Features.InputDimension;

    /// <summary>The feature map φ.</summary>
    public IFeatureMap Features { get; }

    /// <summary>A copy of W ∈ ℝ^{d×m}.</summary>
    public Matrix<double> Weights => weights.Clone();

    /// <inheritdoc />
    /// <remarks>s(x) = W φ(x).</remarks>
    public Vector<double> Score(Vector<double> x) => weights * Features.Features(x);

    /// <inheritdoc />
    public Matrix<double> Score(Matrix<double> xs)
    {
        Guard.Batch(xs, Dimension, nameof(xs));
        var result = Matrix<double>.Build.Dense(xs.RowCount, Dimension);
        for (int i = 0; i < xs.RowCount; i++)
            result.SetRow(i, weights * Features.Features(xs.Row(i)));
        return result;
    }

    /// <inheritdoc />
    /// <remarks>∇·s(x) = tr(W J(x)) = Σᵢ Σⱼ Wᵢⱼ Jⱼᵢ(x).</remarks>
    public double Divergence(Vector<double> x) => TraceOfProduct(Features.Jacobian(x));

    /// <inheritdoc />
    public Vector<double> Divergence(Matrix<double> xs)
    {
        Guard.Batch(xs, Dimension, nameof(xs));
        return Vector<double>.Build.Dense(xs.RowCount, i => TraceOfProduct(Features.Jacobian(xs.Row(i))));
    }

    /// <inheritdoc />
    public override string ToString() => $"LinearScoreModel(d={Dimension}, {Features})";

    private double TraceOfProduct(Matrix<double> jacobian)
    {
        double trace = 0;
        for (int i = 0; i < weights.RowCount; i++)
        {
            for (int j = 0; j < weights.ColumnCount; j++)
                trace += weights[i, j] * jacobian[j, i];
        }
        return trace;
    }
}
