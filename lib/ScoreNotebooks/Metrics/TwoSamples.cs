using MathNet.Numerics.LinearAlgebra;

namespace ScoreNotebooks.Metrics;

/// <summary>Shared checks and pooling for the two-sample metrics: x is m×d, y is n×d, one point per row.</summary>
internal static class TwoSamples
{
    /// <summary>Checks both samples are finite, have at least <paramref name="minRows"/> rows and the same d ≥ 1 columns.</summary>
    public static void Check(Matrix<double>? x, Matrix<double>? y, int minRows)
    {
        Guard.Finite(x, nameof(x));
        Guard.Finite(y, nameof(y));
        if (x!.ColumnCount == 0)
            throw new ArgumentException("x has no columns; points need dimension d ≥ 1.", nameof(x));
        if (y!.ColumnCount != x.ColumnCount)
            throw new ArgumentException(
                $"y has {y.ColumnCount} columns but x has {x.ColumnCount}; both samples must have the same dimension.", nameof(y));
        if (x.RowCount < minRows)
            throw new ArgumentException($"x has {x.RowCount} rows; at least {minRows} points are needed.", nameof(x));
        if (y.RowCount < minRows)
            throw new ArgumentException($"y has {y.RowCount} rows; at least {minRows} points are needed.", nameof(y));
    }

    /// <summary>The (m + n)×d matrix with the rows of x above the rows of y.</summary>
    public static Matrix<double> Pool(Matrix<double> x, Matrix<double> y) => x.Stack(y);

    /// <summary>
    /// The N×N matrix of squared distances ‖zᵢ − zⱼ‖² between the rows of z, from ‖a‖² + ‖b‖² − 2 a·b.
    /// </summary>
    /// <remarks>
    /// One matrix product Z Zᵀ does the O(N² d) work. The rows are centred first because the distance is
    /// translation invariant and the expansion cancels catastrophically for points far from the origin;
    /// small negative results of rounding are clamped to 0 and the diagonal is set to exactly 0.
    /// </remarks>
    public static Matrix<double> SquaredDistances(Matrix<double> z)
    {
        var mean = z.ColumnSums() / z.RowCount;
        var centred = Matrix<double>.Build.Dense(z.RowCount, z.ColumnCount, (i, j) => z[i, j] - mean[j]); // (N, d)
        var gram = centred.TransposeAndMultiply(centred); // (N, N)
        var norms = gram.Diagonal();
        gram.MapIndexedInplace((i, j, g) => i == j ? 0 : Math.Max(0, norms[i] + norms[j] - 2 * g), Zeros.Include);
        return gram;
    }
}
