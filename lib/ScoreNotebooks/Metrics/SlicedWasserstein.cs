using MathNet.Numerics.LinearAlgebra;
using ScoreNotebooks.Distributions;

namespace ScoreNotebooks.Metrics;

/// <summary>
/// The sliced Wasserstein-p distance between two samples of equal size, estimated with random projection
/// directions (Rabin, Peyré, Delon &amp; Bernot 2011; Bonneel, Rabin, Peyré &amp; Pfister 2015,
/// "Sliced and Radon Wasserstein barycenters of measures", J. Math. Imaging Vis. 51: 22–45).
/// </summary>
/// <remarks>
/// <para>
/// SWₚ(p, q) = ( ∫_{S^{d−1}} Wₚᵖ(θ#p, θ#q) dθ )^{1/p}, where θ#p is the law of θᵀx for x ~ p and dθ is the
/// uniform probability on the unit sphere. In one dimension optimal transport between two samples of equal
/// size n is the sorted matching, so Wₚᵖ = (1/n) Σᵢ |a₍ᵢ₎ − b₍ᵢ₎|ᵖ for the sorted projections a and b; this is why
/// the samples must have the same size. The integral is estimated by the mean over L directions θₗ = zₗ/‖zₗ‖,
/// zₗ ~ N(0, I), which are uniform on the sphere (Muller 1959).
/// </para>
/// <para>
/// Example: for a pure shift y = x + Δ every projection is shifted by θᵀΔ, so Wₚᵖ = |θᵀΔ|ᵖ and for p = 2,
/// SW₂² = E[(θᵀΔ)²] = ‖Δ‖²/d. Slicing makes the distance cheap (O(L n (d + log n))) but blind to
/// differences that few directions see, which is why it shrinks by 1/d here.
/// </para>
/// </remarks>
public static class SlicedWasserstein
{
    /// <summary>The Monte Carlo estimate of SWₚ between x and y over L random directions.</summary>
    /// <param name="rng">The source of the random directions θₗ.</param>
    /// <param name="x">n ≥ 1 points of dimension d ≥ 1, one per row, finite.</param>
    /// <param name="y">n points (the same number as x) of dimension d, one per row, finite.</param>
    /// <param name="projections">The number of directions L ≥ 1.</param>
    /// <param name="p">The order p ≥ 1 of the Wasserstein distance; 2 by default.</param>
    /// <returns>
    /// ( (1/L) Σₗ (1/n) Σᵢ |a₍ᵢ₎ˡ − b₍ᵢ₎ˡ|ᵖ )^{1/p} ≥ 0 with aˡ = X θₗ and bˡ = Y θₗ sorted; in the units of the data.
    /// Square it for SW₂².
    /// </returns>
    /// <remarks>See <see cref="SlicedWasserstein"/> for the definition and the shift example.</remarks>
    /// <exception cref="ArgumentNullException">rng, x or y is null.</exception>
    /// <exception cref="ArgumentException">
    /// An empty sample, a non-finite entry, or y with a different dimension or number of rows than x (ParamName "y");
    /// p not finite.
    /// </exception>
    /// <exception cref="ArgumentOutOfRangeException">L &lt; 1 or p &lt; 1.</exception>
    public static double Distance(Random rng, Matrix<double> x, Matrix<double> y, int projections, double p = 2)
    {
        Guard.NotNull(rng, nameof(rng));
        TwoSamples.Check(x, y, 1);
        if (y.RowCount != x.RowCount)
            throw new ArgumentException(
                $"y has {y.RowCount} rows but x has {x.RowCount}; the sorted matching needs samples of equal size.", nameof(y));
        Guard.Positive(projections, nameof(projections));
        Guard.Finite(p, nameof(p));
        if (p < 1)
            throw new ArgumentOutOfRangeException(nameof(p), p, "p must be ≥ 1 (Wasserstein-p is a distance only for p ≥ 1).");
        var directions = RandomDirections(rng, projections, x.ColumnCount).Transpose(); // (d, L)
        var a = x * directions; // (n, L)
        var b = y * directions; // (n, L)
        double total = 0;
        for (int l = 0; l < projections; l++)
            total += SortedCost(a.Column(l).ToArray(), b.Column(l).ToArray(), p);
        return Math.Pow(total / projections, 1 / p);
    }

    // (1/n) Σᵢ |a₍ᵢ₎ − b₍ᵢ₎|ᵖ: the one-dimensional Wₚᵖ between two samples of equal size.
    private static double SortedCost(double[] a, double[] b, double p)
    {
        Array.Sort(a);
        Array.Sort(b);
        double sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            double gap = Math.Abs(a[i] - b[i]);
            sum += p == 2 ? gap * gap : Math.Pow(gap, p);
        }
        return sum / a.Length;
    }

    private static Matrix<double> RandomDirections(Random rng, int count, int d)
    {
        var z = Gaussian.StandardNormalMatrix(rng, count, d); // (L, d)
        for (int l = 0; l < count; l++)
        {
            double norm = z.Row(l).L2Norm();
            // A zero draw has probability 0 but would divide by zero; redraw it.
            while (norm == 0)
            {
                z.SetRow(l, Gaussian.StandardNormalMatrix(rng, 1, d).Row(0));
                norm = z.Row(l).L2Norm();
            }
            z.SetRow(l, z.Row(l) / norm);
        }
        return z;
    }
}
