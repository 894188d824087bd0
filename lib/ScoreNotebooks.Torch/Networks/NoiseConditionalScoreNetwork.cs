using MathNet.Numerics.LinearAlgebra;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace ScoreNotebooks.Torch.Networks;

/// <summary>
/// A noise-conditional score network s_θ(x, σ) ≈ ∇ₓ log q_σ(x): one network for every noise
/// level, told the level through <see cref="FourierFeatures"/> (Song &amp; Ermon 2019, NeurIPS,
/// Sec. 4.1, "noise conditional score networks").
/// </summary>
/// <remarks>
/// With <see cref="NoiseInput.Sigma"/>: s_θ(x, σ) = h([x/√(1 + σ²), γ(log σ)]) / σ; with
/// <see cref="NoiseInput.Time"/>: s_θ(x, t) = h([x, γ(t)]); h is an MLP with SiLU activations.
/// Train it with <c>ScoreMatchingLoss.DenoisingMultiScale</c> and sample with
/// <c>TensorLangevin.Annealed</c>, passing <c>network.forward</c>.
/// </remarks>
public sealed class NoiseConditionalScoreNetwork : Module<Tensor, Tensor, Tensor>
{
    private readonly ConditionedMlp network;

    /// <summary>Creates the network with seeded weights and frequencies.</summary>
    /// <param name="dimension">The data dimension d ≥ 1.</param>
    /// <param name="input">Whether the condition is a noise level σ or a time t.</param>
    /// <param name="hiddenWidth">The width of each hidden layer, ≥ 1.</param>
    /// <param name="hiddenLayers">The number of hidden layers, ≥ 1.</param>
    /// <param name="fourierFeatures">The number m ≥ 1 of Fourier frequencies (2m embedding entries).</param>
    /// <param name="fourierScale">
    /// The standard deviation of the frequencies, &gt; 0; null for 1 with σ (log σ spans a few units)
    /// and 4 with t ∈ [0, 1].
    /// </param>
    /// <param name="seed">The seed of the weights and frequencies.</param>
    /// <param name="device">The device, or null for <see cref="TorchDevice.Current"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is &lt; 1 or the scale is ≤ 0.</exception>
    /// <exception cref="TorchLoadException">TorchSharp could not be loaded.</exception>
    public NoiseConditionalScoreNetwork(
        int dimension,
        NoiseInput input = NoiseInput.Sigma,
        int hiddenWidth = 128,
        int hiddenLayers = 3,
        int fourierFeatures = 16,
        double? fourierScale = null,
        long seed = 0,
        Device? device = null)
        : base(nameof(NoiseConditionalScoreNetwork))
    {
        if (input is not (NoiseInput.Sigma or NoiseInput.Time))
            throw new ArgumentException($"input {input} is not a known noise input.", nameof(input));
        TorchRuntime.EnsureLoaded();
        Dimension = dimension;
        Input = input;
        network = new ConditionedMlp(dimension, hiddenWidth, hiddenLayers, fourierFeatures, fourierScale ?? (input == NoiseInput.Sigma ? 1.0 : 4.0), seed);
        RegisterComponents();
        this.to(device ?? TorchDevice.Current);
    }

    /// <summary>The data dimension d.</summary>
    public int Dimension { get; }

    /// <summary>Whether the condition is σ or t.</summary>
    public NoiseInput Input { get; }

    /// <summary>The score s_θ(x, σ) (or s_θ(x, t)) of a batch.</summary>
    /// <param name="x">Points, shape (B, d).</param>
    /// <param name="level">The noise level σ &gt; 0 (or time t) of each row, shape (B), or one scalar for all rows.</param>
    /// <returns>Scores, shape (B, d).</returns>
    /// <exception cref="ArgumentException">x is not (B, d) or level is neither (B) nor a scalar.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A σ ≤ 0.</exception>
    public override Tensor forward(Tensor x, Tensor level)
    {
        Mlp.CheckPoints(x, Dimension, nameof(x));
        using var scope = NewDisposeScope();
        var c = ConditionedMlp.Levels(level, x, nameof(level), Input == NoiseInput.Sigma);
        if (Input == NoiseInput.Time)
            return network.forward(x, c).MoveToOuterDisposeScope();
        var sigma = c.unsqueeze(1);                                   // (B, 1)
        var scaled = x.div(sigma.square().add(1).sqrt());             // (B, d)
        return network.forward(scaled, c.log()).div(sigma).MoveToOuterDisposeScope();
    }

    /// <summary>The score at every row of an n×d matrix at one level, without gradients: for plotting.</summary>
    /// <param name="points">n points, one per row.</param>
    /// <param name="level">The noise level σ &gt; 0 (or time t).</param>
    /// <returns>The n×d matrix of scores.</returns>
    /// <exception cref="ArgumentNullException">points is null.</exception>
    /// <exception cref="ArgumentException">points does not have d columns.</exception>
    /// <exception cref="ArgumentOutOfRangeException">σ ≤ 0.</exception>
    public Matrix<double> Score(Matrix<double> points, double level)
    {
        ArgumentNullException.ThrowIfNull(points);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var x = points.ToTensor(network.Device);
        return forward(x, full(x.shape[0], level, ScalarType.Float32, x.device)).ToMatrix();
    }
}
