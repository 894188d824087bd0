using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace ScoreNotebooks.Torch.Networks;

/// <summary>
/// An MLP of a point and a scalar condition: h(x, c) = MLP([x, γ(c)]) with γ the
/// <see cref="FourierFeatures"/> of c. The shared body of the noise-conditional networks.
/// </summary>
internal sealed class ConditionedMlp : Module<Tensor, Tensor, Tensor>
{
    private readonly FourierFeatures embedding;
    private readonly Sequential layers;

    public ConditionedMlp(int dimension, int hiddenWidth, int hiddenLayers, int fourierFeatures, double fourierScale, long seed)
        : base(nameof(ConditionedMlp))
    {
        Mlp.CheckShape(dimension, hiddenWidth, hiddenLayers);
        embedding = new FourierFeatures(fourierFeatures, fourierScale, unchecked(seed + 1));
        layers = Mlp.Build(dimension + 2 * fourierFeatures, dimension, hiddenWidth, hiddenLayers);
        RegisterComponents();
        Mlp.Initialise(this, seed);
    }

    /// <summary>h(x, c) for x of shape (B, d) and c of shape (B); returns (B, d).</summary>
    public override Tensor forward(Tensor x, Tensor c)
    {
        using var scope = NewDisposeScope();
        return layers.forward(cat([x, embedding.forward(c)], 1)).MoveToOuterDisposeScope();
    }

    public Device Device => layers.parameters().First().device;

    /// <summary>The noise levels of a batch as shape (B): a (B) tensor as it is, a scalar tensor repeated.</summary>
    public static Tensor Levels(Tensor level, Tensor x, string paramName, bool positive)
    {
        ArgumentNullException.ThrowIfNull(level, paramName);
        long batch = x.shape[0];
        if (!(level.dim() == 0 || (level.dim() == 1 && level.shape[0] == batch)))
            throw new ArgumentException(
                $"{paramName} has shape ({string.Join(", ", level.shape)}); expected ({batch}), one level per row of x, or a scalar.", paramName);
        if (positive && batch > 0 && level.le(0).any().item<bool>())
            throw new ArgumentOutOfRangeException(paramName, $"{paramName} must be > 0 in every row (it is a noise standard deviation σ).");
        return level.dim() == 0 ? level.expand(batch) : level;
    }
}
