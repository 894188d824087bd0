using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace ScoreNotebooks.Torch.Networks;

/// <summary>
/// Random Fourier features of a scalar c (a noise level log σ or a time t):
/// γ(c) = [sin(2π w₁c), …, sin(2π w_m c), cos(2π w₁c), …, cos(2π w_m c)] with fixed wⱼ ~ N(0, s²).
/// </summary>
/// <remarks>
/// Tancik et al. (2020, NeurIPS), "Fourier features let networks learn high frequency functions in
/// low dimensional domains", Eq. 5 with Gaussian B; Song et al. (2021, ICLR) embed the diffusion
/// time this way. The frequencies are a buffer, not a parameter: they are saved with the module,
/// move with it, and are never trained. A larger scale s resolves finer changes in c.
/// </remarks>
public sealed class FourierFeatures : Module<Tensor, Tensor>
{
    private readonly Tensor frequencies;

    /// <summary>Draws m frequencies from N(0, s²) with a seeded generator.</summary>
    /// <param name="count">The number of frequencies m ≥ 1; the embedding has 2m entries.</param>
    /// <param name="scale">The standard deviation s &gt; 0 of the frequencies.</param>
    /// <param name="seed">The seed of the frequencies.</param>
    /// <exception cref="ArgumentOutOfRangeException">m &lt; 1 or s ≤ 0.</exception>
    /// <exception cref="ArgumentException">s is not finite.</exception>
    public FourierFeatures(int count, double scale, long seed = 0)
        : base(nameof(FourierFeatures))
    {
        Guard.Positive(count, nameof(count));
        Guard.Positive(scale, nameof(scale));
        TorchRuntime.EnsureLoaded();
        Count = count;
        Scale = scale;
        using var generator = new Generator(unchecked((ulong)seed));
        frequencies = randn([count], ScalarType.Float32, generator: generator).mul_(scale);
        register_buffer(nameof(frequencies), frequencies);
    }

    /// <summary>The number of frequencies m; the embedding has 2m entries.</summary>
    public int Count { get; }

    /// <summary>The standard deviation s of the frequencies.</summary>
    public double Scale { get; }

    /// <summary>The embedding γ(c) of a batch of scalars.</summary>
    /// <param name="c">The scalars, shape (B).</param>
    /// <returns>The features, shape (B, 2m).</returns>
    /// <exception cref="ArgumentException">c is not one-dimensional.</exception>
    public override Tensor forward(Tensor c)
    {
        ArgumentNullException.ThrowIfNull(c);
        if (c.dim() != 1)
            throw new ArgumentException($"c has shape ({string.Join(", ", c.shape)}); expected (B).", nameof(c));
        using var scope = NewDisposeScope();
        var angles = c.unsqueeze(1).mul(frequencies.unsqueeze(0)).mul(2 * Math.PI); // (B, m)
        return cat([angles.sin(), angles.cos()], 1).MoveToOuterDisposeScope();     // (B, 2m)
    }
}
