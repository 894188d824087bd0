using MathNet.Numerics.LinearAlgebra;

namespace ScoreNotebooks.ScoreMatching;

/// <summary>
/// The sample moments that make Hyvärinen's objective of a linear score model s = Wφ a quadratic
/// in W: C = E[φ(x) φ(x)ᵀ] and B = E[∂φ/∂x].
/// </summary>
/// <remarks>
/// For s(x) = W φ(x) with W ∈ ℝ^{d×m}, ‖s‖² = tr(W φφᵀ Wᵀ) and ∇·s = Σᵢ Σⱼ Wᵢⱼ ∂φⱼ/∂xᵢ = tr(W J)
/// with J = ∂φ/∂x ∈ ℝ^{m×d}. Averaging over the samples,
/// L_SM(W) = tr(W C Wᵀ) + 2 tr(W B), C ∈ ℝ^{m×m}, B ∈ ℝ^{m×d}.
/// Its gradient 2(W C + Bᵀ) vanishes at W* = −Bᵀ C⁻¹; with a ridge penalty λ‖W‖²_F the minimiser is
/// W* = −Bᵀ (C + λI)⁻¹, found by one Cholesky solve; C and B are the only statistics of the data it needs.
/// </remarks>
public sealed class FeatureMoments
{
    private FeatureMoments(Matrix<double> secondMoment, Matrix<double> meanJacobian, int sampleCount)
    {
        SecondMoment = secondMoment;
        MeanJacobian = meanJacobian;
        SampleCount = sampleCount;
    }

    /// <summary>Computes C and B from n samples.</summary>
    /// <param name="samples">n ≥ 1 samples, one per row of an n×d matrix, finite, d = features.InputDimension.</param>
    /// <param name="features">The feature map φ.</param>
    /// <remarks>C = (1/n) Σᵢ φ(xᵢ)φ(xᵢ)ᵀ, B = (1/n) Σᵢ J(xᵢ); n evaluations of φ and of J.</remarks>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">No rows, the wrong number of columns, or a non-finite entry.</exception>
    public static FeatureMoments FromSamples(Matrix<double> samples, IFeatureMap features)
    {
        Guard.NotNull(features, nameof(features));
        Guard.Batch(samples, features.InputDimension, nameof(samples));
        int n = samples.RowCount, m = features.FeatureCount;
        if (n == 0)
            throw new ArgumentException("samples has no rows.", nameof(samples));
        var phi = Matrix<double>.Build.Dense(n, m); // (n, m)
        var jacobianSum = Matrix<double>.Build.Dense(m, features.InputDimension);
        for (int i = 0; i < n; i++)
        {
            var x = samples.Row(i);
            phi.SetRow(i, features.Features(x));
            jacobianSum += features.Jacobian(x);
        }
        var c = phi.TransposeThisAndMultiply(phi) / n;
        return new FeatureMoments((c + c.Transpose()) * 0.5, jacobianSum / n, n);
    }

    /// <summary>C = E[φφᵀ], m×m symmetric positive semidefinite.</summary>
    public Matrix<double> SecondMoment { get; }

    /// <summary>B = E[∂φ/∂x], m×d, with Bⱼₖ the mean of ∂φⱼ/∂xₖ.</summary>
    public Matrix<double> MeanJacobian { get; }

    /// <summary>The number n ≥ 1 of samples averaged.</summary>
    public int SampleCount { get; }

    /// <summary>The number of features m.</summary>
    public int FeatureCount => SecondMoment.RowCount;

    /// <summary>The input dimension d.</summary>
    public int Dimension => MeanJacobian.ColumnCount;

    /// <summary>Hyvärinen's objective of s = Wφ on these samples: L_SM(W) = tr(W C Wᵀ) + 2 tr(W B).</summary>
    /// <param name="weights">W ∈ ℝ^{d×m}, finite.</param>
    /// <remarks>The same number as averaging ‖Wφ(xᵢ)‖² + 2∇·(Wφ)(xᵢ) over the samples, without the per-sample terms.</remarks>
    /// <exception cref="ArgumentNullException">weights is null.</exception>
    /// <exception cref="ArgumentException">weights is not d×m or has a non-finite entry.</exception>
    public double Objective(Matrix<double> weights)
    {
        CheckWeights(weights);
        return (weights * SecondMoment).TransposeAndMultiply(weights).Trace() + 2 * (weights * MeanJacobian).Trace();
    }

    /// <summary>The minimiser W* = −Bᵀ (C + λI)⁻¹ of L_SM(W) + λ‖W‖²_F, a d×m matrix.</summary>
    /// <param name="ridge">The ridge λ ≥ 0; λ = 0 needs C nonsingular.</param>
    /// <remarks>Solves (C + λI) W*ᵀ = −B by Cholesky; C + λI is symmetric positive definite for λ &gt; 0.</remarks>
    /// <exception cref="ArgumentException">λ is not finite, or C + λI is singular (then use λ &gt; 0).</exception>
    /// <exception cref="ArgumentOutOfRangeException">λ &lt; 0.</exception>
    public Matrix<double> Minimiser(double ridge = 0)
    {
        Guard.NonNegative(ridge, nameof(ridge));
        var system = SecondMoment + Matrix<double>.Build.DenseIdentity(FeatureCount) * ridge;
        Matrix<double> transposed;
        try
        {
            transposed = system.Cholesky().Solve(-MeanJacobian); // (m, d)
        }
        catch (ArgumentException)
        {
            throw new ArgumentException(
                $"C + λI (m = {FeatureCount}, λ = {ridge:G3}) is singular: the features are linearly dependent on these samples; use a ridge λ > 0.",
                nameof(ridge));
        }
        if (transposed.Enumerate().Any(v => !double.IsFinite(v)))
            throw new ArgumentException($"C + λI (λ = {ridge:G3}) is numerically singular; use a larger ridge λ.", nameof(ridge));
        return transposed.Transpose();
    }

    private void CheckWeights(Matrix<double> weights)
    {
        Guard.Finite(weights, nameof(weights));
        if (weights.RowCount != Dimension || weights.ColumnCount != FeatureCount)
            throw new ArgumentException(
                $"weights is {weights.RowCount}×{weights.ColumnCount}, expected {Dimension}×{FeatureCount} (d×m).", nameof(weights));
    }
}
