using MathNet.Numerics.LinearAlgebra;
using ScoreNotebooks.Diffusion;
using ScoreNotebooks.Torch.Diffusion;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace ScoreNotebooks.Torch.Networks;

/// <summary>
/// A time-conditional score network s_θ(x, t) ≈ ∇ₓ log pₜ(x) for the marginals of a forward SDE, one network
/// for every t ∈ (0, T], parameterised by the noise it predicts: s_θ(x, t) = −ε_θ(x, t)/σ(t).
/// </summary>
/// <remarks>
/// <para>
/// With α = α(t) and σ = σ(t) from the SDE (<see cref="Sde.MeanScale"/>, <see cref="Sde.Std"/>),
/// ε_θ(x, t) = h([x / √(α² σ_data² + σ²), γ(log(σ/α))]), h an MLP with SiLU activations and γ the
/// <see cref="FourierFeatures"/> of log(σ/α). Three choices keep the network's own input and output of order
/// one at every t, whichever SDE it serves:
/// </para>
/// <list type="bullet">
/// <item>The output is divided by σ(t), because ‖∇log pₜ‖ grows like 1/σ(t) as t → 0; the network predicts the
/// noise ε of xₜ = α x₀ + σ ε, as in DDPM (Ho, Jain &amp; Abbeel 2020) and Song et al.'s (2021) VP models. For this
/// score the σ²-weighted loss <c>ScoreMatchingLoss.DenoisingOverTime</c> is the plain regression
/// E‖ε_θ(xₜ, t) − ε‖².</item>
/// <item>The input is divided by the standard deviation √(α² σ_data² + σ²) that xₜ has when the data have
/// standard deviation σ_data in each coordinate (Karras, Aittala, Aila &amp; Laine 2022, "Elucidating the design
/// space of diffusion-based generative models", NeurIPS, Table 1, c_in).</item>
/// <item>The time enters as log(σ/α), the log of the noise-to-signal ratio: every SDE here is a VE SDE in
/// x/α with noise level σ/α (Karras et al. 2022), and log(σ/α) spreads the times at which pₜ changes
/// evenly for VE, VP and sub-VP alike, where t itself crowds them near 0.</item>
/// </list>
/// <para>
/// The network needs t &gt; 0, where σ(t) &gt; 0; samplers and likelihoods stop at ε. Train it with
/// <c>Trainer.DenoisingOverTime</c>; sample with <c>TensorReverseSampler</c> or <c>TensorProbabilityFlow</c>,
/// passing <c>network.forward</c>; its <see cref="Score(Matrix{double}, double)"/> plugs into the CPU reference's
/// samplers and adaptive ODE solver.
/// </para>
/// </remarks>
public sealed class TimeConditionalScoreNetwork : Module<Tensor, Tensor, Tensor>
{
    private readonly ConditionedMlp network;

    /// <summary>Creates the network for an SDE, with seeded weights and frequencies.</summary>
    /// <param name="sde">The forward SDE whose marginals pₜ the network scores; it supplies α(t) and σ(t).</param>
    /// <param name="dimension">The data dimension d ≥ 1.</param>
    /// <param name="hiddenWidth">The width of each hidden layer, ≥ 1.</param>
    /// <param name="hiddenLayers">The number of hidden layers, ≥ 1.</param>
    /// <param name="fourierFeatures">The number m ≥ 1 of Fourier frequencies of log(σ/α) (2m embedding entries).</param>
    /// <param name="dataStd">σ_data &gt; 0, the typical standard deviation of one coordinate of the data (1 for standardised data).</param>
    /// <param name="seed">The seed of the weights and frequencies.</param>
    /// <param name="device">The device, or null for <see cref="TorchDevice.Current"/>.</param>
    /// <exception cref="ArgumentNullException">sde is null.</exception>
    /// <exception cref="ArgumentException">dataStd is not finite.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A size is &lt; 1 or dataStd ≤ 0.</exception>
    /// <exception cref="TorchLoadException">TorchSharp could not be loaded.</exception>
    public TimeConditionalScoreNetwork(
        Sde sde,
        int dimension,
        int hiddenWidth = 128,
        int hiddenLayers = 3,
        int fourierFeatures = 16,
        double dataStd = 1,
        long seed = 0,
        Device? device = null)
        : base(nameof(TimeConditionalScoreNetwork))
    {
        Sde = sde ?? throw new ArgumentNullException(nameof(sde));
        DataStd = Guard.Positive(dataStd, nameof(dataStd));
        TorchRuntime.EnsureLoaded();
        Dimension = dimension;
        network = new ConditionedMlp(dimension, hiddenWidth, hiddenLayers, fourierFeatures, 1.0, seed);
        RegisterComponents();
        this.to(device ?? TorchDevice.Current);
    }

