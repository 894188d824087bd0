using System.Globalization;
using Plotly.NET;
using DynObj = DynamicObj.DynamicObj;
using ScoreNotebooks.Divergences;
using ScoreNotebooks.Plotting.Internal;
using static ScoreNotebooks.Plotting.Internal.Styled;

namespace ScoreNotebooks.Plotting;

/// <summary>
/// Figures of curves: y against x for one or more series, Monte Carlo estimates with a shaded
/// ± z standard-error band and an exact reference line, and normalised histograms.
/// </summary>
public static class CurveFigures
{
    /// <summary>One curve y(x).</summary>
    /// <param name="x">The abscissae, non-empty, finite (&gt; 0 when <paramref name="logX"/>).</param>
    /// <param name="y">The ordinates, as many as x, finite (&gt; 0 when <paramref name="logY"/>).</param>
    /// <param name="title">Figure title, non-empty.</param>
    /// <param name="xTitle">x-axis label, non-empty.</param>
    /// <param name="yTitle">y-axis label, non-empty.</param>
    /// <param name="name">Legend name of the curve, non-empty.</param>
    /// <param name="logX">Log-scale x axis.</param>
    /// <param name="logY">Log-scale y axis.</param>
    /// <param name="markers">Mark every point as well as joining them.</param>
    /// <exception cref="ArgumentNullException">x, y or a label is null.</exception>
    /// <exception cref="ArgumentException">Empty or non-finite values, mismatched lengths, a value ≤ 0 on a
    /// log axis, or an empty label.</exception>
    public static GenericChart Line(
        double[] x, double[] y, string title, string xTitle, string yTitle,
        string name = "y", bool logX = false, bool logY = false, bool markers = false) =>
        Lines(x, [(name, y)], title, xTitle, yTitle, logX, logY, markers);

    /// <summary>Several curves over the same abscissae, one palette colour each, with a legend.</summary>
    /// <param name="x">The abscissae, non-empty, finite (&gt; 0 when <paramref name="logX"/>).</param>
    /// <param name="series">The curves as (legend name, ordinates); at least one; each as long as x, finite.</param>
    /// <param name="title">Figure title, non-empty.</param>
    /// <param name="xTitle">x-axis label, non-empty.</param>
    /// <param name="yTitle">y-axis label, non-empty.</param>
    /// <param name="logX">Log-scale x axis.</param>
    /// <param name="logY">Log-scale y axis.</param>
    /// <param name="markers">Mark every point as well as joining them.</param>
    /// <param name="reference">A constant to mark (a floor, a threshold) as a dashed line across the plot,
    /// finite, or null for none; needs a linear y axis.</param>
    /// <param name="referenceName">Label of the reference line, non-empty; its value is appended.</param>
    /// <returns>A chart with one line trace per series, in order; the reference line is a layout shape,
    /// not a trace.</returns>
    /// <remarks>
    /// A log axis labels whole values only, with exponents written as powers (10⁻⁶, never 1µ): powers
    /// of ten when the data span two decades or more (unlabelled minor ticks at 2…9 × 10ᵏ), otherwise
    /// 1, 2, 5 × 10ᵏ, or 1…9 × 10ᵏ over less than a decade.
    /// </remarks>
    /// <exception cref="ArgumentNullException">x, series or a label is null.</exception>
    /// <exception cref="ArgumentException">series empty; empty or non-finite values; mismatched lengths;
    /// a value ≤ 0 on a log axis; an empty name or label; a non-finite reference, or a reference with
    /// <paramref name="logY"/>.</exception>
    public static GenericChart Lines(
        double[] x, IReadOnlyList<(string Name, double[] Y)> series, string title, string xTitle, string yTitle,
        bool logX = false, bool logY = false, bool markers = false, double? reference = null, string referenceName = "reference")
    {
        Check.Text(referenceName, nameof(referenceName));
        if (reference is double r)
        {
            Check.Finite(r, nameof(reference));
            if (logY)
                throw new ArgumentException("A reference line is drawn on a linear y axis; logY is set.", nameof(reference));
        }
        Positive(Check.Values(x, nameof(x)), logX, nameof(x));
        Check.NotNull(series, nameof(series));
        if (series.Count == 0)
            throw new ArgumentException("series is empty; at least one curve is needed.", nameof(series));
        var layout = CurveLayout(title, xTitle, yTitle, logX, logY);
        var traces = new List<Trace>();
        for (int s = 0; s < series.Count; s++)
        {
            string label = $"{nameof(series)}[{s}]";
            Check.Values(series[s].Y, x.Length, nameof(series), nameof(x), label + ".Y");
            traces.Add(SeriesTrace(series[s].Name, x, series[s].Y, s, logY, markers));
        }
        if (logX)
            LogTicks(AxisOf(layout, "xaxis"), x);
        if (logY)
            LogTicks(AxisOf(layout, "yaxis"), series.SelectMany(s => s.Y));
        if (reference is double exact)
        {
            ReferenceLine(layout, exact, string.Create(CultureInfo.InvariantCulture, $"{referenceName} = {exact:G4}"));
            // A lone curve beside a labelled line keeps its name in the legend.
            layout.SetProperty("showlegend", true);
        }
        return Chart(traces, layout);
    }

