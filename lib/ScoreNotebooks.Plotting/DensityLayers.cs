namespace ScoreNotebooks.Plotting;

/// <summary>Which layers a density figure draws: a heat map, contour lines, or both.</summary>
[Flags]
public enum DensityLayers
{
    /// <summary>A heat map coloured by value on the Viridis scale, with a colour bar.</summary>
    Heatmap = 1,

    /// <summary>Contour lines at evenly spaced levels.</summary>
    Contours = 2,

    /// <summary>Contour lines drawn over the heat map.</summary>
    Both = Heatmap | Contours,
}
