namespace ScoreNotebooks.Torch.Training;

/// <summary>The settings of a <see cref="Trainer"/> run; every property has a default.</summary>
/// <remarks>Checked when training starts, each with a message naming the property.</remarks>
public sealed record TrainingOptions
{
    /// <summary>The number of optimisation steps, ≥ 1. Default 2000.</summary>
    public int Steps { get; init; } = 2000;

    /// <summary>The minibatch size, ≥ 1; rows are drawn uniformly with replacement. Default 512.</summary>
    public int BatchSize { get; init; } = 512;

    /// <summary>Adam's learning rate, &gt; 0. Default 10⁻³.</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>The seed of the generator that draws minibatches and the loss's noise. Default 0.</summary>
    public long Seed { get; init; }

    /// <summary>
    /// Print a progress line every this many steps (and at the last step); 0 turns the display off;
    /// null (the default) prints ten lines over the run.
    /// </summary>
    public int? ProgressEvery { get; init; }

    /// <summary>Where progress lines go; null (the default) for the console, which a notebook shows under the cell.</summary>
    public TextWriter? ProgressWriter { get; init; }
}
