using MathNet.Numerics.LinearAlgebra;

namespace ScoreNotebooks.Plotting.Internal;

/// <summary>
/// Argument checks for the figure builders. Every failure names the offending parameter in
/// <see cref="ArgumentException.ParamName"/> and says what is wrong, so a notebook cell that
/// passes bad data learns which argument to fix instead of getting an empty or wrong plot.
/// </summary>
internal static class Check
{
    public static T NotNull<T>(T? value, string paramName) where T : class =>
        value ?? throw new ArgumentNullException(paramName, $"{paramName} must not be null.");

    public static string Text(string? value, string paramName, string? label = null)
    {
        if (value is null)
            throw new ArgumentNullException(paramName, $"{label ?? paramName} must not be null.");
        if (string.IsNullOrWhiteSpace(value))
            throw new ArgumentException($"{label ?? paramName} must be a non-empty label.", paramName);
        return value!;
    }

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

    public static int AtLeast(int value, int minimum, string paramName)
    {
        if (value < minimum)
            throw new ArgumentOutOfRangeException(paramName, value, $"{paramName} must be ≥ {minimum}.");
        return value;
    }

    /// <summary>Checks min &lt; max, both finite; the error names <paramref name="maxName"/>.</summary>
    public static void Range(double min, double max, string minName, string maxName)
    {
        Finite(min, minName);
        Finite(max, maxName);
        if (!(min < max))
            throw new ArgumentException($"{minName} ({min}) must be < {maxName} ({max}).", maxName);
    }

    /// <summary>Checks a non-empty array of finite numbers.</summary>
    public static double[] Values(double[]? values, string paramName, string? label = null)
    {
        label ??= paramName;
        if (values is null)
            throw new ArgumentNullException(paramName, $"{label} must not be null.");
        if (values.Length == 0)
            throw new ArgumentException($"{label} is empty; at least one value is needed.", paramName);
        for (int i = 0; i < values.Length; i++)
        {
            if (!double.IsFinite(values[i]))
                throw new ArgumentException($"{label}[{i}] is {values[i]}; every value must be finite.", paramName);
        }
        return values;
    }

    /// <summary>Checks <paramref name="values"/> like <see cref="Values(double[], string, string)"/> and that it matches <paramref name="length"/>.</summary>
    public static double[] Values(double[]? values, int length, string paramName, string otherName, string? label = null)
    {
        Values(values, paramName, label);
        if (values!.Length != length)
            throw new ArgumentException(
                $"{label ?? paramName} has {values.Length} values but {otherName} has {length}; they must have the same length.", paramName);
        return values;
    }

    /// <summary>Checks a non-empty n×2 matrix of finite points, one per row.</summary>
    public static Matrix<double> Points(Matrix<double>? points, string paramName, string? label = null)
    {
        label ??= paramName;
        if (points is null)
            throw new ArgumentNullException(paramName, $"{label} must not be null.");
        if (points.RowCount == 0)
            throw new ArgumentException($"{label} has no rows; at least one point is needed.", paramName);
        if (points.ColumnCount != 2)
            throw new ArgumentException(
                $"{label} has {points.ColumnCount} columns, expected 2 (one 2D point per row).", paramName);
        for (int i = 0; i < points.RowCount; i++)
        {
            if (!double.IsFinite(points[i, 0]) || !double.IsFinite(points[i, 1]))
                throw new ArgumentException(
                    $"{label} row {i} is ({points[i, 0]}, {points[i, 1]}); every point must be finite.", paramName);
        }
        return points;
    }

    /// <summary>Checks a non-empty list whose entries are not null.</summary>
    public static IReadOnlyList<T> Items<T>(IReadOnlyList<T>? items, string paramName) where T : class
    {
        NotNull(items, paramName);
        if (items!.Count == 0)
            throw new ArgumentException($"{paramName} is empty; at least one entry is needed.", paramName);
        for (int i = 0; i < items.Count; i++)
        {
            if (items[i] is null)
                throw new ArgumentException($"{paramName}[{i}] is null.", paramName);
        }
        return items;
    }
}
