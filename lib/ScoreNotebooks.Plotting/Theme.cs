using System.Globalization;

namespace ScoreNotebooks.Plotting;

/// <summary>
/// The one look shared by every figure of the series: font, white background, margins,
/// a colour-blind-safe palette for lines and sample sets, and the Viridis scale for
/// magnitudes (heat maps, arrow colours). Every builder applies it; nothing else styles figures.
/// </summary>
/// <remarks>
/// The palette is Okabe &amp; Ito's eight colours (2008), distinguishable under the common
/// colour-vision deficiencies. Viridis (van der Walt &amp; Smith, 2015) is perceptually
/// uniform, so equal steps in a magnitude look like equal steps in colour.
/// </remarks>
public static class Theme
{
    private static readonly string[] PaletteColors =
        ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000"];

    // Viridis sampled at t = 0, 1/8, …, 1; colours between stops are interpolated in RGB.
    private static readonly string[] ViridisStops =
        ["#440154", "#472d7b", "#3b528b", "#2c728e", "#21918c", "#28ae80", "#5ec962", "#addc30", "#fde725"];

    /// <summary>The font family of every text element.</summary>
    public const string FontFamily = "Helvetica Neue, Helvetica, Arial, sans-serif";

    /// <summary>The base font size in pixels (titles are larger by <see cref="TitleFontSize"/>).</summary>
    public const int FontSize = 13;

    /// <summary>The font size of figure titles in pixels.</summary>
    public const int TitleFontSize = 16;

    /// <summary>The paper and plot background colour.</summary>
    public const string Background = "white";

    /// <summary>The colour of text, axis lines, single-colour arrows and reference lines.</summary>
    public const string Ink = "#222222";

    /// <summary>The colour of grid lines.</summary>
    public const string GridColor = "#e8e8e8";

    /// <summary>The name of the continuous colour scale used for heat maps and magnitudes.</summary>
    public const string ColorScale = "Viridis";

    /// <summary>The side in pixels of a square 2D field figure (density, score field, samples).</summary>
    public const int FieldSize = 540;

    /// <summary>The width in pixels of a curve figure.</summary>
    public const int CurveWidth = 700;

    /// <summary>The height in pixels of a curve figure.</summary>
    public const int CurveHeight = 440;

    /// <summary>
    /// The widest a figure is, in pixels: it fits the output column of a notebook page (about 980 px in
    /// Jupyter Notebook, JupyterLab and VS Code) without being cut off.
    /// </summary>
    public const int MaxWidth = 960;

    /// <summary>The categorical palette (Okabe–Ito), in the order series are coloured.</summary>
    public static IReadOnlyList<string> Palette { get; } = Array.AsReadOnly(PaletteColors);

    /// <summary>The palette colour of series <paramref name="index"/>, cycling after eight.</summary>
    /// <param name="index">The series index, ≥ 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">index &lt; 0.</exception>
    public static string PaletteColor(int index)
    {
        if (index < 0)
            throw new ArgumentOutOfRangeException(nameof(index), index, "index must be ≥ 0.");
        return PaletteColors[index % PaletteColors.Length];
    }

    /// <summary>The Viridis colour at position <paramref name="t"/> as "#rrggbb".</summary>
    /// <param name="t">The position on the scale, 0 ≤ t ≤ 1 (0 is dark purple, 1 is yellow).</param>
    /// <remarks>Linear interpolation in RGB between nine samples of Viridis.</remarks>
    /// <exception cref="ArgumentOutOfRangeException">t outside [0, 1] or not a number.</exception>
    public static string ScaleColor(double t)
    {
        if (!(t >= 0 && t <= 1))
            throw new ArgumentOutOfRangeException(nameof(t), t, "t must lie in [0, 1].");
        double position = t * (ViridisStops.Length - 1);
        int lower = Math.Min((int)Math.Floor(position), ViridisStops.Length - 2);
        double w = position - lower;
        var (r0, g0, b0) = Rgb(ViridisStops[lower]);
        var (r1, g1, b1) = Rgb(ViridisStops[lower + 1]);
        return string.Create(CultureInfo.InvariantCulture,
            $"#{Mix(r0, r1, w):x2}{Mix(g0, g1, w):x2}{Mix(b0, b1, w):x2}");
    }

    private static int Mix(int a, int b, double w) => (int)Math.Round(a + (b - a) * w);

    private static (int R, int G, int B) Rgb(string hex) =>
        (Convert.ToInt32(hex.Substring(1, 2), 16), Convert.ToInt32(hex.Substring(3, 2), 16), Convert.ToInt32(hex.Substring(5, 2), 16));
}
