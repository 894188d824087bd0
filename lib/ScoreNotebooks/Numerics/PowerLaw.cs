namespace ScoreNotebooks.Numerics;

/// <summary>A power law y = c · x^k fitted to positive data by least squares on log–log axes: the slope one reads off a
/// log–log plot, as a number.</summary>
/// <param name="Exponent">The slope k of log y against log x.</param>
/// <param name="Prefactor">c = exp(intercept), the value the law takes at x = 1.</param>
public sealed record PowerLaw(double Exponent, double Prefactor)
{
    /// <summary>The law's value c · x^k at <paramref name="x"/>.</summary>
    public double At(double x) => Prefactor * Math.Pow(x, Exponent);

    /// <summary>Fits log y = log c + k log x by ordinary least squares.</summary>
    /// <param name="x">At least two abscissae, finite and &gt; 0, not all equal.</param>
    /// <param name="y">As many ordinates, finite and &gt; 0.</param>
    /// <exception cref="ArgumentNullException">x or y is null.</exception>
    /// <exception cref="ArgumentException">Fewer than two points, lengths that differ, a value that is not finite and
    /// positive (named with its index), or all x equal.</exception>
    public static PowerLaw Fit(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        Guard.NotNull(x, nameof(x));
        Guard.NotNull(y, nameof(y));
        if (x.Count != y.Count)
            throw new ArgumentException($"x has {x.Count} values and y has {y.Count}; they must pair up.", nameof(y));
        if (x.Count < 2)
            throw new ArgumentException($"x has {x.Count} value(s); a slope needs at least two points.", nameof(x));
        var u = LogsOf(x, nameof(x));
        var v = LogsOf(y, nameof(y));
        double meanU = u.Average(), meanV = v.Average(), suu = 0, suv = 0;
        for (int i = 0; i < u.Length; i++)
        {
            suu += (u[i] - meanU) * (u[i] - meanU);
            suv += (u[i] - meanU) * (v[i] - meanV);
        }
        if (suu == 0)
            throw new ArgumentException("every x is the same; a slope needs at least two different abscissae.", nameof(x));
        double slope = suv / suu;
        return new PowerLaw(slope, Math.Exp(meanV - slope * meanU));
    }

    private static double[] LogsOf(IReadOnlyList<double> values, string paramName)
    {
        var logs = new double[values.Count];
        for (int i = 0; i < logs.Length; i++)
        {
            if (!(double.IsFinite(values[i]) && values[i] > 0))
                throw new ArgumentException($"{paramName}[{i}] is {values[i]}; a log–log fit needs finite values > 0.", paramName);
            logs[i] = Math.Log(values[i]);
        }
        return logs;
    }
}
