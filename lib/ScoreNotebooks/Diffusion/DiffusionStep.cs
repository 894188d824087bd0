using MathNet.Numerics.LinearAlgebra;

namespace ScoreNotebooks.Diffusion;

/// <summary>
/// One recorded step of a diffusion sampler or simulation: the forward simulation
/// (<see cref="Sde.Simulate"/>), the reverse samplers (<see cref="ReverseSampler"/>) and the
/// probability-flow ODE (<see cref="ProbabilityFlow.Steps"/>).
/// </summary>
/// <param name="Step">The step index i ≥ 0; step 0 is the starting particles.</param>
/// <param name="Time">The diffusion time t ∈ [0, T] of the particles.</param>
/// <param name="Particles">
/// The particles at time t, one per row of an n×d matrix. A copy owned by this record: later steps never
/// change it, and changing it does not affect the sampler.
/// </param>
public sealed record DiffusionStep(int Step, double Time, Matrix<double> Particles);
