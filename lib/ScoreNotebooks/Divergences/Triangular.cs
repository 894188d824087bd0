using MathNet.Numerics.LinearAlgebra;

namespace ScoreNotebooks.Divergences;

/// <summary>Triangular solves for the closed-form divergences between Gaussians.</summary>
internal static class Triangular
{
    /// <summary>Solves L X = B for lower-triangular L by forward substitution, column by column.</summary>
    public static Matrix<double> LowerSolve(Matrix<double> lower, Matrix<double> rhs)
    {
        int d = lower.RowCount;
        var l = lower.ToArray();
        var x = rhs.ToArray();
        for (int c = 0; c < rhs.ColumnCount; c++)
        {
            for (int i = 0; i < d; i++)
            {
                double sum = x[i, c];
                for (int k = 0; k < i; k++)
                    sum -= l[i, k] * x[k, c];
                x[i, c] = sum / l[i, i];
            }
        }
        return Matrix<double>.Build.DenseOfArray(x);
    }

    /// <summary>Solves Lᵀ X = B for lower-triangular L by back substitution, column by column.</summary>
    public static Matrix<double> LowerTransposeSolve(Matrix<double> lower, Matrix<double> rhs)
    {
        int d = lower.RowCount;
        var l = lower.ToArray();
        var x = rhs.ToArray();
        for (int c = 0; c < rhs.ColumnCount; c++)
        {
            for (int i = d - 1; i >= 0; i--)
            {
                double sum = x[i, c];
                for (int k = i + 1; k < d; k++)
                    sum -= l[k, i] * x[k, c];
                x[i, c] = sum / l[i, i];
            }
        }
        return Matrix<double>.Build.DenseOfArray(x);
    }
}