    /// <summary>
    /// Several curves, each over its own abscissae (e.g. the error of two solvers against the work each one
    /// did), one palette colour each, with a legend; optionally power-law guide lines y ∝ x^slope on log–log
    /// axes, to read a rate off the curves.
    /// </summary>
    /// <param name="series">The curves as (legend name, abscissae, ordinates); at least one; each x non-empty
    /// and as long as its y, all finite (&gt; 0 on a log axis).</param>
    /// <param name="title">Figure title, non-empty.</param>
    /// <param name="xTitle">x-axis label, non-empty.</param>
    /// <param name="yTitle">y-axis label, non-empty.</param>
    /// <param name="logX">Log-scale x axis.</param>
    /// <param name="logY">Log-scale y axis.</param>
    /// <param name="markers">Mark every point as well as joining them.</param>
    /// <param name="guides">Power laws to draw as thin dashed grey lines, as (slope, x, y): the line of that
    /// slope on log–log axes through the point (x, y), across the x range of all series, named "slope …" in the
    /// legend; null or empty for none. Needs logX and logY; x, y finite and &gt; 0, slope finite.</param>
    /// <returns>A chart with one line trace per series, in order, then one per guide.</returns>
    /// <remarks>Log axes label whole values only, as in <see cref="Lines"/>.</remarks>
    /// <exception cref="ArgumentNullException">series, an array or a label is null.</exception>
    /// <exception cref="ArgumentException">series empty; an empty or non-finite array, an x and y of different
    /// lengths, a value ≤ 0 on a log axis, an empty name or label; a guide without both log axes, or with a
    /// non-finite slope or a point that is not finite and &gt; 0 (ParamName "guides").</exception>
    public static GenericChart Paths(
        IReadOnlyList<(string Name, double[] X, double[] Y)> series, string title, string xTitle, string yTitle,
        bool logX = false, bool logY = false, bool markers = false,
        IReadOnlyList<(double Slope, double X, double Y)>? guides = null)
    {
        Check.NotNull(series, nameof(series));
        if (series.Count == 0)
            throw new ArgumentException("series is empty; at least one curve is needed.", nameof(series));
        var layout = CurveLayout(title, xTitle, yTitle, logX, logY);
        var traces = new List<Trace>();
        for (int s = 0; s < series.Count; s++)
        {
            string label = $"{nameof(series)}[{s}]";
            var x = Check.Values(series[s].X, nameof(series), label + ".X");
            Positive(x, logX, nameof(series), label + ".X");
            Check.Values(series[s].Y, x.Length, nameof(series), label + ".X", label + ".Y");
            traces.Add(SeriesTrace(series[s].Name, x, series[s].Y, s, logY, markers));
        }
        double xMin = series.Min(c => c.X.Min()), xMax = series.Max(c => c.X.Max());
        var guideYs = new List<double>();
        for (int k = 0; k < (guides?.Count ?? 0); k++)
        {
            var (slope, atX, atY) = guides![k];
            if (!logX || !logY)
                throw new ArgumentException("A power-law guide is a straight line on log–log axes; set logX and logY.", nameof(guides));
            if (!double.IsFinite(slope) || !double.IsFinite(atX) || !double.IsFinite(atY) || atX <= 0 || atY <= 0)
                throw new ArgumentException(
                    $"guides[{k}] is (slope {slope}, x {atX}, y {atY}); the slope must be finite and the point finite and > 0.", nameof(guides));
            double[] ends = [xMin, xMax];
            double[] ys = ends.Select(v => atY * Math.Pow(v / atX, slope)).ToArray();
            guideYs.AddRange(ys);
            var guide = Styled.Line(string.Create(CultureInfo.InvariantCulture, $"slope {slope:G3}").Replace('-', '−'),
                Nullable(ends), Nullable(ys), "#888888", 1.5, "dash");
            traces.Add(guide);
        }
        if (logX)
            LogTicks(AxisOf(layout, "xaxis"), series.SelectMany(c => c.X));
        if (logY)
            LogTicks(AxisOf(layout, "yaxis"), series.SelectMany(c => c.Y).Concat(guideYs));
        return Chart(traces, layout);
    }

