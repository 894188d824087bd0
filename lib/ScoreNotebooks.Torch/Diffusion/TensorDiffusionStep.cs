using ScoreNotebooks.Diffusion;
using static TorchSharp.torch;

namespace ScoreNotebooks.Torch.Diffusion;

/// <summary>
/// One recorded step of a tensor diffusion sampler (<see cref="TensorReverseSampler"/>,
/// <see cref="TensorProbabilityFlow.Steps"/>): the tensor counterpart of <see cref="DiffusionStep"/>.
/// </summary>
/// <param name="Step">The step index i ≥ 0; step 0 is the starting particles.</param>
/// <param name="Time">The diffusion time t ∈ [0, T] of the particles.</param>
/// <param name="Particles">The particles at time t, shape (n, d): a detached copy owned by this record.</param>
public sealed record TensorDiffusionStep(int Step, double Time, Tensor Particles);
