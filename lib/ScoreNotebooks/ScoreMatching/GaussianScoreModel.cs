using MathNet.Numerics.LinearAlgebra;
using ScoreNotebooks.Distributions;
using ScoreNotebooks.MaximumLikelihood;

namespace ScoreNotebooks.ScoreMatching;

/// <summary>
/// The score of a Gaussian model, s(x) = −P (x − μ) with mean μ ∈ ℝᵈ and symmetric positive
/// definite precision P, and its score-matching fit in closed form.
/// </summary>
/// <remarks>
/// The Jacobian of s is −P everywhere, so ∇·s(x) = −tr P, a constant. For this model
/// Hyvärinen's objective on n samples with mean x̄ and biased covariance Ŝ = (1/n) Σ (xᵢ − x̄)(xᵢ − x̄)ᵀ is
/// L_SM(μ, P) = (1/n) Σ ‖P(xᵢ − μ)‖² − 2 tr P = tr(P Ŝ P) + ‖P(x̄ − μ)‖² − 2 tr P,
/// minimised by μ = x̄ and P = Ŝ⁻¹: the maximum-likelihood estimate (Hyvärinen 2005, section 3.1).
/// </remarks>
public sealed class GaussianScoreModel : IScoreModel
{
    /// <summary>The largest dimension <see cref="FitByScoreMatching"/> accepts; its linear system has d² unknowns.</summary>
    public const int MaximumFitDimension = 32;

    /// <summary>Creates s(x) = −P (x − μ).</summary>
    /// <param name="mean">The mean μ ∈ ℝᵈ, finite, d ≥ 1.</param>
    /// <param name="precision">The precision P, d×d symmetric positive definite.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">
    /// A non-finite entry, an empty mean, a dimension mismatch, or a precision that is not symmetric positive definite.
    /// </exception>
    public GaussianScoreModel(Vector<double> mean, Matrix<double> precision)
    {
        Guard.Finite(mean, nameof(mean));
        Guard.Finite(precision, nameof(precision));
        if (mean.Count == 0)
            throw new ArgumentException("mean must have at least one entry.", nameof(mean));
        if (precision.RowCount != mean.Count || precision.ColumnCount != mean.Count)
            throw new ArgumentException(
                $"precision is {precision.RowCount}×{precision.ColumnCount} but mean has dimension {mean.Count}.", nameof(precision));
        Gaussian.SpdFactor(precision, nameof(precision));
        Mean = mean.Clone();
        Precision = precision.Clone();
    }

    /// <summary>The score of a Gaussian N(μ, Σ): μ and P = Σ⁻¹.</summary>
    /// <param name="gaussian">The Gaussian.</param>
    /// <exception cref="ArgumentNullException">gaussian is null.</exception>
    public static GaussianScoreModel FromGaussian(Gaussian gaussian)
    {
        Guard.NotNull(gaussian, nameof(gaussian));
        var precision = gaussian.Precision();
        return new GaussianScoreModel(gaussian.Mean, (precision + precision.Transpose()) * 0.5);
    }

    /// <summary>The 1D model s(x) = −(x − μ)/v with mean μ and variance v &gt; 0.</summary>
    /// <exception cref="ArgumentException">μ not finite, or v ≤ 0 or not finite.</exception>
    public static GaussianScoreModel WithMeanVariance(double mean, double variance)
    {
        Guard.Finite(mean, nameof(mean));
        Guard.Positive(variance, nameof(variance));
        return new GaussianScoreModel(Vector<double>.Build.Dense(1, mean), Matrix<double>.Build.Dense(1, 1, 1 / variance));
    }

