using MathNet.Numerics.LinearAlgebra;
using Plotly.NET;
using ScoreNotebooks.Plotting.Internal;

namespace ScoreNotebooks.Plotting;

/// <summary>Figures of vector fields, above all the score s(x) = ∇ₓ log p(x), drawn as arrows.</summary>
public static class ScoreFieldFigures
{
    /// <summary>
    /// The score field evaluated at every node of <paramref name="grid"/>, drawn as arrows,
    /// optionally over grey density contours, with equal aspect ratio.
    /// </summary>
    /// <param name="grid">The arrow grid; coarse (15–25 nodes per axis) keeps arrows legible.</param>
    /// <param name="score">s(x) for a 2D point x; must return a 2-vector. Non-finite values are
    /// allowed (no arrow there) as long as one node gets a finite score.</param>
    /// <param name="arrows">Arrow scaling, head and colour; defaults to <c>new ArrowOptions()</c>
    /// with a maximum length of 0.9 × the smaller grid spacing.</param>
    /// <param name="background">Density contours to draw underneath, or null.</param>
    /// <param name="title">Figure title, non-empty.</param>
    /// <param name="xTitle">x-axis label, non-empty.</param>
    /// <param name="yTitle">y-axis label, non-empty.</param>
    /// <remarks>The number of drawn arrows equals the number of nodes with a finite score.</remarks>
    /// <exception cref="ArgumentNullException">grid, score or a title is null.</exception>
    /// <exception cref="ArgumentException">score returns null or not a 2-vector; no node has a finite
    /// score; the background's log-density is NaN or +∞; an empty title.</exception>
    public static GenericChart ScoreField(
        Grid2D grid,
        Func<Vector<double>, Vector<double>> score,
        ArrowOptions? arrows = null,
        DensityBackground? background = null,
        string title = "Score field s(x) = ∇ₓ log p(x)",
        string xTitle = "x₁",
        string yTitle = "x₂")
    {
        Check.NotNull(grid, nameof(grid));
        Check.NotNull(score, nameof(score));
        var points = grid.Points();
        var vectors = Matrix<double>.Build.Dense(points.RowCount, 2);
        for (int k = 0; k < points.RowCount; k++)
        {
            var s = score(points.Row(k));
            if (s is null || s.Count != 2)
                throw new ArgumentException(
                    $"score returned {(s is null ? "null" : $"a vector of dimension {s.Count}")} at ({points[k, 0]}, {points[k, 1]}); expected a 2-vector.",
                    nameof(score));
            vectors.SetRow(k, s);
        }
        if (!vectors.EnumerateRows().Any(v => double.IsFinite(v[0]) && double.IsFinite(v[1])))
            throw new ArgumentException($"score is not finite at any of the {grid.Count} grid nodes, so there is no arrow to draw.", nameof(score));
        var (dx, dy) = grid.Spacing;
        return Arrows(points, vectors, arrows, background, title, xTitle, yTitle, 0.9 * Math.Min(dx, dy));
    }

    /// <summary>
    /// Arrows for vectors sₖ attached at points pₖ (any layout of points, e.g. data points),
    /// optionally over grey density contours, with equal aspect ratio.
    /// </summary>
    /// <param name="points">n × 2 tails, one per row, finite, n ≥ 1.</param>
    /// <param name="vectors">n × 2 vectors; rows with NaN or ±∞ are skipped, at least one must be finite.</param>
    /// <param name="arrows">Arrow scaling, head and colour; defaults to <c>new ArrowOptions()</c> with a
    /// maximum length of 0.9 × s/√n, s the larger side of the points' bounding box (1 if it is a point).</param>
    /// <param name="background">Density contours to draw underneath, or null.</param>
    /// <param name="title">Figure title, non-empty.</param>
    /// <param name="xTitle">x-axis label, non-empty.</param>
    /// <param name="yTitle">y-axis label, non-empty.</param>
    /// <exception cref="ArgumentNullException">points, vectors or a title is null.</exception>
    /// <exception cref="ArgumentException">Empty, non-finite or mis-shaped points; vectors of another shape or
    /// with no finite row; the background's log-density is NaN or +∞; an empty title.</exception>
    public static GenericChart Arrows(
        Matrix<double> points,
        Matrix<double> vectors,
        ArrowOptions? arrows = null,
        DensityBackground? background = null,
        string title = "Vector field",
        string xTitle = "x₁",
        string yTitle = "x₂")
    {
        Check.Points(points, nameof(points));
        double xSpan = points.Column(0).Maximum() - points.Column(0).Minimum();
        double ySpan = points.Column(1).Maximum() - points.Column(1).Minimum();
        double span = Math.Max(xSpan, ySpan);
        double typical = span > 0 ? span / Math.Sqrt(points.RowCount) : 1;
        return Arrows(points, vectors, arrows, background, title, xTitle, yTitle, 0.9 * typical);
    }

    private static GenericChart Arrows(
        Matrix<double> points, Matrix<double> vectors, ArrowOptions? arrows, DensityBackground? background,
        string title, string xTitle, string yTitle, double defaultLength)
    {
        var options = arrows ?? new ArrowOptions();
        var layout = Styled.NewLayout(Check.Text(title, nameof(title)), Theme.FieldSize, Theme.FieldSize);
        Check.Text(xTitle, nameof(xTitle));
        Check.Text(yTitle, nameof(yTitle));
        var drawn = ArrowGeometry.Build(points, vectors, options, defaultLength);

        var traces = new List<Trace>();
        if (background is not null)
            traces.Add(DensityTraces.Background(background, nameof(background)));
        traces.AddRange(ArrowTraces.Create(drawn, options));

        var (xRange, yRange) = Extent.OfArrows(drawn, background);
        Styled.SetFieldAxes(layout, xTitle, yTitle, xRange, yRange);
        return Styled.Chart(traces, layout);
    }
}
