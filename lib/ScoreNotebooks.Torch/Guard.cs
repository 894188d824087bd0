namespace ScoreNotebooks.Torch;

/// <summary>
/// Argument checks shared by the library, in the CPU reference's style: every failure is an
/// <see cref="ArgumentException"/> or <see cref="ArgumentOutOfRangeException"/> whose ParamName
/// names the offending parameter.
/// </summary>
internal static class Guard
{
    public static int Positive(int value, string paramName)
    {
        if (value <= 0)
            throw new ArgumentOutOfRangeException(paramName, value, $"{paramName} must be > 0.");
        return value;
    }

    public static double Positive(double value, string paramName)
    {
        if (!double.IsFinite(value))
            throw new ArgumentException($"{paramName} must be a finite number, but was {value}.", paramName);
        if (value <= 0)
            throw new ArgumentOutOfRangeException(paramName, value, $"{paramName} must be > 0.");
        return value;
    }

    public static T NotNull<T>(T? value, string paramName) where T : class =>
        value ?? throw new ArgumentNullException(paramName);
}