    /// <summary>The forward SDE the network is conditioned on.</summary>
    public Sde Sde { get; }

    /// <summary>The data dimension d.</summary>
    public int Dimension { get; }

    /// <summary>σ_data &gt; 0, used to scale the input.</summary>
    public double DataStd { get; }

    /// <summary>The score s_θ(x, t) = −ε_θ(x, t)/σ(t) of a batch.</summary>
    /// <param name="x">Points, shape (B, d).</param>
    /// <param name="t">The time t ∈ (0, T] of each row, shape (B), or one scalar for all rows.</param>
    /// <returns>Scores, shape (B, d).</returns>
    /// <exception cref="ArgumentException">x is not (B, d), t is neither (B) nor a scalar, or a time is not finite.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A time ∉ (0, T].</exception>
    public override Tensor forward(Tensor x, Tensor t)
    {
        using var scope = NewDisposeScope();
        var (noise, sigma) = NoiseEstimate(x, t);
        return noise.div(sigma).neg().MoveToOuterDisposeScope();
    }

    /// <summary>The predicted noise ε_θ(x, t) = −σ(t) s_θ(x, t) of a batch: the network's own output.</summary>
    /// <param name="x">Points, shape (B, d).</param>
    /// <param name="t">The time t ∈ (0, T] of each row, shape (B), or one scalar for all rows.</param>
    /// <returns>Noise estimates, shape (B, d).</returns>
    /// <exception cref="ArgumentException">x is not (B, d), t is neither (B) nor a scalar, or a time is not finite.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A time ∉ (0, T].</exception>
    public Tensor PredictNoise(Tensor x, Tensor t)
    {
        using var scope = NewDisposeScope();
        return NoiseEstimate(x, t).Noise.MoveToOuterDisposeScope();
    }

    /// <summary>The score at every row of an n×d matrix at one time, without gradients: for plotting and for the CPU samplers.</summary>
    /// <param name="points">n points, one per row.</param>
    /// <param name="t">The time t ∈ (0, T].</param>
    /// <returns>The n×d matrix of scores (float32 values, as doubles).</returns>
    /// <remarks>As a method group it is a <c>Func&lt;Matrix&lt;double&gt;, double, Matrix&lt;double&gt;&gt;</c>, the score form of <see cref="ReverseSampler"/>, <see cref="ProbabilityFlow"/> and <see cref="Likelihood"/>.</remarks>
    /// <exception cref="ArgumentNullException">points is null.</exception>
    /// <exception cref="ArgumentException">points does not have d columns, or t is not finite.</exception>
    /// <exception cref="ArgumentOutOfRangeException">t ∉ (0, T].</exception>
    public Matrix<double> Score(Matrix<double> points, double t)
    {
        ArgumentNullException.ThrowIfNull(points);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var x = points.ToTensor(network.Device);
        return forward(x, full(x.shape[0], t, ScalarType.Float32, x.device)).ToMatrix();
    }

    /// <inheritdoc />
    public override string ToString() => $"TimeConditionalScoreNetwork(d = {Dimension}, {Sde})";

    private (Tensor Noise, Tensor Sigma) NoiseEstimate(Tensor x, Tensor t)
    {
        Mlp.CheckPoints(x, Dimension, nameof(x));
        var times = ConditionedMlp.Levels(t, x, nameof(t), positive: false);   // (B)
        var alpha = Sde.MeanScale(times);                                        // (B)
        var sigma = Sde.Std(times);                                              // (B)
        if (x.shape[0] > 0 && sigma.le(0).any().item<bool>())
            throw new ArgumentOutOfRangeException(nameof(t), $"every t must be > 0, where σ(t) > 0; the score −ε_θ/σ(t) is undefined at t = 0 (samplers stop at ε = {Sde.Eps:G3}).");
        var inputScale = alpha.square().mul(DataStd * DataStd).add(sigma.square()).rsqrt().unsqueeze(1); // (B, 1)
        var noise = network.forward(x.mul(inputScale), sigma.div(alpha).log());                          // (B, d)
        return (noise, sigma.unsqueeze(1));
    }
}
