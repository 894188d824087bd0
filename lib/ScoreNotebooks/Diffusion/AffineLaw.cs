using MathNet.Numerics.LinearAlgebra;
using ScoreNotebooks.Distributions;

namespace ScoreNotebooks.Diffusion;

/// <summary>
/// The exact law of what a deterministic sampler makes of Gaussian starting points, when the sampler is an affine map
/// x ↦ A x + b. With Gaussian data every score along the way is affine in x, and so is every Euler, Heun or DDIM step;
/// the samples of N(m, S) then have the law N(A m + b, A S Aᵀ), and the sampler's error is a KL between Gaussians
/// with no Monte Carlo in it.
/// </summary>
/// <remarks>
/// The map is read off the sampler itself: b is its image of 0 and the j-th column of A its image of eᵢ minus b, all
/// in one batch of d + 1 rows. One more row, the start's mean plus one standard deviation along every axis, checks that
/// the map is affine: a sampler that is not (data that is not Gaussian, a stochastic step) is refused rather than
/// given a law it does not have.
/// </remarks>
public static class AffineLaw
{
    /// <summary>The law N(A m + b, A S Aᵀ) of <paramref name="sampler"/>'s output for inputs drawn from <paramref name="start"/> = N(m, S).</summary>
    /// <param name="sampler">A batch map, n×d in, n×d out, that is affine in each row and treats rows alike.</param>
    /// <param name="start">The law N(m, S) of the sampler's inputs.</param>
    /// <returns>The law of the outputs.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The sampler returns the wrong shape or a non-finite entry, is not affine, or maps
    /// the start onto a degenerate law (A S Aᵀ singular) (ParamName "sampler").</exception>
    public static Gaussian Of(Func<Matrix<double>, Matrix<double>> sampler, Gaussian start)
    {
        Guard.NotNull(sampler, nameof(sampler));
        Guard.NotNull(start, nameof(start));
        int d = start.Dimension;
        var probe = start.Mean + start.Covariance.Diagonal().PointwiseSqrt();
        var inputs = Matrix<double>.Build.Dense(d + 2, d); // rows: 0, e₁ … e_d, m + sd
        for (int j = 0; j < d; j++)
        {
            inputs[j + 1, j] = 1;
            inputs[d + 1, j] = probe[j];
        }
        var outputs = sampler(inputs.Clone());
        if (outputs is null || outputs.RowCount != d + 2 || outputs.ColumnCount != d)
            throw new ArgumentException(
                $"sampler returned {(outputs is null ? "null" : $"{outputs.RowCount}×{outputs.ColumnCount}")} for {d + 2}×{d} inputs.",
                nameof(sampler));
        for (int i = 0; i < outputs.RowCount; i++)
        {
            for (int j = 0; j < d; j++)
            {
                if (!double.IsFinite(outputs[i, j]))
                    throw new ArgumentException($"sampler returned {outputs[i, j]} at row {i}, column {j}.", nameof(sampler));
            }
        }
        var offset = outputs.Row(0); // b
        var map = Matrix<double>.Build.Dense(d, d, (i, j) => outputs[j + 1, i] - offset[i]); // A, column j = image of eⱼ − b
        var predicted = map * probe + offset;
        double gap = (predicted - outputs.Row(d + 1)).InfinityNorm();
        double scale = Math.Max(1, Math.Max(outputs.Row(d + 1).InfinityNorm(), map.InfinityNorm() * probe.InfinityNorm()));
        if (gap > 1e-8 * scale)
            throw new ArgumentException(
                $"sampler is not affine: at m + sd it returned a point {gap:G3} away from A x + b read off 0 and the unit vectors " +
                "(a sampler of non-Gaussian data, or a stochastic one, has no law of this form).", nameof(sampler));
        var covariance = map * start.Covariance * map.Transpose();
        covariance = 0.5 * (covariance + covariance.Transpose());
        try
        {
            return new Gaussian(map * start.Mean + offset, covariance);
        }
        catch (ArgumentException)
        {
            throw new ArgumentException("sampler maps the start onto a degenerate law: A S Aᵀ is singular.", nameof(sampler));
        }
    }
}
