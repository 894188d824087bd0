using MathNet.Numerics.LinearAlgebra;

namespace ScoreNotebooks.Sampling;

/// <summary>One recorded step of <see cref="Langevin.Steps(Random, Func{Matrix{double}, Matrix{double}}, Matrix{double}, double, int, int)"/>.</summary>
/// <param name="Step">The step index t ≥ 0; t = 0 is the initial particles, before any update.</param>
/// <param name="Particles">
/// The particles xₜ after t updates, one per row of an n×d matrix. A copy owned by this record:
/// later steps never change it, and changing it does not affect the chain.
/// </param>
public sealed record LangevinStep(int Step, Matrix<double> Particles);
