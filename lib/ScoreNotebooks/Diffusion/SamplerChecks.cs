using MathNet.Numerics.LinearAlgebra;

namespace ScoreNotebooks.Diffusion;

/// <summary>Checks shared by the diffusion samplers: particles, and the values a score or divergence returns.</summary>
internal static class SamplerChecks
{
    /// <summary>A non-empty, finite n×d batch; returns a private copy.</summary>
    public static Matrix<double> Particles(Matrix<double>? x, string paramName)
    {
        Guard.Finite(x, paramName);
        if (x!.RowCount == 0 || x.ColumnCount == 0)
            throw new ArgumentException(
                $"{paramName} is {x.RowCount}×{x.ColumnCount}; at least one particle of dimension ≥ 1 is needed.", paramName);
        return x.Clone();
    }

    /// <summary>Evaluates s(x, t) and checks it is a finite matrix of the particles' shape (ParamName "score").</summary>
    public static Matrix<double> Score(Func<Matrix<double>, double, Matrix<double>> score, Matrix<double> x, double t) =>
        Field(score, x, t, nameof(score));

    /// <summary>Evaluates a field f(x, t) (a score, a velocity) and checks it is a finite matrix of the particles' shape,
    /// naming <paramref name="paramName"/> when it is not.</summary>
    public static Matrix<double> Field(Func<Matrix<double>, double, Matrix<double>> field, Matrix<double> x, double t, string paramName)
    {
        var s = field(x, t);
        if (s is null)
            throw new ArgumentException($"{paramName} returned null at t = {t:G6}.", paramName);
        if (s.RowCount != x.RowCount || s.ColumnCount != x.ColumnCount)
            throw new ArgumentException(
                $"{paramName} returned a {s.RowCount}×{s.ColumnCount} matrix for {x.RowCount}×{x.ColumnCount} particles at t = {t:G6}; it must have the particles' shape.",
                paramName);
        for (int i = 0; i < s.RowCount; i++)
        {
            for (int j = 0; j < s.ColumnCount; j++)
            {
                if (!double.IsFinite(s[i, j]))
                    throw new ArgumentException(
                        $"{paramName} returned {s[i, j]} at particle {i}, coordinate {j}, t = {t:G6}; either the {paramName} is undefined there or the particles diverged.",
                        paramName);
            }
        }
        return s;
    }

    /// <summary>Evaluates ∇·s(x, t) and checks it is a finite vector with one entry per particle (ParamName "divergence").</summary>
    public static Vector<double> Divergence(Func<Matrix<double>, double, Vector<double>> divergence, Matrix<double> x, double t)
    {
        var v = divergence(x, t);
        if (v is null || v.Count != x.RowCount)
            throw new ArgumentException(
                $"divergence returned a vector of length {v?.Count.ToString() ?? "null"} for {x.RowCount} particles at t = {t:G6}; it needs one entry per particle.",
                nameof(divergence));
        for (int i = 0; i < v.Count; i++)
        {
            if (!double.IsFinite(v[i]))
                throw new ArgumentException($"divergence returned {v[i]} at particle {i}, t = {t:G6}.", nameof(divergence));
        }
        return v;
    }

    /// <summary>Checks a time lies in [0, T] for the given SDE (ParamName as given).</summary>
    public static double Time(Sde sde, double t, string paramName)
    {
        Guard.Finite(t, paramName);
        if (t < 0 || t > sde.T)
            throw new ArgumentOutOfRangeException(paramName, t, $"{paramName} must lie in [0, T] = [0, {sde.T:G6}].");
        return t;
    }
}
