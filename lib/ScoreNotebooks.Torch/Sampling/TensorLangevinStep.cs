using static TorchSharp.torch;

namespace ScoreNotebooks.Torch.Sampling;

/// <summary>One recorded step of <see cref="TensorLangevin.Steps"/>.</summary>
/// <param name="Step">The step index t ≥ 0; t = 0 is the initial particles.</param>
/// <param name="Particles">The particles after t updates, shape (n, d): a detached copy owned by this record.</param>
public sealed record TensorLangevinStep(int Step, Tensor Particles);
