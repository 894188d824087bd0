using MathNet.Numerics.LinearAlgebra;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace ScoreNotebooks.Torch.Networks;

/// <summary>
/// A denoiser D_θ(x̂, σ) ≈ E[x | x̂] for x̂ = x + σε, and the score it implies through Tweedie's
/// formula, s_θ(x̂, σ) = (D_θ(x̂, σ) − x̂)/σ².
/// </summary>
/// <remarks>
/// Parameterised by the noise it removes: D_θ(x̂, σ) = x̂ − σ ε_θ(x̂, σ) with
/// ε_θ = h([x̂/√(1 + σ²), γ(log σ)]) an MLP with <see cref="FourierFeatures"/> of log σ, so
/// s_θ(x̂, σ) = −ε_θ(x̂, σ)/σ, computed in that form (the difference D − x̂ would lose digits in
/// float32 at small σ). For this score the σ²-weighted denoising loss is a plain regression:
/// σ² ‖s_θ(x̂, σ) + (x̂ − x)/σ²‖² = ‖D_θ(x̂, σ) − x‖²/σ², so training the score with
/// <c>ScoreMatchingLoss.DenoisingMultiScale</c> trains the denoiser (Vincent 2011; Karras et al.
/// 2022). See <see cref="Tweedie"/> for the conversions in general.
/// </remarks>
public sealed class DenoiserNetwork : Module<Tensor, Tensor, Tensor>
{
    private readonly ConditionedMlp network;

    /// <summary>Creates the denoiser with seeded weights and frequencies.</summary>
    /// <param name="dimension">The data dimension d ≥ 1.</param>
    /// <param name="hiddenWidth">The width of each hidden layer, ≥ 1.</param>
    /// <param name="hiddenLayers">The number of hidden layers, ≥ 1.</param>
    /// <param name="fourierFeatures">The number m ≥ 1 of Fourier frequencies of log σ.</param>
    /// <param name="seed">The seed of the weights and frequencies.</param>
    /// <param name="device">The device, or null for <see cref="TorchDevice.Current"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is &lt; 1.</exception>
    /// <exception cref="TorchLoadException">TorchSharp could not be loaded.</exception>
    public DenoiserNetwork(int dimension, int hiddenWidth = 128, int hiddenLayers = 3, int fourierFeatures = 16, long seed = 0, Device? device = null)
        : base(nameof(DenoiserNetwork))
    {
        TorchRuntime.EnsureLoaded();
        Dimension = dimension;
        network = new ConditionedMlp(dimension, hiddenWidth, hiddenLayers, fourierFeatures, 1.0, seed);
        RegisterComponents();
        this.to(device ?? TorchDevice.Current);
    }

    /// <summary>The data dimension d.</summary>
    public int Dimension { get; }

    /// <summary>The denoised estimate D_θ(x̂, σ) of a batch.</summary>
    /// <param name="xNoisy">Noisy points x̂, shape (B, d).</param>
    /// <param name="sigma">The noise level σ &gt; 0 of each row, shape (B), or one scalar for all rows.</param>
    /// <returns>Denoised points, shape (B, d).</returns>
    /// <exception cref="ArgumentException">xNoisy is not (B, d) or sigma is neither (B) nor a scalar.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A σ ≤ 0.</exception>
    public override Tensor forward(Tensor xNoisy, Tensor sigma)
    {
        using var scope = NewDisposeScope();
        var (noise, s) = NoiseEstimate(xNoisy, sigma);
        return xNoisy.sub(noise.mul(s)).MoveToOuterDisposeScope();
    }

    /// <summary>The implied score s_θ(x̂, σ) = (D_θ(x̂, σ) − x̂)/σ² = −ε_θ(x̂, σ)/σ of a batch.</summary>
    /// <param name="xNoisy">Noisy points x̂, shape (B, d).</param>
    /// <param name="sigma">The noise level σ &gt; 0 of each row, shape (B), or one scalar for all rows.</param>
    /// <returns>Scores, shape (B, d).</returns>
    /// <exception cref="ArgumentException">xNoisy is not (B, d) or sigma is neither (B) nor a scalar.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A σ ≤ 0.</exception>
    public Tensor Score(Tensor xNoisy, Tensor sigma)
    {
        using var scope = NewDisposeScope();
        var (noise, s) = NoiseEstimate(xNoisy, sigma);
        return noise.div(s).neg().MoveToOuterDisposeScope();
    }

    /// <summary>D_θ at every row of an n×d matrix at one σ, without gradients.</summary>
    /// <param name="points">n noisy points, one per row.</param>
    /// <param name="sigma">The noise level σ &gt; 0.</param>
    /// <exception cref="ArgumentNullException">points is null.</exception>
    /// <exception cref="ArgumentException">points does not have d columns.</exception>
    /// <exception cref="ArgumentOutOfRangeException">σ ≤ 0.</exception>
    public Matrix<double> Denoise(Matrix<double> points, double sigma) => OnMatrix(points, sigma, forward);

    /// <summary>The implied score at every row of an n×d matrix at one σ, without gradients.</summary>
    /// <param name="points">n noisy points, one per row.</param>
    /// <param name="sigma">The noise level σ &gt; 0.</param>
    /// <exception cref="ArgumentNullException">points is null.</exception>
    /// <exception cref="ArgumentException">points does not have d columns.</exception>
    /// <exception cref="ArgumentOutOfRangeException">σ ≤ 0.</exception>
    public Matrix<double> Score(Matrix<double> points, double sigma) => OnMatrix(points, sigma, Score);

    private (Tensor Noise, Tensor Sigma) NoiseEstimate(Tensor xNoisy, Tensor sigma)
    {
        Mlp.CheckPoints(xNoisy, Dimension, nameof(xNoisy));
        var levels = ConditionedMlp.Levels(sigma, xNoisy, nameof(sigma), positive: true);
        var s = levels.unsqueeze(1); // (B, 1)
        return (network.forward(xNoisy.div(s.square().add(1).sqrt()), levels.log()), s);
    }

    private Matrix<double> OnMatrix(Matrix<double> points, double sigma, Func<Tensor, Tensor, Tensor> f)
    {
        ArgumentNullException.ThrowIfNull(points);
        Guard.Positive(sigma, nameof(sigma));
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var x = points.ToTensor(network.Device);
        return f(x, full(x.shape[0], sigma, ScalarType.Float32, x.device)).ToMatrix();
    }
}
