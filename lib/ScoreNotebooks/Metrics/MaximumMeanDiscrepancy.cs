using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Statistics;

namespace ScoreNotebooks.Metrics;

/// <summary>
/// The maximum mean discrepancy (MMD) between two samples with the Gaussian (RBF) kernel
/// k(x, y) = exp(−‖x − y‖² / (2h²)), its median-heuristic bandwidth and a permutation test
/// (Gretton, Borgwardt, Rasch, Schölkopf &amp; Smola 2012, "A Kernel Two-Sample Test", JMLR 13: 723–773).
/// </summary>
/// <remarks>
/// <para>
/// For x₁ … xₘ ~ p and y₁ … yₙ ~ q, the unbiased estimate (Gretton et al. 2012, Lemma 6, Eq. 3) is
/// MMD²ᵤ = 1/(m(m−1)) Σ_{i≠j} k(xᵢ, xⱼ) + 1/(n(n−1)) Σ_{i≠j} k(yᵢ, yⱼ) − 2/(mn) Σᵢ Σⱼ k(xᵢ, yⱼ).
/// Its expectation is the population MMD²(p, q) = E k(x, x') + E k(y, y') − 2 E k(x, y), which is 0 exactly
/// when p = q for this characteristic kernel. Being unbiased, MMD²ᵤ can be slightly negative when p = q.
/// </para>
/// <para>
/// Cost: one product Z Zᵀ of the pooled (m + n)×d sample and an (m + n)² kernel matrix held in memory
/// (2000 + 2000 points: 128 MB); each permutation then costs one matrix–vector product.
/// </para>
/// </remarks>
public static class MaximumMeanDiscrepancy
{
    /// <summary>The unbiased estimate MMD²ᵤ between the samples x and y, with bandwidth h.</summary>
    /// <param name="x">m ≥ 2 points of dimension d ≥ 1, one per row, finite.</param>
    /// <param name="y">n ≥ 2 points of the same dimension d, one per row, finite.</param>
    /// <param name="bandwidth">The kernel bandwidth h &gt; 0; null (the default) uses <see cref="MedianHeuristic"/>.</param>
    /// <returns>MMD²ᵤ, a real number in [−1, 2] (near 0 or slightly negative when x and y come from one distribution).</returns>
    /// <remarks>See <see cref="MaximumMeanDiscrepancy"/> for the formula (Gretton et al. 2012, Eq. 3).</remarks>
    /// <exception cref="ArgumentNullException">x or y is null.</exception>
    /// <exception cref="ArgumentException">
    /// Fewer than 2 rows, a non-finite entry, a dimension mismatch (ParamName "y"), or a non-finite bandwidth;
    /// with no bandwidth, a median pairwise distance of 0.
    /// </exception>
    /// <exception cref="ArgumentOutOfRangeException">h ≤ 0.</exception>
    public static double SquaredUnbiased(Matrix<double> x, Matrix<double> y, double? bandwidth = null)
    {
        var kernel = PooledKernel(x, y, bandwidth);
        var kernel1 = kernel.RowSums();
        return FromKernel(kernel, kernel1, kernel1.Sum(), Enumerable.Range(0, x.RowCount), x.RowCount);
    }

    /// <summary>The median heuristic bandwidth h: the median distance ‖zᵢ − zⱼ‖ over all pairs i &lt; j of the pooled sample z = x ∪ y.</summary>
    /// <param name="x">m ≥ 1 points of dimension d ≥ 1, one per row, finite.</param>
    /// <param name="y">n ≥ 1 points of the same dimension d, one per row, finite.</param>
    /// <returns>h &gt; 0, in the units of the data.</returns>
    /// <remarks>
    /// With N = m + n there are N(N − 1)/2 pairs; for an even count the median is the mean of the two middle
    /// distances. This is the kernel size of Gretton et al. (2012, Sec. 8): it puts typical pairs on the
    /// kernel's slope, where the MMD is most sensitive.
    /// </remarks>
    /// <exception cref="ArgumentNullException">x or y is null.</exception>
    /// <exception cref="ArgumentException">
    /// An empty sample, a non-finite entry, a dimension mismatch (ParamName "y"), or a median distance of 0
    /// (more than half the pairs coincide; pass a bandwidth instead).
    /// </exception>
    public static double MedianHeuristic(Matrix<double> x, Matrix<double> y)
    {
        TwoSamples.Check(x, y, 1);
        return MedianDistance(TwoSamples.SquaredDistances(TwoSamples.Pool(x, y)));
    }

