using MathNet.Numerics.LinearAlgebra;

namespace ScoreNotebooks.Numerics;

/// <summary>
/// The log-sum-exp function log Σᵢ exp(aᵢ), computed without overflow or underflow; the
/// building block of mixture log-densities and responsibilities.
/// </summary>
/// <remarks>
/// With m = maxᵢ aᵢ, log Σᵢ exp(aᵢ) = m + log Σᵢ exp(aᵢ − m). Every shifted exponent is ≤ 0
/// and the largest is exactly 0, so the sum lies in [1, n] and neither overflows nor rounds to 0.
/// A naive evaluation overflows to +∞ for aᵢ ≳ 710 and underflows to log 0 = −∞ for aᵢ ≲ −745.
/// Entries −∞ contribute exp(−∞) = 0; if every entry is −∞ the result is −∞. An entry +∞ makes
/// the result +∞. NaN is rejected rather than propagated.
/// </remarks>
public static class LogSumExp
{
    /// <summary>log Σᵢ exp(aᵢ) of n ≥ 1 values aᵢ ∈ [−∞, +∞].</summary>
    /// <param name="values">The exponents aᵢ; at least one, none NaN.</param>
    /// <returns>A value in [max aᵢ, max aᵢ + log n].</returns>
    /// <remarks>m + log Σᵢ exp(aᵢ − m) with m = maxᵢ aᵢ.</remarks>
    /// <exception cref="ArgumentException">values is empty or contains NaN.</exception>
    public static double Of(ReadOnlySpan<double> values)
    {
        double max = MaxOf(values, nameof(values));
        if (double.IsInfinity(max))
            return max;
        double sum = 0;
        foreach (double a in values)
            sum += Math.Exp(a - max);
        return max + Math.Log(sum);
    }

    /// <summary>log Σᵢ exp(aᵢ) of the entries of a vector; see <see cref="Of(ReadOnlySpan{double})"/>.</summary>
    /// <param name="values">The exponents aᵢ; at least one, none NaN.</param>
    /// <exception cref="ArgumentNullException">values is null.</exception>
    /// <exception cref="ArgumentException">values is empty or contains NaN.</exception>
    public static double Of(Vector<double> values)
    {
        Guard.NotNull(values, nameof(values));
        return Of(values.ToArray());
    }

    /// <summary>The weighted log Σᵢ wᵢ exp(aᵢ) with weights wᵢ ≥ 0.</summary>
    /// <param name="values">The exponents aᵢ; at least one, none NaN.</param>
    /// <param name="weights">The weights wᵢ ≥ 0, finite, one per value.</param>
    /// <remarks>
    /// Equals log Σᵢ exp(aᵢ + log wᵢ): terms with wᵢ = 0 drop out (even where aᵢ = +∞), and the
    /// result is −∞ when every weight is 0. The shift m is the maximum over terms with wᵢ &gt; 0.
    /// </remarks>
    /// <exception cref="ArgumentException">
    /// values is empty or contains NaN (ParamName "values"); weights has the wrong length or an
    /// entry that is negative or not finite (ParamName "weights").
    /// </exception>
    public static double Of(ReadOnlySpan<double> values, ReadOnlySpan<double> weights)
    {
        MaxOf(values, nameof(values));
        if (weights.Length != values.Length)
            throw new ArgumentException($"weights has {weights.Length} entries but values has {values.Length}.", nameof(weights));
        var shifted = new double[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            double w = weights[i];
            if (!double.IsFinite(w) || w < 0)
                throw new ArgumentException($"weights[{i}] is {w}; every weight must be finite and ≥ 0.", nameof(weights));
            shifted[i] = w == 0 ? double.NegativeInfinity : values[i] + Math.Log(w);
        }
        return Of(shifted);
    }

    /// <summary>The weighted log Σᵢ wᵢ exp(aᵢ) of two vectors; see <see cref="Of(ReadOnlySpan{double}, ReadOnlySpan{double})"/>.</summary>
    /// <param name="values">The exponents aᵢ; at least one, none NaN.</param>
    /// <param name="weights">The weights wᵢ ≥ 0, finite, one per value.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">As for the span overload.</exception>
    public static double Of(Vector<double> values, Vector<double> weights)
    {
        Guard.NotNull(values, nameof(values));
        Guard.NotNull(weights, nameof(weights));
        return Of(values.ToArray(), weights.ToArray());
    }

    /// <summary>log Σⱼ exp(aᵢⱼ) of every row of an n×K matrix; returns a vector of length n.</summary>
    /// <param name="values">An n×K matrix with K ≥ 1 columns and no NaN entry.</param>
    /// <remarks>Row i of the result is <see cref="Of(ReadOnlySpan{double})"/> of row i.</remarks>
    /// <exception cref="ArgumentNullException">values is null.</exception>
    /// <exception cref="ArgumentException">values has no columns or contains NaN.</exception>
    public static Vector<double> OfRows(Matrix<double> values)
    {
        Guard.NotNull(values, nameof(values));
        if (values.ColumnCount == 0)
            throw new ArgumentException("values has no columns; each row needs at least one entry.", nameof(values));
        int n = values.RowCount;
        double[] all = values.AsColumnMajorArray() ?? values.ToColumnMajorArray(); // all[i + n·j] = values[i, j]
        var result = new double[n];
        var row = new double[values.ColumnCount];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < row.Length; j++)
                row[j] = all[i + n * j];
            result[i] = Of(row);
        }
        return Vector<double>.Build.Dense(result);
    }

    private static double MaxOf(ReadOnlySpan<double> values, string paramName)
    {
        if (values.IsEmpty)
            throw new ArgumentException($"{paramName} is empty; log Σ exp needs at least one term.", paramName);
        double max = double.NegativeInfinity;
        for (int i = 0; i < values.Length; i++)
        {
            if (double.IsNaN(values[i]))
                throw new ArgumentException($"{paramName}[{i}] is NaN.", paramName);
            max = Math.Max(max, values[i]);
        }
        return max;
    }
}
