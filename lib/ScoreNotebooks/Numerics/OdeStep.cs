using MathNet.Numerics.LinearAlgebra;

namespace ScoreNotebooks.Numerics;

/// <summary>One accepted step of an ODE solver (<see cref="OdeMethod.Steps"/>), with the work done so far.</summary>
/// <param name="Step">The number of accepted steps so far; 0 is the initial state.</param>
/// <param name="Time">The time t reached.</param>
/// <param name="State">The state y(t) ∈ ℝᵐ; a vector the solver never changes afterwards.</param>
/// <param name="Evaluations">The number of evaluations of the right-hand side f so far (≥ 0).</param>
/// <param name="RejectedSteps">The number of steps tried and rejected by the error control so far (0 for fixed-step methods).</param>
public sealed record OdeStep(int Step, double Time, Vector<double> State, int Evaluations, int RejectedSteps);
