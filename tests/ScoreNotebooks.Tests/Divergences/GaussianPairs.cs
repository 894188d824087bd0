using MathNet.Numerics.LinearAlgebra;
using ScoreNotebooks.Distributions;

namespace ScoreNotebooks.Tests.Divergences;

/// <summary>Gaussians with full covariances for the divergence tests.</summary>
internal static class GaussianPairs
{
    public static Gaussian Full3A() => new(
        Vector<double>.Build.DenseOfArray([0.5, -1.0, 0.2]),
        Matrix<double>.Build.DenseOfArray(new[,] { { 2.0, 0.6, -0.3 }, { 0.6, 1.0, 0.2 }, { -0.3, 0.2, 0.8 } }));

    public static Gaussian Full3B() => new(
        Vector<double>.Build.DenseOfArray([0.0, -0.5, 1.0]),
        Matrix<double>.Build.DenseOfArray(new[,] { { 1.5, -0.4, 0.1 }, { -0.4, 1.2, 0.3 }, { 0.1, 0.3, 1.6 } }));

    /// <summary>A random SPD covariance A Aᵀ + 0.1 I and a random mean.</summary>
    public static Gaussian Random(Random rng, int d)
    {
        var a = Matrix<double>.Build.Dense(d, d, (_, _) => 2 * rng.NextDouble() - 1);
        var cov = a * a.Transpose() + Matrix<double>.Build.DenseIdentity(d) * 0.1;
        cov = (cov + cov.Transpose()) * 0.5;
        var mean = Vector<double>.Build.Dense(d, _ => 4 * rng.NextDouble() - 2);
        return new Gaussian(mean, cov);
    }
}