    /// <summary>Fits μ and P by minimising Hyvärinen's objective L_SM on samples, in closed form.</summary>
    /// <param name="samples">n samples, one per row of an n×d matrix, finite, with a nonsingular sample covariance (n &gt; d), d ≤ 32.</param>
    /// <remarks>
    /// ∂L_SM/∂μ = −2P²(x̄ − μ) = 0 gives μ = x̄. For fixed μ = x̄, L_SM is quadratic in the symmetric P
    /// and its stationarity condition is the Lyapunov equation P Ŝ + Ŝ P = 2I. It is solved as the
    /// linear system (Ŝ ⊗ I + I ⊗ Ŝ) vec P = 2 vec I of d² unknowns, whose matrix is symmetric positive
    /// definite (eigenvalues λᵢ + λⱼ of Ŝ), by Cholesky. Its unique solution is P = Ŝ⁻¹, so the fit equals
    /// <see cref="GaussianMle.Fit"/> up to rounding although no inverse of Ŝ is formed here.
    /// </remarks>
    /// <exception cref="ArgumentNullException">samples is null.</exception>
    /// <exception cref="ArgumentException">
    /// A non-finite entry, d &gt; 32, or a singular sample covariance (too few or collinear samples).
    /// </exception>
    public static GaussianScoreModel FitByScoreMatching(Matrix<double> samples)
    {
        Guard.Finite(samples, nameof(samples));
        int d = samples.ColumnCount;
        if (d == 0 || d > MaximumFitDimension)
            throw new ArgumentException($"samples has {d} columns; the closed-form fit needs 1 ≤ d ≤ {MaximumFitDimension}.", nameof(samples));
        var mean = GaussianMle.Mean(samples);
        var covariance = GaussianMle.Covariance(samples);
        var identity = Matrix<double>.Build.DenseIdentity(d);
        var system = covariance.KroneckerProduct(identity) + identity.KroneckerProduct(covariance); // (d², d²)
        var rhs = Vector<double>.Build.DenseOfArray(identity.ToColumnMajorArray()) * 2;
        Vector<double> vecP;
        try
        {
            vecP = system.Cholesky().Solve(rhs);
        }
        catch (ArgumentException)
        {
            throw new ArgumentException(
                $"samples ({samples.RowCount} rows, {d} columns) have a singular covariance; score matching needs n > d points in general position.",
                nameof(samples));
        }
        var precision = Matrix<double>.Build.DenseOfColumnMajor(d, d, vecP.ToArray());
        return new GaussianScoreModel(mean, (precision + precision.Transpose()) * 0.5);
    }

    /// <inheritdoc />
    public int Dimension => Mean.Count;

    /// <summary>The mean μ ∈ ℝᵈ, where the score vanishes.</summary>
    public Vector<double> Mean { get; }

    /// <summary>The precision P, d×d symmetric positive definite.</summary>
    public Matrix<double> Precision { get; }

    /// <summary>The Gaussian N(μ, P⁻¹) whose score this is.</summary>
    public Gaussian ToGaussian()
    {
        var covariance = Gaussian.SpdFactor(Precision, nameof(Precision)).Solve(Matrix<double>.Build.DenseIdentity(Dimension));
        return new Gaussian(Mean, (covariance + covariance.Transpose()) * 0.5);
    }

    /// <inheritdoc />
    /// <remarks>s(x) = −P (x − μ).</remarks>
    public Vector<double> Score(Vector<double> x)
    {
        Guard.Point(x, Dimension, nameof(x));
        return -(Precision * (x - Mean));
    }

    /// <inheritdoc />
    public Matrix<double> Score(Matrix<double> xs)
    {
        Guard.Batch(xs, Dimension, nameof(xs));
        // Rows are points and P is symmetric: S = −(X − 1μᵀ) P.
        var centred = Matrix<double>.Build.Dense(xs.RowCount, Dimension, (i, j) => xs[i, j] - Mean[j]);
        return -(centred * Precision);
    }

    /// <inheritdoc />
    /// <remarks>∇·s(x) = −tr P at every x.</remarks>
    public double Divergence(Vector<double> x)
    {
        Guard.Point(x, Dimension, nameof(x));
        return -Precision.Trace();
    }

    /// <inheritdoc />
    public Vector<double> Divergence(Matrix<double> xs)
    {
        Guard.Batch(xs, Dimension, nameof(xs));
        return Vector<double>.Build.Dense(xs.RowCount, -Precision.Trace());
    }

    /// <summary>The exact expectation of Hyvärinen's objective when the data are N(m, Σ).</summary>
    /// <param name="data">The data distribution N(m, Σ), of dimension d.</param>
    /// <remarks>
    /// E_p[‖s(x)‖² + 2∇·s(x)] = tr(P Σ P) + ‖P (m − μ)‖² − 2 tr P. Since the explicit objective is the
    /// Fisher divergence E_p‖s − ∇log p‖² = L_SM + E_p‖∇log p‖² and E_p‖∇log p‖² = tr Σ⁻¹, the two
    /// differ by tr Σ⁻¹ for every (μ, P).
    /// </remarks>
    /// <exception cref="ArgumentNullException">data is null.</exception>
    /// <exception cref="ArgumentException">data has a different dimension.</exception>
    public double ExpectedHyvarinenObjective(Gaussian data)
    {
        Guard.NotNull(data, nameof(data));
        if (data.Dimension != Dimension)
            throw new ArgumentException($"data has dimension {data.Dimension}, expected {Dimension}.", nameof(data));
        var offset = Precision * (data.Mean - Mean);
        return (Precision * data.Covariance * Precision).Trace() + offset.DotProduct(offset) - 2 * Precision.Trace();
    }

    /// <inheritdoc />
    public override string ToString() =>
        Dimension == 1
            ? $"s(x) = −{Precision[0, 0]:G4}·(x − {Mean[0]:G4})"
            : $"s(x) = −P(x − μ), μ=[{string.Join(", ", Mean.Select(m => m.ToString("G4")))}], P {Dimension}×{Dimension}";
}
