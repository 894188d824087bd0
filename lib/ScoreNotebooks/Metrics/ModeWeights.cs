using MathNet.Numerics.LinearAlgebra;
using ScoreNotebooks.Distributions;

namespace ScoreNotebooks.Metrics;

/// <summary>
/// How a set of samples divides its mass among the components (modes) of a reference
/// Gaussian mixture: the check that a sampler reproduces the mixture weights, not just the
/// mode locations.
/// </summary>
/// <remarks>
/// For samples of the mixture itself both estimates converge to the weights πₖ (the mean
/// responsibility exactly in expectation, the hard assignment when modes are well separated).
/// Plain Langevin on well-separated modes gets the locations right and the weights wrong
/// (Song &amp; Ermon 2019, Sec. 3.2.2); these fractions make that visible as numbers.
/// </remarks>
public static class ModeWeights
{
    /// <summary>
    /// The fraction of samples whose most responsible component is k, for k = 0, …, K − 1:
    /// a vector of K entries in [0, 1] summing to 1.
    /// </summary>
    /// <param name="mixture">The reference mixture with K components in dimension d.</param>
    /// <param name="samples">n ≥ 1 samples, one per row of an n×d matrix, finite.</param>
    /// <remarks>
    /// ŵₖ = (1/n) #{i : argmaxⱼ rⱼ(xᵢ) = k}; ties go to the lower index. Each ŵₖ is a binomial
    /// proportion with standard error √(ŵₖ(1 − ŵₖ)/n).
    /// </remarks>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">samples has no rows, not d columns, or a non-finite entry (ParamName "samples").</exception>
    public static Vector<double> ByMaximalResponsibility(GaussianMixture mixture, Matrix<double> samples)
    {
        var r = ResponsibilitiesOf(mixture, samples); // (n, K)
        var counts = Vector<double>.Build.Dense(mixture.ComponentCount);
        for (int i = 0; i < r.RowCount; i++)
            counts[r.Row(i).MaximumIndex()] += 1;
        return counts / r.RowCount;
    }

    /// <summary>
    /// The mean responsibility of each component over the samples: a vector of K entries in
    /// [0, 1] summing to 1.
    /// </summary>
    /// <param name="mixture">The reference mixture with K components in dimension d.</param>
    /// <param name="samples">n ≥ 1 samples, one per row of an n×d matrix, finite.</param>
    /// <remarks>
    /// ŵₖ = (1/n) Σᵢ rₖ(xᵢ). For xᵢ ~ p, E[rₖ(x)] = ∫ πₖ Nₖ(x) dx = πₖ exactly, so this soft
    /// count is unbiased even where the modes overlap, unlike the hard assignment.
    /// </remarks>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">samples has no rows, not d columns, or a non-finite entry (ParamName "samples").</exception>
    public static Vector<double> ByMeanResponsibility(GaussianMixture mixture, Matrix<double> samples)
    {
        var r = ResponsibilitiesOf(mixture, samples); // (n, K)
        return r.ColumnSums() / r.RowCount;
    }

    private static Matrix<double> ResponsibilitiesOf(GaussianMixture mixture, Matrix<double> samples)
    {
        Guard.NotNull(mixture, nameof(mixture));
        Guard.Batch(samples, mixture.Dimension, nameof(samples));
        if (samples.RowCount == 0)
            throw new ArgumentException("samples has no rows; at least one sample is needed.", nameof(samples));
        try
        {
            return mixture.Responsibilities(samples);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException(e.Message, nameof(samples), e);
        }
    }
}
