using MathNet.Numerics.LinearAlgebra;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace ScoreNotebooks.Torch.Networks;

/// <summary>
/// A score network s_θ : ℝᵈ → ℝᵈ for low-dimensional data: an MLP that maps a point straight to
/// its score, float32, on <see cref="TorchDevice.Current"/>.
/// </summary>
/// <remarks>
/// s_θ(x) = W_L σ(… σ(W_1 x + b_1) …) + b_L with σ = SiLU and L − 1 hidden layers of equal
/// width. Train it with any loss of <c>ScoreMatchingLoss</c> by passing <c>network.forward</c>.
/// </remarks>
public sealed class ScoreMlp : Module<Tensor, Tensor>
{
    private readonly Sequential layers;

    /// <summary>Creates the network with seeded weights.</summary>
    /// <param name="dimension">The data dimension d ≥ 1 (input and output width).</param>
    /// <param name="hiddenWidth">The width of each hidden layer, ≥ 1.</param>
    /// <param name="hiddenLayers">The number of hidden layers, ≥ 1.</param>
    /// <param name="seed">The seed of the initial weights; the same seed gives the same network.</param>
    /// <param name="device">The device, or null for <see cref="TorchDevice.Current"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is &lt; 1.</exception>
    /// <exception cref="TorchLoadException">TorchSharp could not be loaded.</exception>
    public ScoreMlp(int dimension, int hiddenWidth = 128, int hiddenLayers = 2, long seed = 0, Device? device = null)
        : base(nameof(ScoreMlp))
    {
        Mlp.CheckShape(dimension, hiddenWidth, hiddenLayers);
        TorchRuntime.EnsureLoaded();
        Dimension = dimension;
        layers = Mlp.Build(dimension, dimension, hiddenWidth, hiddenLayers);
        RegisterComponents();
        Mlp.Initialise(this, seed);
        this.to(device ?? TorchDevice.Current);
    }

    /// <summary>The data dimension d.</summary>
    public int Dimension { get; }

    /// <summary>The score s_θ(x) of a batch.</summary>
    /// <param name="x">Points, shape (B, d).</param>
    /// <returns>Scores, shape (B, d).</returns>
    /// <exception cref="ArgumentException">x is not (B, d).</exception>
    public override Tensor forward(Tensor x)
    {
        Mlp.CheckPoints(x, Dimension, nameof(x));
        return layers.forward(x);
    }

    /// <summary>The score at every row of an n×d matrix, without gradients: for plotting and for the CPU reference.</summary>
    /// <param name="points">n points, one per row of an n×d matrix.</param>
    /// <returns>The n×d matrix of scores (float32 values, as doubles).</returns>
    /// <exception cref="ArgumentNullException">points is null.</exception>
    /// <exception cref="ArgumentException">points does not have d columns.</exception>
    public Matrix<double> Score(Matrix<double> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        return forward(points.ToTensor(Device)).ToMatrix();
    }

    private Device Device => layers.parameters().First().device;
}
