using static TorchSharp.torch;

namespace ScoreNotebooks.Torch.Diffusion;

/// <summary>
/// Log-likelihoods from the tensor probability-flow ODE (<see cref="TensorLikelihood.LogDensity"/>):
/// log p(x) = log p_T(x_T) + ∫ ∇·f̃ dt for every point, with its two parts and the work done.
/// </summary>
/// <param name="LogDensity">log p_from(xᵢ) for every point, shape (n): the sum of the next two tensors.</param>
/// <param name="PriorLogDensity">log p_T(x_T,ᵢ), the prior (or the given terminal) log-density at each encoded point, shape (n).</param>
/// <param name="DivergenceIntegral">∫_from^T ∇·f̃(xᵢ(t), t) dt for every point, shape (n): the change of log-density along the flow.</param>
/// <param name="Latent">The encoded points x_T, shape (n, d).</param>
/// <param name="Steps">The RK4 steps N.</param>
/// <param name="Evaluations">The evaluations of the augmented right-hand side, 4N: each is one batched forward pass of the score with its divergence.</param>
/// <param name="BackwardPasses">The backward passes the divergences took: d per evaluation when exact, 1 per evaluation with Hutchinson probes.</param>
public sealed record TensorLikelihoodResult(
    Tensor LogDensity,
    Tensor PriorLogDensity,
    Tensor DivergenceIntegral,
    Tensor Latent,
    int Steps,
    int Evaluations,
    int BackwardPasses);
