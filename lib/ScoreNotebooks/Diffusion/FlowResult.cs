using MathNet.Numerics.LinearAlgebra;

namespace ScoreNotebooks.Diffusion;

/// <summary>The end point of a probability-flow ODE solve (<see cref="ProbabilityFlow.Solve"/>) with the work it took.</summary>
/// <param name="Particles">The particles at <paramref name="Time"/>, one per row of an n×d matrix.</param>
/// <param name="Time">The time the solve ended at.</param>
/// <param name="Steps">The accepted steps.</param>
/// <param name="RejectedSteps">The steps rejected by the error control (0 for a fixed-step method).</param>
/// <param name="Evaluations">The evaluations of the ODE's right-hand side, each one batch evaluation of the score.</param>
public sealed record FlowResult(Matrix<double> Particles, double Time, int Steps, int RejectedSteps, int Evaluations);
