using ScoreNotebooks.Distributions;
using static TorchSharp.torch;

namespace ScoreNotebooks.Torch.Distributions;

/// <summary>
/// A <see cref="GaussianMixture"/> on tensors: the exact log-density and score of the mixture and
/// of its noisy versions q_σ, batched, float32, for driving samplers and measuring learned scores.
/// </summary>
/// <remarks>
/// q_σ = Σₖ πₖ N(μₖ, Σₖ + σ²I) (<see cref="GaussianMixture.AddNoise"/>); σ = 0 is the mixture
/// itself. With Σₖ = Uₖ diag(λₖ) Uₖᵀ computed once in double precision,
/// (Σₖ + σ²I)⁻¹ = Uₖ diag(1/(λₖ + σ²)) Uₖᵀ and log det(Σₖ + σ²I) = Σⱼ log(λₖⱼ + σ²), so every row
/// may have its own σ at no extra cost. The score is Σₖ rₖ(x) · (−(Σₖ + σ²I)⁻¹(x − μₖ)) with
/// responsibilities rₖ = softmax over k of log πₖ + log N(x | μₖ, Σₖ + σ²I), which never divides
/// 0 by 0 far from the modes.
/// </remarks>
public sealed class TensorGaussianMixture
{
    private readonly Tensor means;       // (K, d)
    private readonly Tensor? rotations;  // (K, d, d), columns are eigenvectors of Σₖ; null when every Σₖ is diagonal
    private readonly Tensor eigenvalues; // (K, d)
    private readonly Tensor logWeights;  // (K)

    /// <summary>Copies a mixture's parameters to a device, in float32.</summary>
    /// <param name="mixture">The mixture Σₖ πₖ N(μₖ, Σₖ).</param>
    /// <param name="device">The device, or null for <see cref="TorchDevice.Current"/>.</param>
    /// <exception cref="ArgumentNullException">mixture is null.</exception>
    /// <exception cref="TorchLoadException">TorchSharp could not be loaded.</exception>
    public TensorGaussianMixture(GaussianMixture mixture, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(mixture);
        TorchRuntime.EnsureLoaded();
        Mixture = mixture;
        Device = device ?? TorchDevice.Current;
        int k = mixture.ComponentCount, d = mixture.Dimension;
        var mu = new float[k * d];
        var u = new float[k * d * d];
        var lambda = new float[k * d];
        // Diagonal covariances (isotropic mixtures, the common case) need no rotation at all.
        bool diagonal = mixture.Components.All(c => c.Covariance.EnumerateIndexed().All(e => e.Item1 == e.Item2 || e.Item3 == 0));
        for (int c = 0; c < k; c++)
        {
            var component = mixture.Components[c];
            var evd = diagonal ? null : component.Covariance.Evd(MathNet.Numerics.LinearAlgebra.Symmetricity.Symmetric);
            for (int i = 0; i < d; i++)
            {
                mu[c * d + i] = (float)component.Mean[i];
                lambda[c * d + i] = (float)(evd is null ? component.Covariance[i, i] : evd.EigenValues[i].Real);
                for (int j = 0; j < d && evd is not null; j++)
                    u[(c * d + i) * d + j] = (float)evd.EigenVectors[i, j];
            }
        }
        means = tensor(mu, [k, d], ScalarType.Float32, Device);
        rotations = diagonal ? null : tensor(u, [k, d, d], ScalarType.Float32, Device);
        eigenvalues = tensor(lambda, [k, d], ScalarType.Float32, Device);
        logWeights = tensor(mixture.Weights.Select(w => (float)Math.Log(w)).ToArray(), [k], ScalarType.Float32, Device);
    }

    /// <summary>The mixture these tensors came from.</summary>
    public GaussianMixture Mixture { get; }

    /// <summary>The device the parameters live on.</summary>
    public Device Device { get; }

    /// <summary>The dimension d.</summary>
    public int Dimension => Mixture.Dimension;

    /// <summary>The score ∇ₓ log q_σ(x) of the mixture with noise σ added (σ = 0: the mixture itself).</summary>
    /// <param name="x">Points, shape (B, d), on <see cref="Device"/>.</param>
    /// <param name="sigma">The noise standard deviation σ ≥ 0.</param>
    /// <returns>Scores, shape (B, d).</returns>
    /// <exception cref="ArgumentException">x is not (B, d) or σ is not finite.</exception>
    /// <exception cref="ArgumentOutOfRangeException">σ &lt; 0.</exception>
    public Tensor Score(Tensor x, double sigma = 0)
    {
        using var scope = NewDisposeScope();
        return Evaluate(x, ScalarLevel(x, sigma), wantScore: true).MoveToOuterDisposeScope();
    }

