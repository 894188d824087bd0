using static TorchSharp.torch;

namespace ScoreNotebooks.Torch.Sampling;

/// <summary>One recorded step of <see cref="TensorLangevin.Annealed"/>.</summary>
/// <param name="Level">The index i of the noise level, 0 for the largest σ; −1 for the initial particles.</param>
/// <param name="Sigma">The level σᵢ the step used; for the initial particles, the first level.</param>
/// <param name="Step">The number of updates so far, over all levels; 0 for the initial particles.</param>
/// <param name="StepSize">The step size εᵢ = ε σᵢ²/σ_L² at this level.</param>
/// <param name="Particles">The particles after these updates, shape (n, d): a detached copy owned by this record.</param>
public sealed record AnnealedLangevinStep(int Level, double Sigma, int Step, double StepSize, Tensor Particles);
