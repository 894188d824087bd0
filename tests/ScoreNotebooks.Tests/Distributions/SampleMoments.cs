using MathNet.Numerics.LinearAlgebra;

namespace ScoreNotebooks.Tests.Distributions;

/// <summary>
/// Compares sample moments with exact ones, entry by entry, in units of their own standard errors.
/// </summary>
/// <remarks>
/// For n samples, the sample mean of coordinate i has standard error sᵢ/√n, and the sample
/// covariance entry (i, j), a mean of the products (xᵢ − x̄ᵢ)(xⱼ − x̄ⱼ), has standard error
/// sd(products)/√n. Both are estimated from the same samples, so the tolerance follows the
/// sample size and the distribution's own spread (heavy mixtures have large fourth moments).
/// </remarks>
internal static class SampleMoments
{
    /// <summary>Five standard errors: a false alarm has probability about 6e−7 per entry.</summary>
    public const double Z = 5;

    public static void AssertMatch(Matrix<double> samples, Vector<double> mean, Matrix<double> covariance, string what)
    {
        int n = samples.RowCount, d = samples.ColumnCount;
        var sampleMean = samples.ColumnSums() / n;
        var centred = Matrix<double>.Build.Dense(n, d, (i, j) => samples[i, j] - sampleMean[j]);
        for (int i = 0; i < d; i++)
        {
            double sd = Math.Sqrt(centred.Column(i).DotProduct(centred.Column(i)) / (n - 1));
            double z = Math.Abs(sampleMean[i] - mean[i]) / (sd / Math.Sqrt(n));
            Assert.True(z < Z, $"{what}: mean[{i}] sample {sampleMean[i]:G6} vs exact {mean[i]:G6}, {z:F2} standard errors (n = {n})");
        }
        for (int i = 0; i < d; i++)
        {
            for (int j = i; j < d; j++)
            {
                var products = centred.Column(i).PointwiseMultiply(centred.Column(j));
                double value = products.Sum() / (n - 1);
                double spread = Math.Sqrt((products - products.Average()).PointwisePower(2).Sum() / (n - 1));
                double z = Math.Abs(value - covariance[i, j]) / (spread / Math.Sqrt(n));
                Assert.True(z < Z,
                    $"{what}: covariance[{i}, {j}] sample {value:G6} vs exact {covariance[i, j]:G6}, {z:F2} standard errors (n = {n})");
            }
        }
    }
}
