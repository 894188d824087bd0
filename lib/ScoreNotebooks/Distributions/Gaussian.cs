using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Factorization;

namespace ScoreNotebooks.Distributions;

/// <summary>
/// The multivariate normal N(μ, Σ) on ℝᵈ with a full covariance, factorised once by Cholesky.
/// </summary>
/// <remarks>
/// log p(x) = −½ (x − μ)ᵀ Σ⁻¹ (x − μ) − ½ log det Σ − (d/2) log 2π, and
/// ∇ₓ log p(x) = −Σ⁻¹ (x − μ). With Σ = L Lᵀ, a sample is μ + L z with z ~ N(0, I).
/// Instances are immutable; randomness is always passed in.
/// </remarks>
public sealed class Gaussian : IDistribution
{
    private static readonly double LogTwoPi = Math.Log(2 * Math.PI);

    private readonly Cholesky<double> cholesky;

    /// <summary>Creates N(μ, Σ).</summary>
    /// <param name="mean">The mean μ ∈ ℝᵈ, finite.</param>
    /// <param name="covariance">The covariance Σ, d×d, symmetric positive definite.</param>
    /// <exception cref="ArgumentException">
    /// A dimension mismatch, a non-finite entry, or a covariance that is not symmetric positive definite.
    /// </exception>
    public Gaussian(Vector<double> mean, Matrix<double> covariance)
    {
        Guard.Finite(mean, nameof(mean));
        Guard.Finite(covariance, nameof(covariance));
        if (mean.Count == 0)
            throw new ArgumentException("mean must have at least one entry.", nameof(mean));
        if (covariance.RowCount != mean.Count || covariance.ColumnCount != mean.Count)
            throw new ArgumentException(
                $"covariance is {covariance.RowCount}×{covariance.ColumnCount} but mean has dimension {mean.Count}.",
                nameof(covariance));
        cholesky = SpdFactor(covariance, nameof(covariance));
        Mean = mean.Clone();
        Covariance = covariance.Clone();
        // log det Σ = 2 Σᵢ log Lᵢᵢ, computed from the factor so it never overflows.
        LogDeterminant = 2 * cholesky.Factor.Diagonal().PointwiseLog().Sum();
    }

    /// <summary>N(μ, σ² I): an isotropic Gaussian with standard deviation σ &gt; 0 in every direction.</summary>
    /// <exception cref="ArgumentException">σ ≤ 0 or a non-finite entry.</exception>
    public static Gaussian Isotropic(Vector<double> mean, double sigma)
    {
        Guard.Positive(sigma, nameof(sigma));
        Guard.Finite(mean, nameof(mean));
        return new Gaussian(mean, Matrix<double>.Build.DenseIdentity(mean.Count) * (sigma * sigma));
    }

    /// <summary>The standard normal N(0, I) in dimension d ≥ 1.</summary>
    public static Gaussian Standard(int dimension)
    {
        Guard.Positive(dimension, nameof(dimension));
        return new Gaussian(Vector<double>.Build.Dense(dimension), Matrix<double>.Build.DenseIdentity(dimension));
    }

    /// <summary>The one-dimensional N(μ, v) with mean μ and variance v &gt; 0.</summary>
    public static Gaussian WithMeanVariance(double mean, double variance)
    {
        Guard.Finite(mean, nameof(mean));
        Guard.Positive(variance, nameof(variance));
        return new Gaussian(Vector<double>.Build.Dense(1, mean), Matrix<double>.Build.Dense(1, 1, variance));
    }

    /// <summary>N(μ, diag(v)) with per-coordinate variances vᵢ &gt; 0.</summary>
    public static Gaussian Diagonal(Vector<double> mean, Vector<double> variances)
    {
        Guard.Finite(variances, nameof(variances));
        for (int i = 0; i < variances.Count; i++)
            Guard.Positive(variances[i], nameof(variances));
        return new Gaussian(mean, Matrix<double>.Build.DenseOfDiagonalVector(variances));
    }

