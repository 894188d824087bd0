using MathNet.Numerics.LinearAlgebra;
using ScoreNotebooks.Distributions;

namespace ScoreNotebooks.MaximumLikelihood;

/// <summary>
/// The maximum-likelihood Gaussian of a sample: the sample mean and the biased (1/n) sample covariance.
/// </summary>
/// <remarks>
/// For x₁ … xₙ ∈ ℝᵈ the log-likelihood Σᵢ log N(xᵢ | μ, Σ) is maximised by
/// μ̂ = x̄ = (1/n) Σᵢ xᵢ and Σ̂ = (1/n) Σᵢ (xᵢ − x̄)(xᵢ − x̄)ᵀ. The 1/n (not 1/(n − 1)) is what
/// maximises the likelihood; it is biased low by the factor (n − 1)/n.
/// </remarks>
public static class GaussianMle
{
    /// <summary>The maximum-likelihood N(x̄, Σ̂) of n samples.</summary>
    /// <param name="samples">n samples, one per row of an n×d matrix, finite; Σ̂ must be nonsingular (n &gt; d, not collinear).</param>
    /// <exception cref="ArgumentNullException">samples is null.</exception>
    /// <exception cref="ArgumentException">No rows or columns, a non-finite entry, or a singular sample covariance.</exception>
    public static Gaussian Fit(Matrix<double> samples)
    {
        var mean = Mean(samples);
        var covariance = Covariance(samples);
        try
        {
            return new Gaussian(mean, covariance);
        }
        catch (ArgumentException)
        {
            throw new ArgumentException(
                $"samples ({samples.RowCount} rows, {samples.ColumnCount} columns) have a singular covariance; the Gaussian MLE needs n > d points in general position.",
                nameof(samples));
        }
    }

    /// <summary>The sample mean x̄ = (1/n) Σᵢ xᵢ ∈ ℝᵈ.</summary>
    /// <param name="samples">n ≥ 1 samples, one per row, finite.</param>
    /// <exception cref="ArgumentNullException">samples is null.</exception>
    /// <exception cref="ArgumentException">No rows or columns, or a non-finite entry.</exception>
    public static Vector<double> Mean(Matrix<double> samples)
    {
        CheckSamples(samples);
        return samples.ColumnSums() / samples.RowCount;
    }

    /// <summary>The biased sample covariance Σ̂ = (1/n) Σᵢ (xᵢ − x̄)(xᵢ − x̄)ᵀ, d×d symmetric positive semidefinite.</summary>
    /// <param name="samples">n ≥ 1 samples, one per row, finite.</param>
    /// <remarks>Computed from centred rows, (1/n) XcᵀXc, which avoids the cancellation of E[xxᵀ] − x̄x̄ᵀ.</remarks>
    /// <exception cref="ArgumentNullException">samples is null.</exception>
    /// <exception cref="ArgumentException">No rows or columns, or a non-finite entry.</exception>
    public static Matrix<double> Covariance(Matrix<double> samples)
    {
        var mean = Mean(samples);
        var centred = Matrix<double>.Build.Dense(samples.RowCount, samples.ColumnCount, (i, j) => samples[i, j] - mean[j]);
        var covariance = centred.TransposeThisAndMultiply(centred) / samples.RowCount;
        // Exact symmetry, so that the result factorises as a covariance.
        return (covariance + covariance.Transpose()) * 0.5;
    }

    private static void CheckSamples(Matrix<double> samples)
    {
        Guard.Finite(samples, nameof(samples));
        if (samples.RowCount == 0 || samples.ColumnCount == 0)
            throw new ArgumentException($"samples is {samples.RowCount}×{samples.ColumnCount}; it needs n ≥ 1 rows and d ≥ 1 columns.", nameof(samples));
    }
}
