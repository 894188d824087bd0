using MathNet.Numerics.LinearAlgebra;

namespace ScoreNotebooks.Numerics;

/// <summary>
/// Short forms for the small vectors and matrices a notebook cell writes out by hand:
/// <c>Vec(1.0, -0.5)</c> for x = (1, −0.5) and <c>Mat([1.0, 0.6], [0.6, 0.5])</c> for the
/// 2 × 2 matrix with rows (1, 0.6) and (0.6, 0.5). Bring them into scope with
/// <c>using static ScoreNotebooks.Numerics.Literals;</c>.
/// </summary>
/// <remarks>
/// Both return dense MathNet.Numerics objects that own a copy of the entries, so changing the
/// arrays passed in afterwards does not change the result. Entries are taken as given (NaN and
/// ±∞ included); whoever consumes the vector or matrix validates what it needs.
/// </remarks>
public static class Literals
{
    /// <summary>The dense vector x = (x₀, …, x_{n−1}) with the entries in the order given.</summary>
    /// <param name="entries">The entries xᵢ; at least one.</param>
    /// <returns>A new dense <see cref="Vector{T}"/> of length n ≥ 1.</returns>
    /// <exception cref="ArgumentNullException">entries is null.</exception>
    /// <exception cref="ArgumentException">entries is empty.</exception>
    public static Vector<double> Vec(params double[] entries)
    {
        Guard.NotNull(entries, nameof(entries));
        if (entries.Length == 0)
            throw new ArgumentException("A vector needs at least one entry.", nameof(entries));
        return Vector<double>.Build.Dense((double[])entries.Clone());
    }

    /// <summary>The dense m × n matrix A whose row i is <paramref name="rows"/>[i].</summary>
    /// <param name="rows">The rows of A, top to bottom: m ≥ 1 arrays, each of the same length n ≥ 1.</param>
    /// <returns>A new dense m × n <see cref="Matrix{T}"/> with A[i, j] = rows[i][j].</returns>
    /// <exception cref="ArgumentNullException">rows, or one of its rows, is null; the message names the row.</exception>
    /// <exception cref="ArgumentException">
    /// There are no rows, the first row is empty, or a row's length differs from the first row's
    /// (a ragged matrix); the message names the row and both lengths.
    /// </exception>
    public static Matrix<double> Mat(params double[][] rows)
    {
        Guard.NotNull(rows, nameof(rows));
        if (rows.Length == 0)
            throw new ArgumentException("A matrix needs at least one row.", nameof(rows));
        for (int i = 0; i < rows.Length; i++)
        {
            if (rows[i] is null)
                throw new ArgumentNullException(nameof(rows), $"Row {i} of the matrix is null.");
        }
        int columns = rows[0].Length;
        if (columns == 0)
            throw new ArgumentException("Row 0 of the matrix is empty; rows need at least one entry.",
                nameof(rows));
        for (int i = 1; i < rows.Length; i++)
        {
            if (rows[i].Length != columns)
                throw new ArgumentException(
                    $"Row {i} of the matrix has {rows[i].Length} entries, but row 0 has {columns}; "
                    + "every row must have the same length.", nameof(rows));
        }
        return Matrix<double>.Build.Dense(rows.Length, columns, (i, j) => rows[i][j]);
    }
}
