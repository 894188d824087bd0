using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Statistics;
using ScoreNotebooks.Plotting.Internal;

namespace ScoreNotebooks.Plotting;

/// <summary>
/// The geometry of arrows for a vector field: plotly.js has no arrow trace, so each arrow is a
/// shaft and two barbs, computed here in data coordinates.
/// </summary>
public static class ArrowGeometry
{
    /// <summary>
    /// Arrows for the vectors sₖ attached at the points pₖ, one per row whose vector is finite.
    /// </summary>
    /// <param name="points">n × 2 matrix of tails pₖ, one per row, finite, n ≥ 1.</param>
    /// <param name="vectors">n × 2 matrix of vectors sₖ; rows with a NaN or infinite entry
    /// (a field undefined there) are skipped, but at least one row must be finite.</param>
    /// <param name="options">Scaling and head shape; see <see cref="ArrowOptions"/> for the formulas.</param>
    /// <param name="maxLength">The maximum length L &gt; 0 in data units; used when
    /// <see cref="ArrowOptions.MaxLength"/> is null.</param>
    /// <returns>The arrows in row order, each with the row <see cref="Arrow.Index"/> it draws.</returns>
    /// <remarks>
    /// Tip = p + ℓ·u with u = s/|s| and ℓ = L·min(1, g(|s|)/r) (<see cref="ArrowOptions"/>); the barbs end at
    /// Tip − h·R(±θ)·u with h = <see cref="ArrowOptions.HeadFraction"/>·ℓ and R the rotation by ±θ.
    /// If every g(|sₖ|) is 0 (or the reference r is 0), every arrow has length 0.
    /// </remarks>
    /// <exception cref="ArgumentNullException">points, vectors or options is null.</exception>
    /// <exception cref="ArgumentException">points empty, not n × 2 or not finite; vectors of another shape;
    /// no finite vector; maxLength not finite and &gt; 0.</exception>
    public static IReadOnlyList<Arrow> Build(Matrix<double> points, Matrix<double> vectors, ArrowOptions options, double maxLength)
    {
        Check.Points(points, nameof(points));
        Check.NotNull(vectors, nameof(vectors));
        Check.NotNull(options, nameof(options));
        Check.Positive(maxLength, nameof(maxLength));
        if (vectors.RowCount != points.RowCount || vectors.ColumnCount != 2)
            throw new ArgumentException(
                $"vectors is {vectors.RowCount} × {vectors.ColumnCount} but points is {points.RowCount} × 2; they must have the same shape.",
                nameof(vectors));

        var rows = Enumerable.Range(0, vectors.RowCount)
            .Where(k => double.IsFinite(vectors[k, 0]) && double.IsFinite(vectors[k, 1])).ToArray();
        if (rows.Length == 0)
            throw new ArgumentException("vectors has no finite row, so there is no arrow to draw.", nameof(vectors));

        var magnitudes = rows.Select(k => Hypot(vectors[k, 0], vectors[k, 1])).ToArray();
        var scaled = magnitudes.Select(m => Scale(m, options.Scaling)).ToArray();
        double reference = options.ReferenceQuantile == 1 ? scaled.Max() : scaled.Quantile(options.ReferenceQuantile);
        double length = options.MaxLength ?? maxLength;

        var arrows = new Arrow[rows.Length];
        for (int a = 0; a < rows.Length; a++)
        {
            int k = rows[a];
            double ell = reference > 0 ? length * Math.Min(1, scaled[a] / reference) : 0;
            arrows[a] = Draw(k, (points[k, 0], points[k, 1]), (vectors[k, 0], vectors[k, 1]), magnitudes[a], ell, options);
        }
        return arrows;
    }

    private static Arrow Draw(int index, (double X, double Y) tail, (double X, double Y) s, double magnitude, double ell, ArrowOptions options)
    {
        if (magnitude == 0 || ell == 0)
            return new Arrow(index, tail, tail, tail, tail, magnitude);
        var (ux, uy) = (s.X / magnitude, s.Y / magnitude);
        var tip = (tail.X + ell * ux, tail.Y + ell * uy);
        double h = options.HeadFraction * ell;
        double theta = options.HeadAngleDegrees * Math.PI / 180;
        var (c, sn) = (Math.Cos(theta), Math.Sin(theta));
        // Barbs point back along −u, turned by ±θ.
        var left = (tip.Item1 - h * (c * ux - sn * uy), tip.Item2 - h * (sn * ux + c * uy));
        var right = (tip.Item1 - h * (c * ux + sn * uy), tip.Item2 - h * (-sn * ux + c * uy));
        return new Arrow(index, tail, tip, left, right, magnitude);
    }

    private static double Scale(double magnitude, ArrowScaling scaling) => scaling switch
    {
        ArrowScaling.Linear => magnitude,
        ArrowScaling.Log => Math.Log(1 + magnitude),
        ArrowScaling.Unit => magnitude > 0 ? 1 : 0,
        _ => throw new ArgumentOutOfRangeException(nameof(scaling), scaling, "Unknown arrow scaling."),
    };

    // Hypot avoids overflow of x² + y² for the huge scores far out in a Gaussian's tail.
    private static double Hypot(double x, double y)
    {
        double ax = Math.Abs(x), ay = Math.Abs(y);
        double big = Math.Max(ax, ay), small = Math.Min(ax, ay);
        if (big == 0)
            return 0;
        double r = small / big;
        return big * Math.Sqrt(1 + r * r);
    }
}