    /// <inheritdoc />
    public int Dimension => Mean.Count;

    /// <summary>The mean μ ∈ ℝᵈ.</summary>
    public Vector<double> Mean { get; }

    /// <summary>The covariance Σ, d×d symmetric positive definite.</summary>
    public Matrix<double> Covariance { get; }

    /// <summary>The lower-triangular Cholesky factor L with Σ = L Lᵀ.</summary>
    public Matrix<double> CholeskyFactor => cholesky.Factor;

    /// <summary>log det Σ, any real number.</summary>
    public double LogDeterminant { get; }

    /// <summary>The precision Σ⁻¹, d×d symmetric positive definite.</summary>
    public Matrix<double> Precision() => cholesky.Solve(Matrix<double>.Build.DenseIdentity(Dimension));

    /// <summary>Solves Σ y = b for y, using the stored Cholesky factor.</summary>
    /// <exception cref="ArgumentException">b has the wrong dimension.</exception>
    public Vector<double> Solve(Vector<double> b)
    {
        Guard.Point(b, Dimension, nameof(b));
        return cholesky.Solve(b);
    }

    /// <inheritdoc />
    public double LogDensity(Vector<double> x)
    {
        Guard.Point(x, Dimension, nameof(x));
        return LogDensityUnchecked(x);
    }

    /// <inheritdoc />
    public Vector<double> LogDensity(Matrix<double> xs)
    {
        Guard.Batch(xs, Dimension, nameof(xs));
        // Row by row as in the per-point overload, on flat copies: no vector per row.
        int n = xs.RowCount, d = Dimension;
        double[] x = xs.ToColumnMajorArray(); // x[i + n·j] = xs[i, j]
        double[] lower = cholesky.Factor.ToRowMajorArray(); // lower[j·d + k] = L[j, k]
        double[] mean = Mean.ToArray();
        double constant = LogDeterminant + d * LogTwoPi;
        var y = new double[d];
        var result = new double[n];
        for (int i = 0; i < n; i++)
        {
            double squares = 0;
            for (int j = 0; j < d; j++)
            {
                double sum = x[i + n * j] - mean[j];
                for (int k = 0; k < j; k++)
                    sum -= lower[j * d + k] * y[k];
                y[j] = sum / lower[j * d + j];
                squares += y[j] * y[j];
            }
            result[i] = -0.5 * (squares + constant);
        }
        return Vector<double>.Build.Dense(result);
    }

    /// <inheritdoc />
    public Vector<double> Score(Vector<double> x)
    {
        Guard.Point(x, Dimension, nameof(x));
        return -cholesky.Solve(x - Mean);
    }

    /// <inheritdoc />
    public Matrix<double> Score(Matrix<double> xs)
    {
        Guard.Batch(xs, Dimension, nameof(xs));
        // Rows are points: S = −(X − 1μᵀ) Σ⁻¹, solved as −(Σ⁻¹ (X − 1μᵀ)ᵀ)ᵀ.
        var centred = CentredRows(xs);
        return -cholesky.Solve(centred.Transpose()).Transpose();
    }

