using ScoreNotebooks.Torch.Networks;
using ScoreNotebooks.Torch.ScoreMatching;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace ScoreNotebooks.Torch.Training;

public static partial class Trainer
{
    /// <summary>Trains a velocity network with the conditional flow-matching loss on straight paths from N(0, I) to the data.</summary>
    /// <param name="network">The network v_θ(x, t), e.g. a <see cref="VelocityNetwork"/>.</param>
    /// <param name="data">The training points, shape (n, d).</param>
    /// <param name="options">The settings, or null for the defaults.</param>
    /// <remarks>
    /// The loss is <see cref="FlowMatchingLoss.ConditionalOt(Func{Tensor, Tensor, Tensor}, Tensor, Generator)"/>; for mixture data its
    /// floor is <c>FlowMatching.IrreducibleLoss</c>, and the gap above the floor is the network's mean squared velocity error.
    /// </remarks>
    /// <exception cref="ArgumentNullException">network or data is null.</exception>
    /// <exception cref="ArgumentException">As for <see cref="Run"/>.</exception>
    public static IEnumerable<TrainingStep> FlowMatching(Module<Tensor, Tensor, Tensor> network, Tensor data, TrainingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        return Run(network.parameters(), data, (batch, generator) => FlowMatchingLoss.ConditionalOt(network.forward, batch, generator), options);
    }
}
