using ScoreNotebooks.Diffusion;
using ScoreNotebooks.Torch.Networks;
using ScoreNotebooks.Torch.ScoreMatching;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace ScoreNotebooks.Torch.Training;

public static partial class Trainer
{
    /// <summary>Trains a time-conditional score network with denoising score matching over diffusion time, t ~ U[ε, T].</summary>
    /// <param name="network">The network s_θ(x, t), e.g. a <see cref="TimeConditionalScoreNetwork"/> or a <see cref="NoiseConditionalScoreNetwork"/> with <see cref="NoiseInput.Time"/>.</param>
    /// <param name="data">The clean training points x₀, shape (n, d).</param>
    /// <param name="sde">The forward SDE.</param>
    /// <param name="options">The settings, or null for the defaults.</param>
    /// <param name="weighting">The weight λ(t) &gt; 0; null for λ(t) = σ(t)².</param>
    /// <remarks>
    /// The loss is <see cref="ScoreMatchingLoss.DenoisingOverTime(Func{Tensor, Tensor, Tensor}, Tensor, Sde, Generator, Func{double, double}?)"/>
    /// (Song et al. 2021, ICLR, Eq. 7); its floor for mixture data is <see cref="IrreducibleLoss.DenoisingOverTime"/>, and the
    /// gap above the floor is the weighted score error that <see cref="ScoreErrorOverTime.Estimate"/> measures.
    /// </remarks>
    /// <exception cref="ArgumentNullException">network, data or sde is null.</exception>
    /// <exception cref="ArgumentException">As for <see cref="Run"/>; during training, a weight that is not finite.</exception>
    public static IEnumerable<TrainingStep> DenoisingOverTime(
        Module<Tensor, Tensor, Tensor> network, Tensor data, Sde sde, TrainingOptions? options = null, Func<double, double>? weighting = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        return DenoisingOverTime(network.parameters(), network.forward, data, sde, options, weighting);
    }

    /// <summary>Trains the parameters behind any time-conditional score with denoising score matching over diffusion time.</summary>
    /// <param name="parameters">The parameters to train.</param>
    /// <param name="score">The score s_θ(x, t) they define.</param>
    /// <param name="data">The clean training points x₀, shape (n, d).</param>
    /// <param name="sde">The forward SDE.</param>
    /// <param name="options">The settings, or null for the defaults.</param>
    /// <param name="weighting">The weight λ(t) &gt; 0; null for λ(t) = σ(t)².</param>
    /// <remarks>Each step draws a minibatch, then its times and noise, from the one seeded generator.</remarks>
    /// <exception cref="ArgumentNullException">parameters, score, data or sde is null.</exception>
    /// <exception cref="ArgumentException">As for <see cref="Run"/>; during training, a weight that is not finite.</exception>
    public static IEnumerable<TrainingStep> DenoisingOverTime(
        IEnumerable<Parameter> parameters, Func<Tensor, Tensor, Tensor> score, Tensor data, Sde sde,
        TrainingOptions? options = null, Func<double, double>? weighting = null)
    {
        ArgumentNullException.ThrowIfNull(score);
        ArgumentNullException.ThrowIfNull(sde);
        return Run(parameters, data, (batch, generator) => ScoreMatchingLoss.DenoisingOverTime(score, batch, sde, generator, weighting), options);
    }
}