    /// <inheritdoc />
    public Matrix<double> Sample(Random rng, int n)
    {
        Guard.NotNull(rng, nameof(rng));
        if (n < 0)
            throw new ArgumentOutOfRangeException(nameof(n), n, "n must be ≥ 0.");
        // Rows x = L z + μ with z ~ N(0, I), drawn row by row as StandardNormalMatrix draws them.
        int d = Dimension;
        double[] lower = cholesky.Factor.ToRowMajorArray(); // lower[j·d + k] = L[j, k]
        double[] mean = Mean.ToArray();
        var z = new double[d];
        var x = new double[n * d]; // column-major: x[i + n·j] is row i, column j
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < d; j++)
                z[j] = MathNet.Numerics.Distributions.Normal.Sample(rng, 0.0, 1.0);
            for (int j = 0; j < d; j++)
            {
                double sum = 0;
                for (int k = 0; k <= j; k++)
                    sum += lower[j * d + k] * z[k];
                x[i + n * j] = sum + mean[j];
            }
        }
        return Matrix<double>.Build.Dense(n, d, x);
    }

    /// <summary>Draws one sample x ∈ ℝᵈ.</summary>
    public Vector<double> Sample(Random rng) => Sample(rng, 1).Row(0);

    /// <inheritdoc />
    public override string ToString() =>
        Dimension == 1
            ? $"N(μ={Mean[0]:G4}, σ²={Covariance[0, 0]:G4})"
            : $"N(μ=[{string.Join(", ", Mean.Select(m => m.ToString("G4")))}], Σ {Dimension}×{Dimension})";

    internal double LogDensityUnchecked(Vector<double> x)
    {
        // Mahalanobis term via the triangular solve L y = x − μ, so ‖y‖² = (x − μ)ᵀ Σ⁻¹ (x − μ).
        var y = ForwardSubstitute(cholesky.Factor, x - Mean);
        return -0.5 * (y.DotProduct(y) + LogDeterminant + Dimension * LogTwoPi);
    }

    internal static Cholesky<double> SpdFactor(Matrix<double> covariance, string paramName)
    {
        int d = covariance.RowCount;
        double scale = covariance.Enumerate().Max(Math.Abs);
        for (int i = 0; i < d; i++)
        {
            for (int j = i + 1; j < d; j++)
            {
                if (Math.Abs(covariance[i, j] - covariance[j, i]) > 1e-10 * Math.Max(scale, 1e-300))
                    throw new ArgumentException(
                        $"{paramName} is not symmetric: entry [{i}, {j}] = {covariance[i, j]} but [{j}, {i}] = {covariance[j, i]}.",
                        paramName);
            }
        }
        for (int i = 0; i < d; i++)
        {
            if (covariance[i, i] <= 0)
                throw new ArgumentException(
                    $"{paramName} is not positive definite: diagonal entry [{i}, {i}] = {covariance[i, i]} must be > 0.", paramName);
        }
        Cholesky<double> factor;
        try
        {
            factor = covariance.Cholesky();
        }
        catch (ArgumentException)
        {
            throw new ArgumentException($"{paramName} is not positive definite (its Cholesky factorisation failed).", paramName);
        }
        var diagonal = factor.Factor.Diagonal();
        if (diagonal.Any(v => !(v > 0) || !double.IsFinite(v)))
            throw new ArgumentException($"{paramName} is not positive definite (its Cholesky factor has a non-positive pivot).", paramName);
        return factor;
    }

    internal static Matrix<double> StandardNormalMatrix(Random rng, int rows, int columns)
    {
        var z = new double[rows * columns]; // column-major
        // Drawn row by row, so that the first k rows of a larger draw equal a draw of k rows.
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < columns; j++)
                z[i + rows * j] = MathNet.Numerics.Distributions.Normal.Sample(rng, 0.0, 1.0);
        }
        return Matrix<double>.Build.Dense(rows, columns, z);
    }

    private Matrix<double> CentredRows(Matrix<double> xs)
    {
        var centred = xs.Clone();
        for (int i = 0; i < xs.RowCount; i++)
            centred.SetRow(i, xs.Row(i) - Mean);
        return centred;
    }

    private static Vector<double> ForwardSubstitute(Matrix<double> lower, Vector<double> b)
    {
        int d = b.Count;
        var y = Vector<double>.Build.Dense(d);
        for (int i = 0; i < d; i++)
        {
            double sum = b[i];
            for (int k = 0; k < i; k++)
                sum -= lower[i, k] * y[k];
            y[i] = sum / lower[i, i];
        }
        return y;
    }
}
