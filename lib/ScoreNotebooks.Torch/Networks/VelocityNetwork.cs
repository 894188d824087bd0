using MathNet.Numerics.LinearAlgebra;
using ScoreNotebooks.Diffusion;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace ScoreNotebooks.Torch.Networks;

/// <summary>
/// A flow-matching velocity network v_θ(x, t) ≈ u(x, t), the marginal velocity that carries N(0, I) at t = 0 to the data at
/// t = 1 along the paths xₜ = (1 − t) z + t x (<see cref="FlowMatching"/>): an MLP with SiLU activations on
/// [x, γ(t)], γ the Fourier features of t.
/// </summary>
/// <remarks>
/// Every xₜ has a standard deviation between that of the noise (1) and that of the data, so for data of order one the input
/// needs no scaling, and the velocity, x − z on average, is of order one too. Train it with <c>Trainer.FlowMatching</c>;
/// <see cref="Velocity"/> plugs into the CPU samplers <see cref="FlowMatching.Euler"/> and <see cref="FlowMatching.Heun"/>.
/// </remarks>
public sealed class VelocityNetwork : Module<Tensor, Tensor, Tensor>
{
    private readonly ConditionedMlp network;

    /// <summary>A network for points of dimension <paramref name="dimension"/>, initialised from <paramref name="seed"/>.</summary>
    /// <param name="dimension">d ≥ 1.</param>
    /// <param name="hiddenWidth">Units per hidden layer, ≥ 1.</param>
    /// <param name="hiddenLayers">Hidden layers, ≥ 1.</param>
    /// <param name="fourierFeatures">Frequencies of the time embedding, ≥ 1.</param>
    /// <param name="seed">Seeds the initial weights and the embedding's frequencies.</param>
    /// <param name="device">Where the weights live; null for <see cref="TorchDevice.Current"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is below 1.</exception>
    public VelocityNetwork(int dimension, int hiddenWidth = 128, int hiddenLayers = 3, int fourierFeatures = 16, long seed = 0,
        Device? device = null)
        : base(nameof(VelocityNetwork))
    {
        TorchRuntime.EnsureLoaded();
        if (fourierFeatures < 1)
            throw new ArgumentOutOfRangeException(nameof(fourierFeatures), fourierFeatures, "fourierFeatures must be ≥ 1.");
        Dimension = dimension;
        network = new ConditionedMlp(dimension, hiddenWidth, hiddenLayers, fourierFeatures, 1.0, seed);
        RegisterComponents();
        this.to(device ?? TorchDevice.Current);
    }

    /// <summary>The dimension d of the points.</summary>
    public int Dimension { get; }

    /// <summary>v_θ(x, t) for points x of shape (B, d) and times t of shape (B) or one scalar.</summary>
    /// <exception cref="ArgumentException">x is not (B, d), or t is neither (B) nor a scalar.</exception>
    public override Tensor forward(Tensor x, Tensor t)
    {
        Mlp.CheckPoints(x, Dimension, nameof(x));
        using var scope = NewDisposeScope();
        var times = ConditionedMlp.Levels(t, x, nameof(t), positive: false).to(x.device);
        return network.forward(x, times).MoveToOuterDisposeScope();
    }

    /// <summary>The velocity at every row of an n×d matrix at one time, without gradients: for the CPU samplers.</summary>
    /// <param name="points">n points, one per row.</param>
    /// <param name="t">The time t ∈ [0, 1].</param>
    /// <returns>The n×d matrix of velocities (float32 values, as doubles).</returns>
    /// <exception cref="ArgumentNullException">points is null.</exception>
    /// <exception cref="ArgumentException">points does not have d columns, or t is not finite.</exception>
    /// <exception cref="ArgumentOutOfRangeException">t ∉ [0, 1].</exception>
    public Matrix<double> Velocity(Matrix<double> points, double t)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (!double.IsFinite(t))
            throw new ArgumentException($"t must be a finite number, but was {t}.", nameof(t));
        if (t < 0 || t > 1)
            throw new ArgumentOutOfRangeException(nameof(t), t, "t must lie in [0, 1].");
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var x = points.ToTensor(network.Device);
        return forward(x, full(x.shape[0], t, ScalarType.Float32, x.device)).ToMatrix();
    }

    /// <inheritdoc />
    public override string ToString() => $"VelocityNetwork(d = {Dimension})";
}
