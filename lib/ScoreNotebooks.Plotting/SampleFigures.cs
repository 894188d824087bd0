using MathNet.Numerics.LinearAlgebra;
using Plotly.NET;
using ScoreNotebooks.Plotting.Internal;
using static ScoreNotebooks.Plotting.Internal.Styled;

namespace ScoreNotebooks.Plotting;

/// <summary>Figures of 2D samples: point clouds (with optional marginal histograms) and particle trajectories.</summary>
public static class SampleFigures
{
    private const string HistogramAxisTitle = "count";

    /// <summary>One set of 2D samples as a scatter plot, with equal aspect ratio.</summary>
    /// <param name="samples">n × 2 samples, one point per row, finite, n ≥ 1.</param>
    /// <param name="title">Figure title, non-empty.</param>
    /// <param name="marginals">Add histograms of x₁ (top) and x₂ (right) in a subplot grid.</param>
    /// <param name="background">Density contours to draw underneath, or null.</param>
    /// <param name="name">Legend name of the set, non-empty.</param>
    /// <param name="bins">Histogram bins per marginal, ≥ 1.</param>
    /// <param name="xTitle">x-axis label, non-empty.</param>
    /// <param name="yTitle">y-axis label, non-empty.</param>
    /// <returns>A chart whose scatter trace holds the n points in row order (and, with marginals,
    /// one histogram trace per axis holding the same coordinates).</returns>
    /// <exception cref="ArgumentNullException">samples or a label is null.</exception>
    /// <exception cref="ArgumentException">samples empty, not n × 2 or not finite; an empty label;
    /// the background's log-density is NaN or +∞.</exception>
    /// <exception cref="ArgumentOutOfRangeException">bins &lt; 1.</exception>
    public static GenericChart Scatter(
        Matrix<double> samples,
        string title = "Samples",
        bool marginals = false,
        DensityBackground? background = null,
        string name = "samples",
        int bins = 40,
        string xTitle = "x₁",
        string yTitle = "x₂")
    {
        Check.Points(samples, nameof(samples));
        return Scatter([(Check.Text(name, nameof(name)), samples)], title, marginals, background, bins, xTitle, yTitle);
    }

    /// <summary>Several named sets of 2D samples in one scatter plot (e.g. data and model samples), one colour each.</summary>
    /// <param name="sets">The sets as (legend name, n × 2 samples); at least one, each non-empty and finite.</param>
    /// <param name="title">Figure title, non-empty.</param>
    /// <param name="marginals">Add overlaid histograms of x₁ (top) and x₂ (right) per set.</param>
    /// <param name="background">Density contours to draw underneath, or null.</param>
    /// <param name="bins">Histogram bins per marginal, ≥ 1.</param>
    /// <param name="xTitle">x-axis label, non-empty.</param>
    /// <param name="yTitle">y-axis label, non-empty.</param>
    /// <returns>A chart with one scatter trace per set, in order, coloured by <see cref="Theme.PaletteColor"/>.</returns>
    /// <exception cref="ArgumentNullException">sets or a label is null.</exception>
    /// <exception cref="ArgumentException">sets empty; a set with an empty name or bad samples; an empty label;
    /// the background's log-density is NaN or +∞.</exception>
    /// <exception cref="ArgumentOutOfRangeException">bins &lt; 1.</exception>
    public static GenericChart Scatter(
        IReadOnlyList<(string Name, Matrix<double> Samples)> sets,
        string title = "Samples",
        bool marginals = false,
        DensityBackground? background = null,
        int bins = 40,
        string xTitle = "x₁",
        string yTitle = "x₂")
    {
        Check.NotNull(sets, nameof(sets));
        if (sets.Count == 0)
            throw new ArgumentException("sets is empty; at least one set of samples is needed.", nameof(sets));
        for (int s = 0; s < sets.Count; s++)
        {
            Check.Text(sets[s].Name, nameof(sets), $"{nameof(sets)}[{s}].Name");
            Check.Points(sets[s].Samples, nameof(sets), $"{nameof(sets)}[{s}].Samples");
        }
        Check.AtLeast(bins, 1, nameof(bins));
        int size = marginals ? Theme.FieldSize + 110 : Theme.FieldSize;
        var layout = NewLayout(Check.Text(title, nameof(title)), size, size);
        Check.Text(xTitle, nameof(xTitle));
        Check.Text(yTitle, nameof(yTitle));

        var traces = new List<Trace>();
        if (background is not null)
            traces.Add(DensityTraces.Background(background, nameof(background)));
        for (int s = 0; s < sets.Count; s++)
        {
            var (setName, samples) = sets[s];
            var (opacity, markerSize) = samples.RowCount > 500 ? (0.5, 3.5) : (0.75, 5.0);
            traces.Add(Markers(setName, Nullable(samples.Column(0)), Nullable(samples.Column(1)),
                Theme.PaletteColor(s), markerSize, opacity));
            if (marginals)
                traces.AddRange(MarginalHistograms(setName, samples, Theme.PaletteColor(s), bins));
        }

        var (xRange, yRange) = Extent.OfPoints(sets.Select(set => set.Samples), background);
        SetFieldAxes(layout, xTitle, yTitle, xRange, yRange);
        // A single set needs no legend: the title names it.
        layout.SetProperty("showlegend", sets.Count > 1);
        if (marginals)
            AddMarginalAxes(layout);
        return Chart(traces, layout);
    }

