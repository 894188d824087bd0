using MathNet.Numerics.LinearAlgebra;

namespace ScoreNotebooks.ScoreMatching;

/// <summary>
/// A model s_θ : ℝᵈ → ℝᵈ of the score ∇ₓ log p(x), together with its divergence ∇ₓ·s_θ(x),
/// the two quantities score matching needs.
/// </summary>
/// <remarks>
/// Implementations: <see cref="GaussianScoreModel"/> (s = −P(x − μ)), <see cref="LinearScoreModel"/>
/// (s = W φ(x) with exact feature Jacobians) and <see cref="FunctionScoreModel"/> (any closure,
/// with an exact or finite-difference divergence). The divergence is the trace of the Jacobian,
/// ∇·s(x) = Σᵢ ∂sᵢ/∂xᵢ (Hyvärinen 2005, Theorem 1, writes it as Σᵢ ∂ψᵢ/∂ξᵢ).
/// </remarks>
public interface IScoreModel
{
    /// <summary>The dimension d ≥ 1 of the space.</summary>
    int Dimension { get; }

    /// <summary>The model score s_θ(x) ∈ ℝᵈ at one point.</summary>
    /// <exception cref="ArgumentException">x has the wrong dimension or a non-finite entry.</exception>
    Vector<double> Score(Vector<double> x);

    /// <summary>The model score at every row of an n×d matrix; returns an n×d matrix.</summary>
    /// <exception cref="ArgumentException">xs does not have d columns or has a non-finite entry.</exception>
    Matrix<double> Score(Matrix<double> xs);

    /// <summary>The divergence ∇ₓ·s_θ(x) = Σᵢ ∂s_θ,ᵢ/∂xᵢ at one point, any real number.</summary>
    /// <exception cref="ArgumentException">x has the wrong dimension or a non-finite entry.</exception>
    double Divergence(Vector<double> x);

    /// <summary>The divergence at every row of an n×d matrix; returns a vector of length n.</summary>
    /// <exception cref="ArgumentException">xs does not have d columns or has a non-finite entry.</exception>
    Vector<double> Divergence(Matrix<double> xs);
}
