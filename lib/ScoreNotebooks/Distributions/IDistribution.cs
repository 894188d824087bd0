using MathNet.Numerics.LinearAlgebra;

namespace ScoreNotebooks.Distributions;

/// <summary>
/// A distribution on ℝᵈ whose density, score, moments and sampler are all known exactly.
/// Implemented by <see cref="Gaussian"/> and <see cref="GaussianMixture"/>, the exact oracles
/// of the series.
/// </summary>
public interface IDistribution
{
    /// <summary>The dimension d ≥ 1 of the space.</summary>
    int Dimension { get; }

    /// <summary>The mean E[x] ∈ ℝᵈ.</summary>
    Vector<double> Mean { get; }

    /// <summary>The covariance Cov[x], a d×d symmetric positive definite matrix.</summary>
    Matrix<double> Covariance { get; }

    /// <summary>The log-density log p(x) at one point x ∈ ℝᵈ.</summary>
    /// <exception cref="ArgumentException">x has the wrong dimension or a non-finite entry.</exception>
    double LogDensity(Vector<double> x);

    /// <summary>The log-density at every row of an n×d matrix; returns a vector of length n.</summary>
    /// <exception cref="ArgumentException">xs does not have d columns or has a non-finite entry.</exception>
    Vector<double> LogDensity(Matrix<double> xs);

    /// <summary>The score s(x) = ∇ₓ log p(x) ∈ ℝᵈ at one point.</summary>
    /// <exception cref="ArgumentException">x has the wrong dimension or a non-finite entry.</exception>
    Vector<double> Score(Vector<double> x);

    /// <summary>The score at every row of an n×d matrix; returns an n×d matrix.</summary>
    /// <exception cref="ArgumentException">xs does not have d columns or has a non-finite entry.</exception>
    Matrix<double> Score(Matrix<double> xs);

    /// <summary>Draws n ≥ 0 independent samples, one per row of the returned n×d matrix.</summary>
    /// <exception cref="ArgumentNullException">rng is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">n &lt; 0.</exception>
    Matrix<double> Sample(Random rng, int n);
}
