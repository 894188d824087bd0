using MathNet.Numerics.LinearAlgebra;
using Plotly.NET;
using ScoreNotebooks.Plotting.Internal;
using static ScoreNotebooks.Plotting.Internal.Styled;
using DynObj = DynamicObj.DynamicObj;

namespace ScoreNotebooks.Plotting;

/// <summary>
/// Small grey-scale images (8×8 digits, a denoising strip of one image) laid out in a grid, so a reader
/// sees samples beside real data at a glance.
/// </summary>
/// <remarks>
/// The grid is one heat-map trace: image r of row k fills a side × side block, blocks are separated by a
/// one-pixel gap left empty (drawn in the background colour), the top row of an image is drawn at the top,
/// and one data unit is one pixel on screen in both directions. Values map linearly from white at
/// <c>min</c> to black at <c>max</c>, as ink on paper; values outside [min, max] are drawn at the nearer end.
/// </remarks>
public static class ImageFigures
{
    private const int LeftForTitles = 110, Margin = 24, Top = 64, Bottom = 24;

    /// <summary>The largest a pixel of an image is drawn, in screen pixels.</summary>
    public const int MaxPixelSize = 12;

    /// <summary>Draws the images in rows of <paramref name="columns"/>, row-major from the top left.</summary>
    /// <param name="images">One image per row, its side² pixel values row by row from the top; at least one row; finite.</param>
    /// <param name="side">The side of an image in pixels, ≥ 1; images.ColumnCount must be side².</param>
    /// <param name="columns">Images per grid row, ≥ 1.</param>
    /// <param name="title">The figure's title, non-empty.</param>
    /// <param name="min">The value drawn white.</param>
    /// <param name="max">The value drawn black, &gt; min.</param>
    /// <param name="rowTitles">Null, or one non-empty label per grid row (⌈rows / columns⌉), written left of the row.</param>
    /// <param name="columnTitles">Null, or one non-empty label per grid column, written above the column.</param>
    /// <returns>The figure, at most <see cref="Theme.MaxWidth"/> wide.</returns>
    /// <exception cref="ArgumentNullException">images or title is null.</exception>
    /// <exception cref="ArgumentException">The images are empty, not side² wide or hold a value that is not finite; min or max not finite
    /// or max ≤ min; an empty title; labels of the wrong count or empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException">side or columns &lt; 1.</exception>
    public static GenericChart Grid(
        Matrix<double> images, int side, int columns, string title, double min, double max,
        IReadOnlyList<string>? rowTitles = null, IReadOnlyList<string>? columnTitles = null)
    {
        Check.NotNull(images, nameof(images));
        Check.AtLeast(side, 1, nameof(side));
        Check.AtLeast(columns, 1, nameof(columns));
        Check.Text(title, nameof(title));
        Check.Range(min, max, nameof(min), nameof(max));
        if (images.RowCount == 0)
            throw new ArgumentException("images holds no image; give at least one row.", nameof(images));
        if (images.ColumnCount != side * side)
            throw new ArgumentException(
                $"images has {images.ColumnCount} columns; an image of side {side} has side² = {side * side} pixels.", nameof(images));
        for (int i = 0; i < images.RowCount; i++)
        {
            for (int p = 0; p < images.ColumnCount; p++)
            {
                if (!double.IsFinite(images[i, p]))
                    throw new ArgumentException($"images[{i}, {p}] is {images[i, p]}; every pixel must be finite.", nameof(images));
            }
        }

        int count = images.RowCount, gridColumns = Math.Min(columns, count), gridRows = (count + columns - 1) / columns;
        Labels(rowTitles, gridRows, nameof(rowTitles), "grid row");
        Labels(columnTitles, gridColumns, nameof(columnTitles), "grid column");

        int block = side + 1, widthCells = gridColumns * block - 1, heightCells = gridRows * block - 1;
        var z = new double?[heightCells][];
        for (int r = 0; r < heightCells; r++) z[r] = new double?[widthCells];
        for (int i = 0; i < count; i++)
        {
            int top = i / columns * block, left = i % columns * block;
            for (int y = 0; y < side; y++)
            {
                for (int x = 0; x < side; x++)
                    z[top + y][left + x] = Math.Clamp(images[i, y * side + x], min, max);
            }
        }

        int marginLeft = rowTitles is null ? Margin : LeftForTitles;
        int marginTop = Top + (columnTitles is null ? 0 : 22);
        int pixel = Math.Clamp((Theme.MaxWidth - marginLeft - Margin) / widthCells, 1, MaxPixelSize);
        int width = Math.Max(marginLeft + Margin + pixel * widthCells, 320), height = marginTop + Bottom + pixel * heightCells;

        var trace = new Trace("heatmap");
        trace.SetProperty("name", title);
        trace.SetProperty("z", z);
        trace.SetProperty("zmin", min);
        trace.SetProperty("zmax", max);
        trace.SetProperty("colorscale", new object[] { new object[] { 0.0, "#ffffff" }, new object[] { 1.0, "#000000" } });
        trace.SetProperty("showscale", false);
        trace.SetProperty("hoverongaps", false);
        trace.SetProperty("xgap", 0);
        trace.SetProperty("ygap", 0);

        var layout = NewLayout(title, width, height);
        layout.SetProperty("margin", Obj(("l", marginLeft), ("r", Margin), ("t", marginTop), ("b", Bottom)));
        layout.SetProperty("xaxis", HiddenAxis([-0.5, widthCells - 0.5]));
        var yAxis = HiddenAxis([heightCells - 0.5, -0.5]);
        yAxis.SetProperty("scaleanchor", "x");
        yAxis.SetProperty("scaleratio", 1);
        layout.SetProperty("yaxis", yAxis);

        var annotations = new List<DynObj>();
        for (int k = 0; k < (rowTitles?.Count ?? 0); k++)
        {
            annotations.Add(Obj(("text", rowTitles![k]), ("x", 0.0), ("xref", "paper"), ("xanchor", "right"), ("xshift", -8),
                ("y", k * block + (side - 1) / 2.0), ("yref", "y"), ("yanchor", "middle"), ("showarrow", false)));
        }
        for (int c = 0; c < (columnTitles?.Count ?? 0); c++)
        {
            annotations.Add(Obj(("text", columnTitles![c]), ("x", c * block + (side - 1) / 2.0), ("xref", "x"), ("xanchor", "center"),
                ("y", 1.0), ("yref", "paper"), ("yanchor", "bottom"), ("yshift", 4), ("showarrow", false)));
        }
        if (annotations.Count > 0) layout.SetProperty("annotations", annotations.ToArray());
        return Chart([trace], layout);
    }

    private static DynObj HiddenAxis(double[] range) =>
        Obj(("range", range), ("showgrid", false), ("zeroline", false), ("showticklabels", false), ("ticks", ""),
            ("showline", false), ("fixedrange", true), ("constrain", "domain"));

    private static void Labels(IReadOnlyList<string>? labels, int expected, string paramName, string what)
    {
        if (labels is null) return;
        if (labels.Count != expected)
            throw new ArgumentException($"{paramName} has {labels.Count} entries; the grid has {expected} {what}s, one label each.", paramName);
        for (int k = 0; k < labels.Count; k++)
            Check.Text(labels[k], paramName, $"{paramName}[{k}]");
    }
}