    /// <summary>
    /// Estimates with a shaded band estimate ± z·(standard error) and, optionally, a horizontal
    /// line at the exact value (e.g. a Monte Carlo KL against its closed form).
    /// </summary>
    /// <param name="x">The abscissae (e.g. sample sizes), non-empty, finite (&gt; 0 when <paramref name="logX"/>).</param>
    /// <param name="estimate">The estimates t̄, as many as x, finite.</param>
    /// <param name="standardError">Their standard errors, as many as x, finite, ≥ 0.</param>
    /// <param name="title">Figure title, non-empty.</param>
    /// <param name="xTitle">x-axis label, non-empty.</param>
    /// <param name="yTitle">y-axis label, non-empty.</param>
    /// <param name="reference">The exact value to draw as a dashed horizontal line, finite, or null for none.</param>
    /// <param name="referenceName">Label of the reference line, non-empty; its value is appended.</param>
    /// <param name="z">Half-width of the band in standard errors, z &gt; 0; 2 by default.</param>
    /// <param name="estimateName">Legend name of the estimate curve, non-empty.</param>
    /// <param name="logX">Log-scale x axis.</param>
    /// <param name="spreadName">What <paramref name="standardError"/> holds, as the band's legend names it: "s.e."
    /// by default; e.g. "null s.d." when the band is a test statistic's spread under the null rather than the
    /// estimate's own standard error. Non-empty.</param>
    /// <remarks>
    /// Traces, in order: the lower edge y = t̄ − z·se (no legend entry), the upper edge y = t̄ + z·se
    /// filled down to the lower one (legend "estimate ± z spreadName"), and the estimate t̄. The reference is
    /// not a data series: it is a dashed line shape y = reference across the whole plot, labelled
    /// "referenceName = value" above its left end. A log x axis labels whole values only (see
    /// <see cref="Lines"/>).
    /// </remarks>
    /// <exception cref="ArgumentNullException">An array or a label is null.</exception>
    /// <exception cref="ArgumentException">Empty or non-finite values, mismatched lengths, a negative standard
    /// error, x ≤ 0 on a log axis, a non-finite reference, or an empty label.</exception>
    /// <exception cref="ArgumentOutOfRangeException">z ≤ 0.</exception>
    public static GenericChart Band(
        double[] x, double[] estimate, double[] standardError, string title, string xTitle, string yTitle,
        double? reference = null, string referenceName = "exact", double z = 2, string estimateName = "estimate",
        bool logX = false, string spreadName = "s.e.")
    {
        Positive(Check.Values(x, nameof(x)), logX, nameof(x));
        Check.Values(estimate, x.Length, nameof(estimate), nameof(x));
        Check.Values(standardError, x.Length, nameof(standardError), nameof(x));
        int negative = Array.FindIndex(standardError, se => se < 0);
        if (negative >= 0)
            throw new ArgumentException($"standardError[{negative}] is {standardError[negative]}; a standard error must be ≥ 0.", nameof(standardError));
        Check.Positive(z, nameof(z));
        Check.Text(estimateName, nameof(estimateName));
        Check.Text(referenceName, nameof(referenceName));
        Check.Text(spreadName, nameof(spreadName));
        if (reference is double r)
            Check.Finite(r, nameof(reference));
        var layout = CurveLayout(title, xTitle, yTitle, logX, logY: false);

        string half = string.Create(CultureInfo.InvariantCulture, $"{z:G3} {spreadName}");
        var lower = Styled.Line($"{estimateName} − {half}", Nullable(x),
            Nullable(estimate.Select((e, i) => e - z * standardError[i])), Theme.PaletteColor(0), 0);
        lower.SetProperty("showlegend", false);
        var upper = Styled.Line($"{estimateName} ± {half}", Nullable(x),
            Nullable(estimate.Select((e, i) => e + z * standardError[i])), Theme.PaletteColor(0), 0);
        // tonexty fills down to the previous trace, which is "lower".
        upper.SetProperty("fill", "tonexty");
        upper.SetProperty("fillcolor", "rgba(0,114,178,0.2)");
        var mean = Styled.Line(estimateName, Nullable(x), Nullable(estimate), Theme.PaletteColor(0));
        mean.SetProperty("mode", "lines+markers");
        var traces = new List<Trace> { lower, upper, mean };
        if (logX)
            LogTicks(AxisOf(layout, "xaxis"), x);
        if (reference is double exact)
            ReferenceLine(layout, exact, string.Create(CultureInfo.InvariantCulture, $"{referenceName} = {exact:G4}"));
        return Chart(traces, layout);
    }

