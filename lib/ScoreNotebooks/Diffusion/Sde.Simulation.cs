using MathNet.Numerics.LinearAlgebra;
using ScoreNotebooks.Distributions;

namespace ScoreNotebooks.Diffusion;

public abstract partial class Sde
{
    /// <summary>Draws xₜ = α(t) x₀ + σ(t) ε, ε ~ N(0, I), for every row x₀: one exact sample of the perturbation kernel per row.</summary>
    /// <param name="rng">The random source.</param>
    /// <param name="x0">n clean points, one per row of an n×d matrix, finite; not changed.</param>
    /// <param name="t">The time t ∈ [0, T].</param>
    /// <returns>An n×d matrix of noisy points; exactly distributed as p₀ₜ(· | x₀) (Song et al. 2021, App. B), no discretisation.</returns>
    /// <exception cref="ArgumentNullException">rng or x0 is null.</exception>
    /// <exception cref="ArgumentException">x0 or t is not finite.</exception>
    /// <exception cref="ArgumentOutOfRangeException">t ∉ [0, T].</exception>
    public Matrix<double> Perturb(Random rng, Matrix<double> x0, double t)
    {
        Guard.NotNull(rng, nameof(rng));
        Guard.Finite(x0, nameof(x0));
        CheckTime(t, nameof(t));
        var noise = Gaussian.StandardNormalMatrix(rng, x0.RowCount, x0.ColumnCount); // (n, d)
        return MeanScaleAt(t) * x0 + StdAt(t) * noise;
    }

    /// <summary>
    /// Simulates the forward SDE from t = 0 to T by Euler–Maruyama with N equal steps, yielding step 0,
    /// every <paramref name="recordEvery"/>-th step and the last.
    /// </summary>
    /// <param name="rng">The source of the Brownian increments.</param>
    /// <param name="x0">The starting particles at t = 0, an n×d matrix (n ≥ 1, d ≥ 1), finite; copied, never changed.</param>
    /// <param name="steps">The number of steps N ≥ 1.</param>
    /// <param name="recordEvery">Record every k-th step, k ≥ 1; steps 0 and N are always recorded.</param>
    /// <returns>A lazy sequence of <see cref="DiffusionStep"/> at tᵢ = i T/N; each holds a copy of the particles.</returns>
    /// <remarks>
    /// xᵢ₊₁ = xᵢ + a(tᵢ) xᵢ h + g(tᵢ) √h zᵢ with h = T/N and zᵢ ~ N(0, I) (Kloeden &amp; Platen 1992,
    /// "Numerical Solution of Stochastic Differential Equations", Springer). For the VE SDE this is the
    /// discretised process x_{i+1} = xᵢ + σᵢ zᵢ of chapter 06; in the limit h → 0 the law of xᵢ tends to
    /// the kernel N(α(tᵢ) x₀, σ(tᵢ)² I) (weak order 1). Noise is drawn as an n×d matrix in row-major order.
    /// </remarks>
    /// <exception cref="ArgumentNullException">rng or x0 is null.</exception>
    /// <exception cref="ArgumentException">x0 is empty or has a non-finite entry.</exception>
    /// <exception cref="ArgumentOutOfRangeException">N &lt; 1 or k &lt; 1.</exception>
    public IEnumerable<DiffusionStep> Simulate(Random rng, Matrix<double> x0, int steps, int recordEvery = 1)
    {
        Guard.NotNull(rng, nameof(rng));
        var x = SamplerChecks.Particles(x0, nameof(x0));
        Guard.Positive(steps, nameof(steps));
        Guard.Positive(recordEvery, nameof(recordEvery));
        return SimulateIterator(rng, x, steps, recordEvery);
    }

    private IEnumerable<DiffusionStep> SimulateIterator(Random rng, Matrix<double> x, int steps, int recordEvery)
    {
        yield return new DiffusionStep(0, 0, x.Clone());
        double h = T / steps;
        for (int i = 0; i < steps; i++)
        {
            double t = i * h;
            var z = Gaussian.StandardNormalMatrix(rng, x.RowCount, x.ColumnCount); // (n, d)
            x = (1 + DriftRateAt(t) * h) * x + (DiffusionAt(t) * Math.Sqrt(h)) * z;
            if ((i + 1) % recordEvery == 0 || i + 1 == steps)
                yield return new DiffusionStep(i + 1, i + 1 == steps ? T : (i + 1) * h, x.Clone());
        }
    }
}
