using MathNet.Numerics.LinearAlgebra;

namespace ScoreNotebooks.Diffusion;

/// <summary>
/// Log-likelihoods from the probability-flow ODE (<see cref="Likelihood.LogDensity(Sde, Func{Matrix{double}, double, Matrix{double}}, Func{Matrix{double}, double, Vector{double}}, Matrix{double}, Numerics.OdeMethod, double?, Func{Matrix{double}, Vector{double}}?)"/>):
/// log p(x) = log p_T(x_T) + ∫ ∇·f̃ dt for every point, with its two parts and the work done.
/// </summary>
/// <param name="LogDensity">log p_from(xᵢ) for every point i: the sum of the next two vectors.</param>
/// <param name="PriorLogDensity">log p_T(x_T,ᵢ), the prior (or the given terminal) log-density at each encoded point.</param>
/// <param name="DivergenceIntegral">∫_from^T ∇·f̃(xᵢ(t), t) dt for every point: the change of log-density along the flow.</param>
/// <param name="Latent">The encoded points x_T, one per row of an n×d matrix.</param>
/// <param name="Steps">The accepted ODE steps.</param>
/// <param name="RejectedSteps">The steps rejected by the error control (0 for a fixed-step method).</param>
/// <param name="Evaluations">The evaluations of the augmented ODE's right-hand side (each one batch score and divergence).</param>
public sealed record LikelihoodResult(
    Vector<double> LogDensity,
    Vector<double> PriorLogDensity,
    Vector<double> DivergenceIntegral,
    Matrix<double> Latent,
    int Steps,
    int RejectedSteps,
    int Evaluations);
