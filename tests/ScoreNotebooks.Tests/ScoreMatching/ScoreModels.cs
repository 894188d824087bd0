using MathNet.Numerics.LinearAlgebra;
using ScoreNotebooks.Distributions;

namespace ScoreNotebooks.Tests.ScoreMatching;

/// <summary>Shared data and helpers for the score-matching tests.</summary>
internal static class ScoreModels
{
    public static Vector<double> V(params double[] xs) => Vector<double>.Build.DenseOfArray(xs);

    public static Matrix<double> M(double[,] a) => Matrix<double>.Build.DenseOfArray(a);

    /// <summary>A correlated 2D Gaussian for the data.</summary>
    public static Gaussian Data2D() => new(V(0.5, -1.0), M(new[,] { { 1.2, 0.5 }, { 0.5, 0.8 } }));

    /// <summary>A random SPD matrix A Aᵀ + 0.2 I with entries of A in [−1, 1].</summary>
    public static Matrix<double> RandomSpd(Random rng, int d)
    {
        var a = Matrix<double>.Build.Dense(d, d, (_, _) => 2 * rng.NextDouble() - 1);
        var spd = a * a.Transpose() + Matrix<double>.Build.DenseIdentity(d) * 0.2;
        return (spd + spd.Transpose()) * 0.5;
    }

    /// <summary>Relative Frobenius error ‖a − b‖ / max(‖b‖, 1e−300).</summary>
    public static double RelativeError(Matrix<double> a, Matrix<double> b) => (a - b).FrobeniusNorm() / Math.Max(b.FrobeniusNorm(), 1e-300);

    /// <summary>Relative 2-norm error ‖a − b‖ / max(‖b‖, 1).</summary>
    public static double RelativeError(Vector<double> a, Vector<double> b) => (a - b).L2Norm() / Math.Max(b.L2Norm(), 1);
}