    /// <summary>Monte Carlo estimates with a ± z standard-error band and an optional exact reference line.</summary>
    /// <param name="x">The abscissae (e.g. sample sizes), non-empty, finite (&gt; 0 when <paramref name="logX"/>).</param>
    /// <param name="estimates">One estimate per abscissa, as many as x.</param>
    /// <param name="title">Figure title, non-empty.</param>
    /// <param name="xTitle">x-axis label, non-empty.</param>
    /// <param name="yTitle">y-axis label, non-empty.</param>
    /// <param name="reference">The exact value to draw as a dashed horizontal line, finite, or null for none.</param>
    /// <param name="referenceName">Label of the reference line, non-empty; its value is appended.</param>
    /// <param name="z">Half-width of the band in standard errors, z &gt; 0.</param>
    /// <param name="estimateName">Legend name of the estimate curve, non-empty.</param>
    /// <param name="logX">Log-scale x axis.</param>
    /// <remarks>Same figure as <see cref="Band(double[], double[], double[], string, string, string, double?, string, double, string, bool, string)"/>
    /// with t̄ = <see cref="MonteCarloEstimate.Value"/> and se = <see cref="MonteCarloEstimate.StandardError"/>.</remarks>
    /// <exception cref="ArgumentNullException">x, estimates or a label is null.</exception>
    /// <exception cref="ArgumentException">As for the array overload; estimates empty or of another length than x.</exception>
    /// <exception cref="ArgumentOutOfRangeException">z ≤ 0.</exception>
    public static GenericChart Band(
        double[] x, IReadOnlyList<MonteCarloEstimate> estimates, string title, string xTitle, string yTitle,
        double? reference = null, string referenceName = "exact", double z = 2, string estimateName = "estimate",
        bool logX = false)
    {
        Check.NotNull(estimates, nameof(estimates));
        if (estimates.Count == 0)
            throw new ArgumentException("estimates is empty; at least one estimate is needed.", nameof(estimates));
        if (x is not null && x.Length != estimates.Count)
            throw new ArgumentException($"estimates has {estimates.Count} entries but x has {x.Length}; they must have the same length.", nameof(estimates));
        return Band(x!, estimates.Select(e => e.Value).ToArray(), estimates.Select(e => e.StandardError).ToArray(),
            title, xTitle, yTitle, reference, referenceName, z, estimateName, logX);
    }

    /// <summary>
    /// Named estimates side by side, each a dot with a ± z standard-error bar, one row per estimate (a
    /// dot-and-whisker chart), and optionally the exact value as a dashed vertical line: "which of these
    /// recovers the truth?" at a glance.
    /// </summary>
    /// <param name="estimates">The rows as (label, estimate), top to bottom; at least one; labels non-empty and
    /// distinct.</param>
    /// <param name="title">Figure title, non-empty.</param>
    /// <param name="valueTitle">Label of the value axis (horizontal), non-empty.</param>
    /// <param name="reference">The exact value to draw as a dashed vertical line, finite, or null for none.</param>
    /// <param name="referenceName">Label of the reference line, non-empty; its value is appended.</param>
    /// <param name="z">Half-width of each bar in standard errors, z &gt; 0; 2 by default.</param>
    /// <returns>A chart with one marker trace: y the labels (a category axis, first row on top), x the values,
    /// and symmetric error bars of z·se; the reference line is a layout shape, not a trace.</returns>
    /// <exception cref="ArgumentNullException">estimates or a label is null.</exception>
    /// <exception cref="ArgumentException">estimates empty; an empty or repeated label; a non-finite reference;
    /// an empty title.</exception>
    /// <exception cref="ArgumentOutOfRangeException">z ≤ 0.</exception>
    public static GenericChart Estimates(
        IReadOnlyList<(string Label, MonteCarloEstimate Estimate)> estimates, string title, string valueTitle,
        double? reference = null, string referenceName = "exact", double z = 2)
    {
        Check.NotNull(estimates, nameof(estimates));
        if (estimates.Count == 0)
            throw new ArgumentException("estimates is empty; at least one estimate is needed.", nameof(estimates));
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int k = 0; k < estimates.Count; k++)
        {
            var (label, estimate) = estimates[k];
            Check.Text(label, nameof(estimates), $"{nameof(estimates)}[{k}].Label");
            if (!seen.Add(label))
                throw new ArgumentException($"estimates[{k}].Label \"{label}\" is repeated; each row needs its own label.", nameof(estimates));
        }
        Check.Positive(z, nameof(z));
        Check.Text(referenceName, nameof(referenceName));
        if (reference is double r)
            Check.Finite(r, nameof(reference));
        var layout = NewLayout(Check.Text(title, nameof(title)), Theme.CurveWidth, 130 + 44 * estimates.Count);
        var rows = Axis(" ");
        rows.SetProperty("type", "category");
        rows.SetProperty("autorange", "reversed");
        rows.SetProperty("automargin", true);
        rows.SetProperty("showgrid", false);
        SetAxes(layout, Axis(Check.Text(valueTitle, nameof(valueTitle))), rows);

