using MathNet.Numerics.LinearAlgebra;

namespace ScoreNotebooks.ScoreMatching;

/// <summary>
/// A feature map φ : ℝᵈ → ℝᵐ with a known Jacobian, the basis of a score model linear in its
/// parameters (<see cref="LinearScoreModel"/>).
/// </summary>
/// <remarks>
/// Implementations: <see cref="RbfFeatures"/> (Gaussian bumps at given centres) and
/// <see cref="PolynomialFeatures"/> (all monomials up to a degree). The Jacobian is
/// Jⱼₖ(x) = ∂φⱼ/∂xₖ, an m×d matrix, so the divergence of s = Wφ is exact: ∇·s = tr(W J).
/// </remarks>
public interface IFeatureMap
{
    /// <summary>The input dimension d ≥ 1.</summary>
    int InputDimension { get; }

    /// <summary>The number of features m ≥ 1.</summary>
    int FeatureCount { get; }

    /// <summary>The features φ(x) ∈ ℝᵐ.</summary>
    /// <exception cref="ArgumentException">x has the wrong dimension or a non-finite entry.</exception>
    Vector<double> Features(Vector<double> x);

    /// <summary>The Jacobian J(x) ∈ ℝ^{m×d}, Jⱼₖ = ∂φⱼ/∂xₖ.</summary>
    /// <exception cref="ArgumentException">x has the wrong dimension or a non-finite entry.</exception>
    Matrix<double> Jacobian(Vector<double> x);
}
