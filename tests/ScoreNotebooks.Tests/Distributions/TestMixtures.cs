using MathNet.Numerics.LinearAlgebra;
using ScoreNotebooks.Distributions;

namespace ScoreNotebooks.Tests.Distributions;

/// <summary>Mixtures with full, unequal covariances and unequal weights for the distribution tests.</summary>
internal static class TestMixtures
{
    private static Matrix<double> M(double[,] a) => Matrix<double>.Build.DenseOfArray(a);

    private static Vector<double> V(params double[] xs) => Vector<double>.Build.DenseOfArray(xs);

    /// <summary>Three overlapping 2D components with correlated covariances, weights 0.5/0.3/0.2.</summary>
    public static GaussianMixture ThreeIn2D() => new(
        [0.5, 0.3, 0.2],
        [
            new Gaussian(V(-1.0, 0.5), M(new[,] { { 0.6, 0.25 }, { 0.25, 0.4 } })),
            new Gaussian(V(1.5, -0.5), M(new[,] { { 0.3, -0.1 }, { -0.1, 0.8 } })),
            new Gaussian(V(0.2, 2.0), M(new[,] { { 0.2, 0.0 }, { 0.0, 0.2 } })),
        ]);

    /// <summary>Two 3D components with full covariances, weights 0.35/0.65.</summary>
    public static GaussianMixture TwoIn3D() => new(
        [0.35, 0.65],
        [
            new Gaussian(V(0.5, -1.0, 0.2), M(new[,] { { 2.0, 0.6, -0.3 }, { 0.6, 1.0, 0.2 }, { -0.3, 0.2, 0.8 } })),
            new Gaussian(V(-1.0, 1.0, 1.5), M(new[,] { { 1.5, -0.4, 0.1 }, { -0.4, 1.2, 0.3 }, { 0.1, 0.3, 1.6 } })),
        ]);

    /// <summary>A 1D mixture of three components, weights 0.2/0.5/0.3.</summary>
    public static GaussianMixture ThreeIn1D() => new(
        [0.2, 0.5, 0.3],
        [Gaussian.WithMeanVariance(-2, 0.25), Gaussian.WithMeanVariance(0.5, 1.0), Gaussian.WithMeanVariance(3, 0.5)]);

    /// <summary>A random point with entries uniform in [−r, r].</summary>
    public static Vector<double> RandomPoint(Random rng, int d, double r) =>
        Vector<double>.Build.Dense(d, _ => r * (2 * rng.NextDouble() - 1));
}