        string half = string.Create(CultureInfo.InvariantCulture, $"estimate ± {z:G3} s.e.");
        var dots = Styled.Markers(half, Nullable(estimates.Select(e => e.Estimate.Value)), [], Theme.PaletteColor(0), 9, 1);
        dots.SetProperty("y", estimates.Select(e => e.Label).ToArray());
        dots.SetProperty("error_x", Obj(("type", "data"), ("symmetric", true), ("visible", true),
            ("array", estimates.Select(e => z * e.Estimate.StandardError).ToArray()),
            ("color", Theme.PaletteColor(0)), ("thickness", 2), ("width", 6)));
        if (reference is double exact)
        {
            layout.SetProperty("shapes", new[]
            {
                Obj(("type", "line"), ("yref", "paper"), ("y0", 0.0), ("y1", 1.0), ("xref", "x"), ("x0", exact), ("x1", exact),
                    ("line", Obj(("color", Theme.Ink), ("width", 1.5), ("dash", "dash")))),
            });
            layout.SetProperty("annotations", new[]
            {
                Obj(("text", string.Create(CultureInfo.InvariantCulture, $"{referenceName} = {exact:G4}")), ("yref", "paper"),
                    ("y", 1.0), ("yanchor", "bottom"), ("xref", "x"), ("x", exact), ("xanchor", "center"), ("showarrow", false),
                    ("bgcolor", "rgba(255,255,255,0.8)"), ("font", Obj(("size", Theme.FontSize - 1), ("color", Theme.Ink)))),
            });
        }
        layout.SetProperty("showlegend", true);
        LegendBelow(layout);
        return Chart([dots], layout);
    }

    /// <summary>
    /// A histogram of 1D samples normalised as a probability density (bar area sums to 1),
    /// optionally with density curves drawn over it (e.g. the target and a fit).
    /// </summary>
    /// <param name="values">The samples, non-empty, finite.</param>
    /// <param name="title">Figure title, non-empty.</param>
    /// <param name="xTitle">x-axis label, non-empty.</param>
    /// <param name="bins">Number of equal-width bins over [min, max] of the samples, ≥ 1.</param>
    /// <param name="densities">Curves (legend name, p(x)) evaluated at 400 points across the bins, or null;
    /// each p must be finite there.</param>
    /// <param name="yTitle">y-axis label, non-empty.</param>
    /// <returns>A chart with the histogram trace (holding the samples in order) and one line per density.</returns>
    /// <exception cref="ArgumentNullException">values or a label is null.</exception>
    /// <exception cref="ArgumentException">Empty or non-finite values; an empty label or name; a density
    /// that is NaN or infinite on the plotted range.</exception>
    /// <exception cref="ArgumentOutOfRangeException">bins &lt; 1.</exception>
    public static GenericChart Histogram(
        double[] values, string title, string xTitle, int bins = 50,
        IReadOnlyList<(string Name, Func<double, double> Density)>? densities = null, string yTitle = "density")
    {
        Check.Values(values, nameof(values));
        Check.AtLeast(bins, 1, nameof(bins));
        var layout = CurveLayout(title, xTitle, yTitle, logX: false, logY: false);
        double lo = values.Min(), hi = values.Max();
        if (hi == lo)
            (lo, hi) = (lo - 0.5, hi + 0.5);
        // A width a hair over (hi − lo)/bins keeps the largest sample inside the last bin.
        double width = (hi - lo) / bins * (1 + 1e-9);
        var histogram = new Trace("histogram");
        histogram.SetProperty("name", "samples");
        histogram.SetProperty("x", values.ToArray());
        histogram.SetProperty("histnorm", "probability density");
        histogram.SetProperty("xbins", Obj(("start", lo), ("end", lo + bins * width), ("size", width)));
        histogram.SetProperty("marker", Obj(("color", Theme.PaletteColor(0)), ("opacity", 0.45), ("line", Obj(("color", "white"), ("width", 0.5)))));
        var traces = new List<Trace> { histogram };
        for (int k = 0; k < (densities?.Count ?? 0); k++)
            traces.Add(DensityCurve(densities![k], lo, hi, k + 1, $"{nameof(densities)}[{k}]"));
        return Chart(traces, layout);
    }

    private static Trace DensityCurve((string Name, Func<double, double> Density) curve, double lo, double hi, int colorIndex, string label)
    {
        const string paramName = "densities";
        Check.Text(curve.Name, paramName, label + ".Name");
        if (curve.Density is null)
            throw new ArgumentNullException(paramName, $"{label}.Density must not be null.");
        const int points = 400;
        var x = new double?[points];
        var y = new double?[points];
        for (int i = 0; i < points; i++)
        {
            double xi = lo + i * (hi - lo) / (points - 1);
            double p = curve.Density(xi);
            if (!double.IsFinite(p))
                throw new ArgumentException($"{label}.Density is {p} at x = {xi}; a density must be finite.", paramName);
            (x[i], y[i]) = (xi, p);
        }
        return Styled.Line(curve.Name, x, y, Theme.PaletteColor(colorIndex));
    }

    // Series s of a curve figure, after its x and the length of its y are checked: its name, y > 0 on a log axis,
    // palette colour s, and markers when asked.
    private static Trace SeriesTrace(string name, double[] x, double[] y, int s, bool logY, bool markers)
    {
        string label = $"series[{s}]";
        Check.Text(name, "series", label + ".Name");
        Positive(y, logY, "series", label + ".Y");
        var trace = Styled.Line(name, Nullable(x), Nullable(y), Theme.PaletteColor(s));
        if (markers)
            trace.SetProperty("mode", "lines+markers");
        return trace;
    }

    private static DynObj AxisOf(Layout layout, string key) =>
        layout.TryGetTypedPropertyValue<DynObj>(key)!.Value;

    // A threshold is a property of the axes, not data: a dashed line across the whole plot width that
    // neither joins the legend nor stretches the x range. Its label sits above its left end, on a light
    // backing, where the curves of the series (losses falling to a floor, errors falling below a
    // threshold) are usually far from it.
    private static void ReferenceLine(Layout layout, double y, string label)
    {
        layout.SetProperty("shapes", new[]
        {
            Obj(("type", "line"), ("xref", "paper"), ("x0", 0.0), ("x1", 1.0), ("yref", "y"), ("y0", y), ("y1", y),
                ("line", Obj(("color", Theme.Ink), ("width", 1.5), ("dash", "dash")))),
        });
        layout.SetProperty("annotations", new[]
        {
            Obj(("text", label), ("xref", "paper"), ("x", 0.0), ("xanchor", "left"), ("xshift", 4), ("yref", "y"), ("y", y),
                ("yanchor", "bottom"), ("showarrow", false), ("bgcolor", "rgba(255,255,255,0.8)"),
                ("font", Obj(("size", Theme.FontSize - 1), ("color", Theme.Ink)))),
        });
    }

    private static Layout CurveLayout(string title, string xTitle, string yTitle, bool logX, bool logY)
    {
        var layout = NewLayout(Check.Text(title, nameof(title)), Theme.CurveWidth, Theme.CurveHeight);
        SetAxes(layout, Axis(Check.Text(xTitle, nameof(xTitle)), log: logX), Axis(Check.Text(yTitle, nameof(yTitle)), log: logY));
        return layout;
    }

    private static void Positive(double[] values, bool required, string paramName, string? label = null)
    {
        if (!required)
            return;
        int bad = Array.FindIndex(values, v => v <= 0);
        if (bad >= 0)
            throw new ArgumentException($"{label ?? paramName}[{bad}] is {values[bad]}; values on a log axis must be > 0.", paramName);
    }
}