    /// <summary>
    /// A permutation test of H₀: p = q with statistic MMD²ᵤ: the pooled sample is relabelled at random B times
    /// and the observed statistic is ranked among the relabelled ones.
    /// </summary>
    /// <param name="rng">The source of the random relabellings.</param>
    /// <param name="x">m ≥ 2 points of dimension d ≥ 1, one per row, finite.</param>
    /// <param name="y">n ≥ 2 points of the same dimension d, one per row, finite.</param>
    /// <param name="permutations">The number B ≥ 1 of relabellings; the smallest attainable p is 1/(1 + B).</param>
    /// <param name="bandwidth">The kernel bandwidth h &gt; 0; null uses <see cref="MedianHeuristic"/> of the pooled sample, which every relabelling shares.</param>
    /// <returns>The observed MMD²ᵤ, p = (1 + #{b : MMD²ᵤ,b ≥ MMD²ᵤ}) / (1 + B), B, and the mean and standard
    /// deviation of the B relabelled statistics (the null distribution's, estimated).</returns>
    /// <remarks>
    /// Under H₀ the pooled points are exchangeable, so every split into m and n points is equally likely and the
    /// rank of the observed statistic among the relabelled ones gives an exact level-α test
    /// (Gretton et al. 2012, Sec. 5; p-value as in Phipson &amp; Smyth 2010). Each relabelling is a uniform random
    /// choice of which m pooled points are called x (Fisher–Yates).
    /// </remarks>
    /// <exception cref="ArgumentNullException">rng, x or y is null.</exception>
    /// <exception cref="ArgumentException">As for <see cref="SquaredUnbiased"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">B &lt; 1 or h ≤ 0.</exception>
    public static PermutationTestResult PermutationTest(Random rng, Matrix<double> x, Matrix<double> y, int permutations, double? bandwidth = null)
    {
        Guard.NotNull(rng, nameof(rng));
        TwoSamples.Check(x, y, 2);
        Guard.Positive(permutations, nameof(permutations));
        var kernel = PooledKernel(x, y, bandwidth);
        var kernel1 = kernel.RowSums();
        double total = kernel1.Sum();
        int m = x.RowCount;
        double observed = FromKernel(kernel, kernel1, total, Enumerable.Range(0, m), m);
        var order = Enumerable.Range(0, kernel.RowCount).ToArray();
        int atLeast = 0;
        var relabelled = new double[permutations];
        for (int b = 0; b < permutations; b++)
        {
            // A partial Fisher–Yates shuffle: the first m entries are a uniform random m-subset.
            for (int i = 0; i < m; i++)
            {
                int j = i + rng.Next(order.Length - i);
                (order[i], order[j]) = (order[j], order[i]);
            }
            relabelled[b] = FromKernel(kernel, kernel1, total, order.Take(m), m);
            if (relabelled[b] >= observed)
                atLeast++;
        }
        double nullMean = relabelled.Average();
        double nullSd = permutations < 2 ? double.NaN
            : Math.Sqrt(relabelled.Sum(t => (t - nullMean) * (t - nullMean)) / (permutations - 1));
        return new PermutationTestResult(observed, (1.0 + atLeast) / (1.0 + permutations), permutations, nullMean, nullSd);
    }

    private static Matrix<double> PooledKernel(Matrix<double> x, Matrix<double> y, double? bandwidth)
    {
        TwoSamples.Check(x, y, 2);
        var squared = TwoSamples.SquaredDistances(TwoSamples.Pool(x, y)); // (N, N)
        double h = bandwidth is { } given ? Guard.Positive(given, nameof(bandwidth)) : MedianDistance(squared);
        double scale = -1 / (2 * h * h);
        squared.MapInplace(d2 => Math.Exp(scale * d2), Zeros.Include);
        return squared;
    }

    // MMD²ᵤ of the split "x = the m pooled points in xIndex, y = the rest", with a the indicator of x:
    // aᵀKa covers x×x, (K1)·a − aᵀKa covers x×y, and 1ᵀK1 − 2(K1)·a + aᵀKa covers y×y. The diagonal
    // kernel values k(z, z) = 1 are removed from the within-sample sums. K a is the sum of the m columns
    // of K in xIndex, added from the column-major storage (m·N work rather than a full N² product).
    private static double FromKernel(Matrix<double> kernel, Vector<double> kernel1, double total, IEnumerable<int> xIndex, int m)
    {
        int size = kernel.RowCount, n = size - m;
        double[] columns = kernel.AsColumnMajorArray() ?? kernel.ToColumnMajorArray();
        var ka = new double[size];
        var chosen = xIndex.ToArray();
        foreach (int j in chosen)
        {
            var column = columns.AsSpan(j * size, size);
            for (int i = 0; i < size; i++)
                ka[i] += column[i];
        }
        double aKa = 0, aK1 = 0;
        foreach (int i in chosen)
        {
            aKa += ka[i];
            aK1 += kernel1[i];
        }
        double xx = aKa - m;
        double xy = aK1 - aKa;
        double yy = total - 2 * aK1 + aKa - n;
        return xx / (m * (m - 1.0)) + yy / (n * (n - 1.0)) - 2 * xy / ((double)m * n);
    }

    private static double MedianDistance(Matrix<double> squared)
    {
        int count = squared.RowCount;
        var distances = new double[count * (count - 1) / 2];
        int k = 0;
        for (int j = 1; j < count; j++)
        {
            for (int i = 0; i < j; i++)
                distances[k++] = Math.Sqrt(squared[i, j]);
        }
        double median = ArrayStatistics.MedianInplace(distances);
        if (!(median > 0))
            throw new ArgumentException(
                "the median pairwise distance of the pooled sample is 0 (more than half the pairs coincide); pass a bandwidth h > 0.",
                "bandwidth");
        return median;
    }
}
