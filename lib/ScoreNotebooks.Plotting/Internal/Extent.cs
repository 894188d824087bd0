using MathNet.Numerics.LinearAlgebra;

namespace ScoreNotebooks.Plotting.Internal;

/// <summary>
/// Axis ranges that contain everything drawn. Figures fix their ranges (instead of letting
/// plotly.js autorange) so that panels in a row can share them exactly and aspect stays equal.
/// </summary>
internal static class Extent
{
    private const double PadFraction = 0.04;

    public static (double[] X, double[] Y) OfArrows(IReadOnlyList<Arrow> arrows, DensityBackground? background)
    {
        var box = Box.Empty;
        foreach (var a in arrows)
            box = box.With(a.Tail).With(a.Tip).With(a.LeftBarb).With(a.RightBarb);
        return Finish(box, background);
    }

    public static (double[] X, double[] Y) OfPoints(IEnumerable<Matrix<double>> sets, DensityBackground? background)
    {
        var box = Box.Empty;
        foreach (var set in sets)
        {
            for (int i = 0; i < set.RowCount; i++)
                box = box.With((set[i, 0], set[i, 1]));
        }
        return Finish(box, background);
    }

    private static (double[] X, double[] Y) Finish(Box box, DensityBackground? background)
    {
        if (background is not null)
        {
            var g = background.Grid;
            box = box.With((g.XMin, g.YMin)).With((g.XMax, g.YMax));
            // The background grid is chosen by the reader to frame the figure: pad only what sticks out.
            return (Padded(box.XMin, box.XMax, g.XMin, g.XMax), Padded(box.YMin, box.YMax, g.YMin, g.YMax));
        }
        return (Padded(box.XMin, box.XMax, double.NaN, double.NaN), Padded(box.YMin, box.YMax, double.NaN, double.NaN));
    }

    private static double[] Padded(double min, double max, double frameMin, double frameMax)
    {
        double span = max - min;
        double pad = span > 0 ? PadFraction * span : 0.5 + 0.05 * Math.Abs(min);
        double lo = min == frameMin ? min : min - pad;
        double hi = max == frameMax ? max : max + pad;
        return [lo, hi];
    }

    private readonly record struct Box(double XMin, double XMax, double YMin, double YMax)
    {
        public static Box Empty => new(double.PositiveInfinity, double.NegativeInfinity, double.PositiveInfinity, double.NegativeInfinity);

        public Box With((double X, double Y) p) =>
            new(Math.Min(XMin, p.X), Math.Max(XMax, p.X), Math.Min(YMin, p.Y), Math.Max(YMax, p.Y));
    }
}
