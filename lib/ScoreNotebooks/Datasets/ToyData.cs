using MathNet.Numerics.LinearAlgebra;
using ScoreNotebooks.Distributions;

namespace ScoreNotebooks.Datasets;

/// <summary>
/// Two-dimensional toy data sets: point clouds known only through samples (moons, Swiss roll,
/// rings, checkerboard) and Gaussian mixtures whose density and score are exact (eight
/// Gaussians, two unequal modes). Every cloud is an n×2 matrix, one point per row, drawn from
/// the <see cref="Random"/> passed in, so the same seed gives the same matrix.
/// </summary>
/// <remarks>
/// Noise, where a cloud takes it, is isotropic Gaussian noise N(0, noise² I) added to every
/// point after the shape is drawn; noise = 0 gives points exactly on the shape.
/// </remarks>
public static class ToyData
{
    /// <summary>Two interleaved half circles of radius 1 ("two moons").</summary>
    /// <param name="rng">The random source.</param>
    /// <param name="n">The number of points n ≥ 0; even rows lie on the upper moon, odd rows on the lower.</param>
    /// <param name="noise">The standard deviation of the added noise, ≥ 0 (0.05 to 0.1 is typical).</param>
    /// <remarks>
    /// With t ~ U[0, π]: upper moon (cos t, sin t), centred at (0, 0); lower moon
    /// (1 − cos t, ½ − sin t), centred at (1, ½). Before noise every point is at distance 1
    /// from its moon's centre.
    /// </remarks>
    /// <exception cref="ArgumentNullException">rng is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">n &lt; 0 or noise &lt; 0.</exception>
    /// <exception cref="ArgumentException">noise is not finite.</exception>
    public static Matrix<double> TwoMoons(Random rng, int n, double noise)
    {
        Check(rng, n, noise);
        var points = Matrix<double>.Build.Dense(n, 2);
        for (int i = 0; i < n; i++)
        {
            double t = Math.PI * rng.NextDouble();
            if (i % 2 == 0)
                SetPoint(points, i, Math.Cos(t), Math.Sin(t));
            else
                SetPoint(points, i, 1 - Math.Cos(t), 0.5 - Math.Sin(t));
        }
        return AddNoise(rng, points, noise);
    }

    /// <summary>A two-dimensional Swiss roll: an Archimedean spiral of one and a half turns.</summary>
    /// <param name="rng">The random source.</param>
    /// <param name="n">The number of points n ≥ 0.</param>
    /// <param name="noise">The standard deviation of the added noise, ≥ 0 (0.05 to 0.2 is typical).</param>
    /// <remarks>
    /// With t = 1.5π (1 + 2u), u ~ U[0, 1], the point is (t cos t, t sin t) / 5, so before noise
    /// its radius is r = t/5 ∈ [0.3π, 0.9π] ≈ [0.94, 2.83] and its polar angle equals 5r modulo 2π.
    /// The factor 1/5 keeps the cloud at the unit scale of the other sets.
    /// </remarks>
    /// <exception cref="ArgumentNullException">rng is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">n &lt; 0 or noise &lt; 0.</exception>
    /// <exception cref="ArgumentException">noise is not finite.</exception>
    public static Matrix<double> SwissRoll(Random rng, int n, double noise)
    {
        Check(rng, n, noise);
        var points = Matrix<double>.Build.Dense(n, 2);
        for (int i = 0; i < n; i++)
        {
            double t = 1.5 * Math.PI * (1 + 2 * rng.NextDouble());
            SetPoint(points, i, t * Math.Cos(t) / 5, t * Math.Sin(t) / 5);
        }
        return AddNoise(rng, points, noise);
    }

    /// <summary>Two concentric circles of radii 1 and 2 centred at the origin.</summary>
    /// <param name="rng">The random source.</param>
    /// <param name="n">The number of points n ≥ 0; even rows lie on the inner ring, odd rows on the outer.</param>
    /// <param name="noise">The standard deviation of the added noise, ≥ 0 (0.05 to 0.1 is typical).</param>
    /// <remarks>With θ ~ U[0, 2π): inner points (cos θ, sin θ), outer points 2 (cos θ, sin θ).</remarks>
    /// <exception cref="ArgumentNullException">rng is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">n &lt; 0 or noise &lt; 0.</exception>
    /// <exception cref="ArgumentException">noise is not finite.</exception>
    public static Matrix<double> ConcentricRings(Random rng, int n, double noise)
    {
        Check(rng, n, noise);
        var points = Matrix<double>.Build.Dense(n, 2);
        for (int i = 0; i < n; i++)
        {
            double theta = 2 * Math.PI * rng.NextDouble();
            double radius = i % 2 == 0 ? 1 : 2;
            SetPoint(points, i, radius * Math.Cos(theta), radius * Math.Sin(theta));
        }
        return AddNoise(rng, points, noise);
    }

