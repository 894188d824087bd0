using MathNet.Numerics.LinearAlgebra;

namespace ScoreNotebooks.Metrics;

/// <summary>
/// The energy distance between two samples (Székely &amp; Rizzo 2013, "Energy statistics: A class of
/// statistics based on distances", J. Statist. Plann. Inference 143: 1249–1272).
/// </summary>
/// <remarks>
/// <para>
/// For X, X' ~ p and Y, Y' ~ q independent, ℰ(p, q) = 2 E‖X − Y‖ − E‖X − X'‖ − E‖Y − Y'‖ ≥ 0, with equality
/// exactly when p = q (for distributions with finite first moments); √ℰ is a metric. It is twice the MMD² of
/// the distance-induced kernel k(x, y) = ½(‖x‖ + ‖y‖ − ‖x − y‖) (Sejdinovic, Sriperumbudur, Gretton &amp; Fukumizu
/// 2013, Ann. Statist. 41: 2263–2291), needs no bandwidth, and in 1D is 2∫(F(t) − G(t))² dt.
/// </para>
/// <para>
/// The estimate uses U-statistics within each sample and the mean over all m·n pairs across, so it is
/// unbiased: ℰ̂ = (2/(mn)) Σᵢ Σⱼ ‖xᵢ − yⱼ‖ − (1/(m(m−1))) Σ_{i≠j} ‖xᵢ − xⱼ‖ − (1/(n(n−1))) Σ_{i≠j} ‖yᵢ − yⱼ‖,
/// and like MMD²ᵤ it can be slightly negative when p = q. Distances are formed from coordinate differences
/// (O((m + n)² d) work, no N×N matrix): the square root would magnify the cancellation of the
/// ‖a‖² + ‖b‖² − 2a·b expansion for close pairs.
/// </para>
/// </remarks>
public static class EnergyDistance
{
    /// <summary>The unbiased estimate ℰ̂ of the energy distance between the samples x and y.</summary>
    /// <param name="x">m ≥ 2 points of dimension d ≥ 1, one per row, finite.</param>
    /// <param name="y">n ≥ 2 points of the same dimension d, one per row, finite.</param>
    /// <returns>ℰ̂, in the units of the data (a distance, not a squared distance); near 0 when x and y come from one distribution.</returns>
    /// <remarks>See <see cref="EnergyDistance"/> for the formula.</remarks>
    /// <exception cref="ArgumentNullException">x or y is null.</exception>
    /// <exception cref="ArgumentException">Fewer than 2 rows, a non-finite entry, or a dimension mismatch (ParamName "y").</exception>
    public static double Unbiased(Matrix<double> x, Matrix<double> y)
    {
        TwoSamples.Check(x, y, 2);
        double[] xs = x.ToRowMajorArray(), ys = y.ToRowMajorArray();
        int m = x.RowCount, n = y.RowCount, d = x.ColumnCount;
        double across = SumOfDistances(xs, m, ys, n, d) / ((double)m * n);
        double withinX = 2 * SumOfDistancesWithin(xs, m, d) / (m * (m - 1.0));
        double withinY = 2 * SumOfDistancesWithin(ys, n, d) / (n * (n - 1.0));
        return 2 * across - withinX - withinY;
    }

    // Σᵢ Σⱼ ‖aᵢ − bⱼ‖ over row-major point arrays.
    private static double SumOfDistances(double[] a, int rowsA, double[] b, int rowsB, int d)
    {
        double sum = 0;
        for (int i = 0; i < rowsA; i++)
        {
            var ai = a.AsSpan(i * d, d);
            for (int j = 0; j < rowsB; j++)
                sum += Distance(ai, b.AsSpan(j * d, d));
        }
        return sum;
    }

    // Σ_{i<j} ‖aᵢ − aⱼ‖.
    private static double SumOfDistancesWithin(double[] a, int rows, int d)
    {
        double sum = 0;
        for (int i = 0; i < rows; i++)
        {
            var ai = a.AsSpan(i * d, d);
            for (int j = i + 1; j < rows; j++)
                sum += Distance(ai, a.AsSpan(j * d, d));
        }
        return sum;
    }

    private static double Distance(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double sum = 0;
        for (int k = 0; k < a.Length; k++)
        {
            double gap = a[k] - b[k];
            sum += gap * gap;
        }
        return Math.Sqrt(sum);
    }
}
