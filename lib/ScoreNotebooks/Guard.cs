using MathNet.Numerics.LinearAlgebra;

namespace ScoreNotebooks;

/// <summary>
/// Argument checks shared by the library. Every failure is an <see cref="ArgumentException"/>
/// (or <see cref="ArgumentOutOfRangeException"/>) whose <c>ParamName</c> names the offending
/// parameter, so a notebook cell that passes bad input learns which argument was wrong.
/// </summary>
internal static class Guard
{
    public static T NotNull<T>(T? value, string paramName) where T : class =>
        value ?? throw new ArgumentNullException(paramName);

    public static double Finite(double value, string paramName)
    {
        if (!double.IsFinite(value))
            throw new ArgumentException($"{paramName} must be a finite number, but was {value}.", paramName);
        return value;
    }

    public static double Positive(double value, string paramName)
    {
        Finite(value, paramName);
        if (value <= 0)
            throw new ArgumentOutOfRangeException(paramName, value, $"{paramName} must be > 0.");
        return value;
    }

    public static double NonNegative(double value, string paramName)
    {
        Finite(value, paramName);
        if (value < 0)
            throw new ArgumentOutOfRangeException(paramName, value, $"{paramName} must be ≥ 0.");
        return value;
    }

    public static int Positive(int value, string paramName)
    {
        if (value <= 0)
            throw new ArgumentOutOfRangeException(paramName, value, $"{paramName} must be > 0.");
        return value;
    }

    public static Vector<double> Finite(Vector<double>? value, string paramName)
    {
        NotNull(value, paramName);
        for (int i = 0; i < value!.Count; i++)
        {
            if (!double.IsFinite(value[i]))
                throw new ArgumentException($"{paramName}[{i}] is {value[i]}; every entry must be finite.", paramName);
        }
        return value;
    }

    public static Matrix<double> Finite(Matrix<double>? value, string paramName)
    {
        NotNull(value, paramName);
        for (int i = 0; i < value!.RowCount; i++)
        {
            for (int j = 0; j < value.ColumnCount; j++)
            {
                if (!double.IsFinite(value[i, j]))
                    throw new ArgumentException($"{paramName}[{i}, {j}] is {value[i, j]}; every entry must be finite.", paramName);
            }
        }
        return value;
    }

    /// <summary>Checks a point has the expected dimension and finite entries.</summary>
    public static Vector<double> Point(Vector<double>? x, int dimension, string paramName)
    {
        NotNull(x, paramName);
        if (x!.Count != dimension)
            throw new ArgumentException($"{paramName} has dimension {x.Count}, expected {dimension}.", paramName);
        return Finite(x, paramName);
    }

    /// <summary>Checks a batch is an n×d matrix (one point per row) with finite entries.</summary>
    public static Matrix<double> Batch(Matrix<double>? xs, int dimension, string paramName)
    {
        NotNull(xs, paramName);
        if (xs!.ColumnCount != dimension)
            throw new ArgumentException(
                $"{paramName} has {xs.ColumnCount} columns, expected {dimension} (one point of dimension {dimension} per row).", paramName);
        return Finite(xs, paramName);
    }
}
