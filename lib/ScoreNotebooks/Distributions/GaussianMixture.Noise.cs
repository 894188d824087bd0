using MathNet.Numerics.LinearAlgebra;

namespace ScoreNotebooks.Distributions;

public sealed partial class GaussianMixture
{
    /// <summary>
    /// The law q_σ of x̂ = x + σε with x ~ p and ε ~ N(0, I) independent: the mixture
    /// Σₖ πₖ N(μₖ, Σₖ + σ² I).
    /// </summary>
    /// <param name="sigma">The noise standard deviation σ &gt; 0.</param>
    /// <remarks>
    /// The sum of independent Gaussians N(μₖ, Σₖ) and N(0, σ²I) is N(μₖ, Σₖ + σ²I), component by
    /// component, with the weights unchanged. This is the Parzen-smoothed density of denoising score
    /// matching (Vincent 2011) and the VE marginal p_σ of Song &amp; Ermon (2019).
    /// </remarks>
    /// <exception cref="ArgumentException">σ is not finite.</exception>
    /// <exception cref="ArgumentOutOfRangeException">σ ≤ 0.</exception>
    public GaussianMixture AddNoise(double sigma)
    {
        Guard.Positive(sigma, nameof(sigma));
        var identity = Matrix<double>.Build.DenseIdentity(Dimension);
        var noisy = components.Select(c => new Gaussian(c.Mean, c.Covariance + identity * (sigma * sigma)));
        return new GaussianMixture(Weights, noisy);
    }

    /// <summary>The law of αx with x ~ p: the mixture Σₖ πₖ N(α μₖ, α² Σₖ).</summary>
    /// <param name="alpha">The scale α ≠ 0, finite (negative α also reflects).</param>
    /// <remarks>
    /// A linear map of a Gaussian is Gaussian: αx ~ N(αμₖ, α²Σₖ) given k. Followed by
    /// <see cref="AddNoise"/>, this gives the VP marginal of x_t = α x₀ + σ ε, the mixture
    /// Σₖ πₖ N(αμₖ, α²Σₖ + σ²I) (Song et al. 2021).
    /// </remarks>
    /// <exception cref="ArgumentException">α is not finite.</exception>
    /// <exception cref="ArgumentOutOfRangeException">α = 0 (the law would be a point mass, which has no density).</exception>
    public GaussianMixture Scale(double alpha)
    {
        Guard.Finite(alpha, nameof(alpha));
        if (alpha == 0)
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "alpha must be ≠ 0; α = 0 collapses the law to a point mass.");
        var scaled = components.Select(c => new Gaussian(alpha * c.Mean, (alpha * alpha) * c.Covariance));
        return new GaussianMixture(Weights, scaled);
    }

    /// <summary>
    /// The exact posterior mean (ideal denoiser) E[x | x̂] for x ~ p and x̂ = x + σε, ε ~ N(0, I).
    /// </summary>
    /// <param name="xNoisy">The noisy observation x̂ ∈ ℝᵈ, finite.</param>
    /// <param name="sigma">The noise standard deviation σ &gt; 0.</param>
    /// <remarks>
    /// E[x | x̂] = Σₖ r̃ₖ(x̂) [μₖ + Σₖ (Σₖ + σ²I)⁻¹ (x̂ − μₖ)], where r̃ₖ are the responsibilities
    /// under the noisy mixture q_σ = <see cref="AddNoise"/>(σ) and the bracket is the Gaussian
    /// posterior mean given component k. Tweedie's formula (Efron 2011) says the same thing
    /// through the score: E[x | x̂] = x̂ + σ² ∇log q_σ(x̂) (so the score is (D(x̂) − x̂)/σ²).
    /// </remarks>
    /// <exception cref="ArgumentNullException">xNoisy is null.</exception>
    /// <exception cref="ArgumentException">xNoisy has the wrong dimension or a non-finite entry, or σ is not finite.</exception>
    /// <exception cref="ArgumentOutOfRangeException">σ ≤ 0.</exception>
    public Vector<double> PosteriorMean(Vector<double> xNoisy, double sigma)
    {
        Guard.Point(xNoisy, Dimension, nameof(xNoisy));
        var noisy = AddNoise(sigma);
        return PosteriorMeanUnchecked(noisy, noisy.Responsibilities(xNoisy), xNoisy);
    }

    /// <summary>The posterior mean E[x | x̂] at every row of an n×d matrix; returns an n×d matrix.</summary>
    /// <param name="xsNoisy">n noisy observations, one per row, finite.</param>
    /// <param name="sigma">The noise standard deviation σ &gt; 0.</param>
    /// <remarks>Row i is <see cref="PosteriorMean(Vector{double}, double)"/> of row i.</remarks>
    /// <exception cref="ArgumentNullException">xsNoisy is null.</exception>
    /// <exception cref="ArgumentException">xsNoisy does not have d columns or has a non-finite entry, or σ is not finite.</exception>
    /// <exception cref="ArgumentOutOfRangeException">σ ≤ 0.</exception>
    public Matrix<double> PosteriorMean(Matrix<double> xsNoisy, double sigma)
    {
        Guard.Batch(xsNoisy, Dimension, nameof(xsNoisy));
        var noisy = AddNoise(sigma);
        var r = noisy.Responsibilities(xsNoisy); // (n, K)
        var result = Matrix<double>.Build.Dense(xsNoisy.RowCount, Dimension);
        for (int i = 0; i < xsNoisy.RowCount; i++)
            result.SetRow(i, PosteriorMeanUnchecked(noisy, r.Row(i), xsNoisy.Row(i)));
        return result;
    }

    private Vector<double> PosteriorMeanUnchecked(GaussianMixture noisy, Vector<double> r, Vector<double> xNoisy)
    {
        var mean = Vector<double>.Build.Dense(Dimension);
        for (int k = 0; k < components.Length; k++)
        {
            if (r[k] == 0)
                continue;
            var mu = components[k].Mean;
            // Σₖ (Σₖ + σ²I)⁻¹ (x̂ − μₖ) by a Cholesky solve with the noisy covariance, no explicit inverse.
            var shrunk = components[k].Covariance * noisy.components[k].Solve(xNoisy - mu);
            mean += r[k] * (mu + shrunk);
        }
        return mean;
    }
}