    /// <summary>The score ∇ₓ log q_σ(x) with one noise level per row.</summary>
    /// <param name="x">Points, shape (B, d), on <see cref="Device"/>.</param>
    /// <param name="sigma">The levels σ ≥ 0, shape (B), or a scalar tensor.</param>
    /// <returns>Scores, shape (B, d).</returns>
    /// <exception cref="ArgumentException">x is not (B, d) or sigma is neither (B) nor a scalar.</exception>
    public Tensor Score(Tensor x, Tensor sigma)
    {
        using var scope = NewDisposeScope();
        return Evaluate(x, RowLevels(x, sigma), wantScore: true).MoveToOuterDisposeScope();
    }

    /// <summary>The log-density log q_σ(x) of the mixture with noise σ added (σ = 0: the mixture itself).</summary>
    /// <param name="x">Points, shape (B, d), on <see cref="Device"/>.</param>
    /// <param name="sigma">The noise standard deviation σ ≥ 0.</param>
    /// <returns>Log-densities, shape (B).</returns>
    /// <exception cref="ArgumentException">x is not (B, d) or σ is not finite.</exception>
    /// <exception cref="ArgumentOutOfRangeException">σ &lt; 0.</exception>
    public Tensor LogDensity(Tensor x, double sigma = 0)
    {
        using var scope = NewDisposeScope();
        return Evaluate(x, ScalarLevel(x, sigma), wantScore: false).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public override string ToString() => $"TensorGaussianMixture({Mixture}, {Device.type.ToString().ToLowerInvariant()})";

    // Laid out as (K, d, B), batch innermost: reductions over d and K then run as vectorised adds
    // over the batch instead of as many tiny reductions along a last axis of length d or K.
    private Tensor Evaluate(Tensor x, Tensor sigma, bool wantScore)
    {
        var diff = x.t().unsqueeze(0).sub(means.unsqueeze(2));                                 // (K, d, B)
        var rotated = rotations is null ? diff : rotations.transpose(1, 2).bmm(diff);           // (K, d, B): Uₖᵀ(x − μₖ)
        var variance = eigenvalues.unsqueeze(2).add(sigma.square().view(1, 1, -1));            // (K, d, B)
        var whitened = rotated.div(variance);                                                   // (K, d, B)
        var quadratic = rotated.mul(whitened).sum(1);                                           // (K, B)
        var logDet = variance.log().sum(1);                                                     // (K, B)
        var logJoint = logWeights.unsqueeze(1).sub(quadratic.add(logDet).add(Dimension * Math.Log(2 * Math.PI)).mul(0.5)); // (K, B)
        if (!wantScore)
            return logJoint.logsumexp(0);                                                       // (B)
        var responsibilities = logJoint.softmax(0);                                             // (K, B)
        var precisionTimesOffset = rotations is null ? whitened : rotations.bmm(whitened);      // (K, d, B): (Σₖ + σ²I)⁻¹(x − μₖ)
        return precisionTimesOffset.mul(responsibilities.unsqueeze(1)).sum(dim: 0).neg().t().contiguous(); // (B, d)
    }

    private Tensor ScalarLevel(Tensor x, double sigma)
    {
        CheckPoints(x);
        if (!double.IsFinite(sigma))
            throw new ArgumentException($"sigma must be a finite number, but was {sigma}.", nameof(sigma));
        if (sigma < 0)
            throw new ArgumentOutOfRangeException(nameof(sigma), sigma, "sigma must be ≥ 0.");
        return full(x.shape[0], sigma, ScalarType.Float32, x.device);
    }

    private Tensor RowLevels(Tensor x, Tensor sigma)
    {
        CheckPoints(x);
        ArgumentNullException.ThrowIfNull(sigma);
        if (sigma.dim() == 0)
            return sigma.expand(x.shape[0]);
        if (sigma.dim() != 1 || sigma.shape[0] != x.shape[0])
            throw new ArgumentException($"sigma has shape ({string.Join(", ", sigma.shape)}); expected ({x.shape[0]}) or a scalar.", nameof(sigma));
        return sigma;
    }

    private void CheckPoints(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.dim() != 2 || x.shape[1] != Dimension)
            throw new ArgumentException($"x has shape ({string.Join(", ", x.shape)}); expected (B, {Dimension}), one point per row.", nameof(x));
    }
}
