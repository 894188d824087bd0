using static TorchSharp.torch;

namespace ScoreNotebooks.Torch.Diffusion;

/// <summary>The end point of a tensor probability-flow solve (<see cref="TensorProbabilityFlow.Solve"/>) with the work it took.</summary>
/// <param name="Particles">The particles at <paramref name="Time"/>, shape (n, d): a detached copy owned by this record.</param>
/// <param name="Time">The time the solve ended at.</param>
/// <param name="Steps">The RK4 steps taken.</param>
/// <param name="Evaluations">The evaluations of the ODE's right-hand side (4 per step), each one batched call of the score.</param>
public sealed record TensorFlowResult(Tensor Particles, double Time, int Steps, int Evaluations);
