using MathNet.Numerics.LinearAlgebra;
using ScoreNotebooks.Plotting.Internal;

namespace ScoreNotebooks.Plotting;

/// <summary>
/// A regular grid on the rectangle [xMin, xMax] × [yMin, yMax] with nx × ny nodes, on which
/// densities and score fields are evaluated. Immutable.
/// </summary>
/// <remarks>
/// Node (i, j) sits at xᵢ = xMin + i·(xMax − xMin)/(nx − 1), yⱼ = yMin + j·(yMax − yMin)/(ny − 1),
/// for 0 ≤ i &lt; nx and 0 ≤ j &lt; ny; both ends are nodes. Values are laid out row by row in
/// y, as plotly.js expects of a heat map: z[j][i] = f(xᵢ, yⱼ).
/// </remarks>
public sealed class Grid2D
{
    private readonly double[] xs;
    private readonly double[] ys;
    private readonly IReadOnlyList<double> xView;
    private readonly IReadOnlyList<double> yView;

    /// <summary>A square-celled grid with the same number of nodes on both axes.</summary>
    /// <param name="xMin">Left edge, finite, &lt; xMax.</param>
    /// <param name="xMax">Right edge, finite.</param>
    /// <param name="yMin">Bottom edge, finite, &lt; yMax.</param>
    /// <param name="yMax">Top edge, finite.</param>
    /// <param name="resolution">Nodes per axis, ≥ 2.</param>
    /// <exception cref="ArgumentException">A non-finite edge, or min ≥ max on an axis.</exception>
    /// <exception cref="ArgumentOutOfRangeException">resolution &lt; 2.</exception>
    public Grid2D(double xMin, double xMax, double yMin, double yMax, int resolution)
        : this(xMin, xMax, yMin, yMax, resolution, resolution, nameof(resolution), nameof(resolution))
    {
    }

    /// <summary>A grid with its own number of nodes on each axis.</summary>
    /// <param name="xMin">Left edge, finite, &lt; xMax.</param>
    /// <param name="xMax">Right edge, finite.</param>
    /// <param name="yMin">Bottom edge, finite, &lt; yMax.</param>
    /// <param name="yMax">Top edge, finite.</param>
    /// <param name="xResolution">Nodes along x, ≥ 2.</param>
    /// <param name="yResolution">Nodes along y, ≥ 2.</param>
    /// <exception cref="ArgumentException">A non-finite edge, or min ≥ max on an axis.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A resolution &lt; 2.</exception>
    public Grid2D(double xMin, double xMax, double yMin, double yMax, int xResolution, int yResolution)
        : this(xMin, xMax, yMin, yMax, xResolution, yResolution, nameof(xResolution), nameof(yResolution))
    {
    }

    private Grid2D(double xMin, double xMax, double yMin, double yMax, int nx, int ny, string nxName, string nyName)
    {
        Check.Range(xMin, xMax, nameof(xMin), nameof(xMax));
        Check.Range(yMin, yMax, nameof(yMin), nameof(yMax));
        Check.AtLeast(nx, 2, nxName);
        Check.AtLeast(ny, 2, nyName);
        (XMin, XMax, YMin, YMax) = (xMin, xMax, yMin, yMax);
        xs = Nodes(xMin, xMax, nx);
        ys = Nodes(yMin, yMax, ny);
        (xView, yView) = (Array.AsReadOnly(xs), Array.AsReadOnly(ys));
    }

    /// <summary>The square grid [min, max]² with <paramref name="resolution"/> nodes per axis.</summary>
    /// <param name="min">Lower edge on both axes, finite, &lt; max.</param>
    /// <param name="max">Upper edge on both axes, finite.</param>
    /// <param name="resolution">Nodes per axis, ≥ 2.</param>
    /// <exception cref="ArgumentException">A non-finite edge, or min ≥ max.</exception>
    /// <exception cref="ArgumentOutOfRangeException">resolution &lt; 2.</exception>
    public static Grid2D Square(double min, double max, int resolution)
    {
        Check.Range(min, max, nameof(min), nameof(max));
        return new Grid2D(min, max, min, max, resolution);
    }

    /// <summary>Left edge of the grid.</summary>
    public double XMin { get; }

    /// <summary>Right edge of the grid, &gt; <see cref="XMin"/>.</summary>
    public double XMax { get; }

    /// <summary>Bottom edge of the grid.</summary>
    public double YMin { get; }

    /// <summary>Top edge of the grid, &gt; <see cref="YMin"/>.</summary>
    public double YMax { get; }

    /// <summary>The node coordinates xᵢ along x, ascending (nx ≥ 2 entries).</summary>
    public IReadOnlyList<double> X => xView;

    /// <summary>The node coordinates yⱼ along y, ascending (ny ≥ 2 entries).</summary>
    public IReadOnlyList<double> Y => yView;

    /// <summary>The number of nodes nx · ny.</summary>
    public int Count => xs.Length * ys.Length;

    /// <summary>The node spacing (Δx, Δy), both &gt; 0.</summary>
    public (double Dx, double Dy) Spacing => ((XMax - XMin) / (xs.Length - 1), (YMax - YMin) / (ys.Length - 1));

    /// <summary>Evaluates f at every node, row by row in y: z[j][i] = f(xᵢ, yⱼ).</summary>
    /// <param name="f">The function of (x, y); its values are returned as they are, NaN included.</param>
    /// <returns>A jagged array of ny rows of nx values.</returns>
    /// <exception cref="ArgumentNullException">f is null.</exception>
    public double[][] Evaluate(Func<double, double, double> f)
    {
        Check.NotNull(f, nameof(f));
        var z = new double[ys.Length][];
        for (int j = 0; j < ys.Length; j++)
        {
            z[j] = new double[xs.Length];
            for (int i = 0; i < xs.Length; i++)
                z[j][i] = f(xs[i], ys[j]);
        }
        return z;
    }

    /// <summary>The nodes as an (nx·ny) × 2 matrix, one point per row, x varying fastest.</summary>
    /// <remarks>Row k is node (i, j) with k = j·nx + i, the order of <see cref="Evaluate"/> flattened.</remarks>
    public Matrix<double> Points()
    {
        var points = Matrix<double>.Build.Dense(Count, 2);
        for (int j = 0; j < ys.Length; j++)
        {
            for (int i = 0; i < xs.Length; i++)
            {
                points[j * xs.Length + i, 0] = xs[i];
                points[j * xs.Length + i, 1] = ys[j];
            }
        }
        return points;
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"[{XMin:G4}, {XMax:G4}] × [{YMin:G4}, {YMax:G4}], {xs.Length} × {ys.Length} nodes";

    private static double[] Nodes(double min, double max, int n)
    {
        var nodes = new double[n];
        for (int i = 0; i < n; i++)
            nodes[i] = min + i * (max - min) / (n - 1);
        // The last node is the edge itself, free of rounding in i·h.
        nodes[n - 1] = max;
        return nodes;
    }
}