    /// <summary>Points uniform on the black squares of a 4×4 checkerboard covering [−2, 2)².</summary>
    /// <param name="rng">The random source.</param>
    /// <param name="n">The number of points n ≥ 0.</param>
    /// <remarks>
    /// The unit square [i, i+1) × [j, j+1), i, j ∈ {−2, −1, 0, 1}, is black when i + j is even;
    /// each of the 8 black squares is chosen with probability 1/8 and the point is uniform in it.
    /// The density is 1/8 on the black squares and 0 elsewhere: discontinuous, so its score is
    /// 0 inside the squares and undefined on their edges, a hard case for learned scores.
    /// </remarks>
    /// <exception cref="ArgumentNullException">rng is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">n &lt; 0.</exception>
    public static Matrix<double> Checkerboard(Random rng, int n)
    {
        Check(rng, n, 0);
        var points = Matrix<double>.Build.Dense(n, 2);
        for (int i = 0; i < n; i++)
        {
            int square = rng.Next(8);
            int row = square / 2 - 2;                              // j ∈ {−2, …, 1}
            int column = 2 * (square % 2) + (row & 1) - 2;         // i ∈ {−2, 0} or {−1, 1}, so that i + j is even
            SetPoint(points, i, column + rng.NextDouble(), row + rng.NextDouble());
        }
        return points;
    }

    /// <summary>Eight equally weighted isotropic Gaussians with means evenly spaced on a circle.</summary>
    /// <param name="radius">The circle radius R &gt; 0.</param>
    /// <param name="std">The component standard deviation s &gt; 0.</param>
    /// <remarks>
    /// p(x) = (1/8) Σₖ N(x | R (cos 2πk/8, sin 2πk/8), s² I), k = 0, …, 7. With the defaults the
    /// nearest means are 2R sin(π/8) ≈ 1.53 apart, about 7.7 s, so the modes are well separated.
    /// Being a mixture, its density and score are exact.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException">radius ≤ 0 or std ≤ 0.</exception>
    /// <exception cref="ArgumentException">radius or std is not finite.</exception>
    public static GaussianMixture EightGaussians(double radius = 2.0, double std = 0.2)
    {
        Guard.Positive(radius, nameof(radius));
        Guard.Positive(std, nameof(std));
        var means = Matrix<double>.Build.Dense(8, 2, (k, j) =>
            radius * (j == 0 ? Math.Cos(2 * Math.PI * k / 8) : Math.Sin(2 * Math.PI * k / 8)));
        return GaussianMixture.Isotropic(Enumerable.Repeat(1.0 / 8, 8), means, std);
    }

    /// <summary>
    /// Two far-apart modes of unequal weight, 0.8 N((−4, 0), 0.5² I) + 0.2 N((4, 0), 0.5² I): the
    /// case where plain Langevin dynamics gets the mode weights wrong.
    /// </summary>
    /// <remarks>
    /// Component 0 (weight 0.8) is centred at (−4, 0) and component 1 (weight 0.2) at (4, 0), both
    /// with standard deviation 0.5. The means are 16 standard deviations apart, so log p drops by
    /// about 8²/2 = 32 nats between a mode and the midpoint. For Langevin dynamics with the exact
    /// score (Welling &amp; Teh 2011) the expected crossing time grows like e^ΔU (Kramers), here about
    /// e³⁰ times the time a particle takes to settle within a mode, so each particle stays in the
    /// mode whose basin it starts in: started from a cloud symmetric under x ↦ −x, the particles
    /// end near 0.5/0.5 instead of 0.8/0.2. Near either mode the score is that of a
    /// single Gaussian and carries no trace of the weights. Annealed Langevin (Song &amp; Ermon
    /// 2019) recovers the weights, because at large noise the two modes merge.
    /// </remarks>
    public static GaussianMixture TwoModes()
    {
        var means = Matrix<double>.Build.DenseOfArray(new[,] { { -4.0, 0.0 }, { 4.0, 0.0 } });
        return GaussianMixture.Isotropic([0.8, 0.2], means, 0.5);
    }

    private static void Check(Random rng, int n, double noise)
    {
        Guard.NotNull(rng, nameof(rng));
        if (n < 0)
            throw new ArgumentOutOfRangeException(nameof(n), n, "n must be ≥ 0.");
        Guard.NonNegative(noise, nameof(noise));
    }

    private static void SetPoint(Matrix<double> points, int i, double x, double y)
    {
        points[i, 0] = x;
        points[i, 1] = y;
    }

    private static Matrix<double> AddNoise(Random rng, Matrix<double> points, double noise)
    {
        // Drawn even when noise = 0, so the state left in rng does not depend on the noise level.
        var epsilon = Gaussian.StandardNormalMatrix(rng, points.RowCount, 2);
        return points + epsilon * noise;
    }
}