    private static IEnumerable<Trace> MarginalHistograms(string name, Matrix<double> samples, string color, int bins)
    {
        for (int axis = 0; axis < 2; axis++)
        {
            var trace = new Trace("histogram");
            trace.SetProperty("name", $"{name} (x{(axis == 0 ? "₁" : "₂")})");
            trace.SetProperty(axis == 0 ? "x" : "y", samples.Column(axis).ToArray());
            trace.SetProperty(axis == 0 ? "nbinsx" : "nbinsy", bins);
            // The top histogram shares the scatter's x axis; the right one shares its y axis.
            trace.SetProperty("xaxis", axis == 0 ? "x" : "x2");
            trace.SetProperty("yaxis", axis == 0 ? "y2" : "y");
            if (axis == 1)
                trace.SetProperty("orientation", "h");
            trace.SetProperty("marker", Obj(("color", color), ("opacity", 0.55)));
            trace.SetProperty("showlegend", false);
            yield return trace;
        }
    }

    private static void AddMarginalAxes(Layout layout)
    {
        const double split = 0.8, gap = 0.03;
        var x = layout.TryGetTypedPropertyValue<DynamicObj.DynamicObj>("xaxis").Value;
        var y = layout.TryGetTypedPropertyValue<DynamicObj.DynamicObj>("yaxis").Value;
        x.SetProperty("domain", new[] { 0.0, split });
        y.SetProperty("domain", new[] { 0.0, split });
        var right = Axis(HistogramAxisTitle);
        right.SetProperty("domain", new[] { split + gap, 1.0 });
        right.SetProperty("anchor", "y");
        var top = Axis(HistogramAxisTitle);
        top.SetProperty("domain", new[] { split + gap, 1.0 });
        top.SetProperty("anchor", "x");
        layout.SetProperty("xaxis2", right);
        layout.SetProperty("yaxis2", top);
        layout.SetProperty("barmode", "overlay");
    }

    /// <summary>
    /// Particle trajectories: one polyline per particle through its positions at every step,
    /// a hollow marker where it starts and a filled marker where it ends, with equal aspect ratio.
    /// </summary>
    /// <param name="steps">The positions at each step (as a sampler yields them): T ≥ 2 matrices, each
    /// n × 2 with the same n ≥ 1, finite; row i of every matrix is particle i.</param>
    /// <param name="title">Figure title, non-empty.</param>
    /// <param name="background">Density contours to draw underneath, or null.</param>
    /// <param name="xTitle">x-axis label, non-empty.</param>
    /// <param name="yTitle">y-axis label, non-empty.</param>
    /// <returns>A chart with (after any background) a "paths" trace of n·(T + 1) entries (T positions and
    /// a break per particle), a "start" trace of n points and an "end" trace of n points.</returns>
    /// <exception cref="ArgumentNullException">steps or a title is null.</exception>
    /// <exception cref="ArgumentException">Fewer than two steps; a step that is null, empty, not n × 2,
    /// not finite, or with another particle count; an empty title.</exception>
    public static GenericChart Trajectories(
        IReadOnlyList<Matrix<double>> steps,
        string title = "Trajectories",
        DensityBackground? background = null,
        string xTitle = "x₁",
        string yTitle = "x₂")
    {
        Check.Items(steps, nameof(steps));
        if (steps.Count < 2)
            throw new ArgumentException($"steps has {steps.Count} entry; a trajectory needs at least 2 steps.", nameof(steps));
        int n = Check.Points(steps[0], nameof(steps), $"{nameof(steps)}[0]").RowCount;
        for (int t = 1; t < steps.Count; t++)
        {
            if (Check.Points(steps[t], nameof(steps), $"{nameof(steps)}[{t}]").RowCount != n)
                throw new ArgumentException($"steps[{t}] has {steps[t].RowCount} particles but steps[0] has {n}.", nameof(steps));
        }
        var layout = NewLayout(Check.Text(title, nameof(title)), Theme.FieldSize, Theme.FieldSize);
        Check.Text(xTitle, nameof(xTitle));
        Check.Text(yTitle, nameof(yTitle));

        var (x, y) = Paths(steps, n);
        var traces = new List<Trace>();
        if (background is not null)
            traces.Add(DensityTraces.Background(background, nameof(background)));
        var paths = Line("paths", x, y, Theme.PaletteColor(0), width: 1);
        paths.SetProperty("opacity", 0.5);
        paths.SetProperty("hoverinfo", "skip");
        traces.Add(paths);
        traces.Add(Markers("start", Nullable(steps[0].Column(0)), Nullable(steps[0].Column(1)), Theme.Ink, 6, 0.8, "circle-open"));
        traces.Add(Markers("end", Nullable(steps[^1].Column(0)), Nullable(steps[^1].Column(1)), Theme.PaletteColor(1), 6, 0.9));

        var (xRange, yRange) = Extent.OfPoints(steps, background);
        SetFieldAxes(layout, xTitle, yTitle, xRange, yRange);
        return Chart(traces, layout);
    }

    // Particle i occupies entries i·(T + 1) … i·(T + 1) + T − 1, then a null that breaks the line.
    private static (double?[] X, double?[] Y) Paths(IReadOnlyList<Matrix<double>> steps, int n)
    {
        int stride = steps.Count + 1;
        var x = new double?[n * stride];
        var y = new double?[n * stride];
        for (int i = 0; i < n; i++)
        {
            for (int t = 0; t < steps.Count; t++)
                (x[i * stride + t], y[i * stride + t]) = (steps[t][i, 0], steps[t][i, 1]);
        }
        return (x, y);
    }
}
