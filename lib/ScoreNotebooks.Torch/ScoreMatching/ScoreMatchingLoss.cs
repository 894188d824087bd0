using ScoreNotebooks.ScoreMatching;
using static TorchSharp.torch;

namespace ScoreNotebooks.Torch.ScoreMatching;

/// <summary>
/// Score-matching losses on a batch, as scalar float32 tensors ready for <c>backward()</c>: the
/// exact Hyvärinen objective, sliced score matching with and without variance reduction, its
/// Hutchinson form, and denoising score matching at one noise level or over many.
/// </summary>
/// <remarks>
/// Like the CPU reference's <see cref="ScoreMatchingObjective"/>, every loss omits the factor ½
/// the papers write, so each is exactly twice the published objective and has the same minimiser.
/// Every loss is a batch mean of per-row terms. The score functions act row by row: pass
/// <c>network.forward</c> of a <c>ScoreMlp</c>, <c>NoiseConditionalScoreNetwork</c> or the
/// <c>Score</c> of a <c>DenoiserNetwork</c>. Randomness comes from a CPU <see cref="Generator"/>, or
/// is passed in as tensors so that two implementations can be compared on the same draws.
/// </remarks>
public static partial class ScoreMatchingLoss
{
    /// <summary>Hyvärinen's objective mean ‖s(x)‖² + 2 ∇·s(x), the divergence exact by autograd (d backward passes).</summary>
    /// <param name="score">The score function: (B, d) → (B, d).</param>
    /// <param name="x">Data points, shape (B, d).</param>
    /// <remarks>Hyvärinen (2005), JMLR 6, Theorem 1 (there ½‖s‖² + ∇·s); equals the CPU reference's <see cref="ScoreMatchingObjective.Hyvarinen"/>.</remarks>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">x is not (B, d) or the score has another shape.</exception>
    public static Tensor Hyvarinen(Func<Tensor, Tensor> score, Tensor x)
    {
        using var scope = NewDisposeScope();
        var (s, divergence) = ScoreDivergence.ExactWithScore(score, x);
        return s.square().sum(1).add(divergence.mul(2)).mean().MoveToOuterDisposeScope();
    }

    /// <summary>Sliced score matching on given projection directions.</summary>
    /// <param name="score">The score function: (B, d) → (B, d).</param>
    /// <param name="x">Data points, shape (B, d).</param>
    /// <param name="directions">Directions v, shape (M, B, d), M per row, with E[vvᵀ] = I.</param>
    /// <param name="varianceReduction">Replace (vᵀs)² by its expectation ‖s‖² (SSM-VR).</param>
    /// <remarks>
    /// Song, Garg, Shi &amp; Ermon (2019), UAI, Eq. 7 (SSM) and Eq. 8 (SSM-VR), without the ½: terms
    /// 2 vᵀJ(x)v + (vᵀs(x))², or 2 vᵀJ(x)v + ‖s(x)‖², averaged over directions and rows. Since
    /// E[vvᵀ] = I both are unbiased for <see cref="Hyvarinen"/>; one backward pass whatever d is.
    /// </remarks>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">x is not (B, d), directions is not (M, B, d), or the score has another shape.</exception>
    public static Tensor Sliced(Func<Tensor, Tensor> score, Tensor x, Tensor directions, bool varianceReduction = false)
    {
        using var scope = NewDisposeScope();
        var (s, quadratic) = ScoreDivergence.Projected(score, x, directions);        // (M, B, d), (M, B)
        var squared = varianceReduction ? s.square().sum(2) : s.mul(directions).sum(2).square(); // (M, B)
        return quadratic.mul(2).add(squared).mean().MoveToOuterDisposeScope();
    }

    /// <summary>Sliced score matching with M directions per row drawn from a generator.</summary>
    /// <param name="score">The score function: (B, d) → (B, d).</param>
    /// <param name="x">Data points, shape (B, d).</param>
    /// <param name="generator">A CPU generator for the directions.</param>
    /// <param name="projections">The number of directions per row M ≥ 1.</param>
    /// <param name="probe">The distribution of the directions; Song et al. (2019) use Gaussian.</param>
    /// <param name="varianceReduction">Use SSM-VR.</param>
    /// <remarks>See <see cref="Sliced(Func{Tensor, Tensor}, Tensor, Tensor, bool)"/>.</remarks>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">x is not (B, d) or the score has another shape.</exception>
    /// <exception cref="ArgumentOutOfRangeException">M &lt; 1.</exception>
    public static Tensor Sliced(
        Func<Tensor, Tensor> score, Tensor x, Generator generator, int projections = 1,
        ProbeDistribution probe = ProbeDistribution.Gaussian, bool varianceReduction = false)
    {
        using var scope = NewDisposeScope();
        var directions = ScoreDivergence.DrawProbes(generator, x, projections, probe);
        return Sliced(score, x, directions, varianceReduction).MoveToOuterDisposeScope();
    }

    /// <summary>Hyvärinen's objective with the divergence replaced by Hutchinson's estimate from given probes.</summary>
    /// <param name="score">The score function: (B, d) → (B, d).</param>
    /// <param name="x">Data points, shape (B, d).</param>
    /// <param name="probes">Probes v, shape (M, B, d), with E[vvᵀ] = I.</param>
    /// <remarks>
    /// Terms ‖s(x)‖² + 2 (1/M) Σₘ vₘᵀJ(x)vₘ (Hutchinson 1990 for the trace). On the same probes this
    /// equals <see cref="Sliced(Func{Tensor, Tensor}, Tensor, Tensor, bool)"/> with variance
    /// reduction, as Song et al. (2019, Sec. 3) note; it is computed here the other way round, from
    /// <see cref="ScoreDivergence.Hutchinson"/>.
    /// </remarks>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">x is not (B, d), probes is not (M, B, d), or the score has another shape.</exception>
    public static Tensor Hutchinson(Func<Tensor, Tensor> score, Tensor x, Tensor probes)
    {
        using var scope = NewDisposeScope();
        var divergence = ScoreDivergence.Hutchinson(score, x, probes);    // (B)
        var s = ScoreDivergence.Evaluate(score, x);                       // (B, d)
        return s.square().sum(1).add(divergence.mul(2)).mean().MoveToOuterDisposeScope();
    }

    /// <summary>The Hutchinson form with M probes per row drawn from a generator.</summary>
    /// <param name="score">The score function: (B, d) → (B, d).</param>
    /// <param name="x">Data points, shape (B, d).</param>
    /// <param name="generator">A CPU generator for the probes.</param>
    /// <param name="probes">The number of probes per row M ≥ 1.</param>
    /// <param name="probe">The probe distribution; Rademacher has the smaller variance.</param>
    /// <remarks>See <see cref="Hutchinson(Func{Tensor, Tensor}, Tensor, Tensor)"/>.</remarks>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">x is not (B, d) or the score has another shape.</exception>
    /// <exception cref="ArgumentOutOfRangeException">M &lt; 1.</exception>
    public static Tensor Hutchinson(
        Func<Tensor, Tensor> score, Tensor x, Generator generator, int probes = 1, ProbeDistribution probe = ProbeDistribution.Rademacher)
    {
        using var scope = NewDisposeScope();
        var v = ScoreDivergence.DrawProbes(generator, x, probes, probe);
        return Hutchinson(score, x, v).MoveToOuterDisposeScope();
    }

    /// <summary>Denoising score matching at one noise level σ, on given noise.</summary>
    /// <param name="score">The score function of the noisy data: (B, d) → (B, d).</param>
    /// <param name="x">Clean data points, shape (B, d).</param>
    /// <param name="sigma">The noise standard deviation σ &gt; 0.</param>
    /// <param name="noise">Standard normal noise z, shape (B, d); the noisy points are x̂ = x + σz.</param>
    /// <remarks>
    /// Vincent (2011), Neural Computation 23(7), Eq. 9 with the Gaussian kernel, without the ½:
    /// mean ‖s(x̂) + (x̂ − x)/σ²‖² = mean ‖s(x + σz) + z/σ‖². Its minimiser is ∇log q_σ, and its
    /// minimum is not zero: see <c>IrreducibleLoss.Denoising</c>.
    /// </remarks>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">x is not (B, d), noise has another shape, σ is not finite, or the score has another shape.</exception>
    /// <exception cref="ArgumentOutOfRangeException">σ ≤ 0.</exception>
    public static Tensor Denoising(Func<Tensor, Tensor> score, Tensor x, double sigma, Tensor noise)
    {
        ArgumentNullException.ThrowIfNull(score);
        CheckNoise(x, noise);
        Guard.Positive(sigma, nameof(sigma));
        using var scope = NewDisposeScope();
        var s = ScoreDivergence.Evaluate(score, x.add(noise.mul(sigma)));  // (B, d)
        return s.add(noise.div(sigma)).square().sum(1).mean().MoveToOuterDisposeScope();
    }

    /// <summary>Denoising score matching at one noise level σ, the noise drawn from a generator.</summary>
    /// <param name="score">The score function of the noisy data: (B, d) → (B, d).</param>
    /// <param name="x">Clean data points, shape (B, d).</param>
    /// <param name="sigma">The noise standard deviation σ &gt; 0.</param>
    /// <param name="generator">A CPU generator for the noise z.</param>
    /// <remarks>See <see cref="Denoising(Func{Tensor, Tensor}, Tensor, double, Tensor)"/>.</remarks>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">x is not (B, d), σ is not finite, or the score has another shape.</exception>
    /// <exception cref="ArgumentOutOfRangeException">σ ≤ 0.</exception>
    public static Tensor Denoising(Func<Tensor, Tensor> score, Tensor x, double sigma, Generator generator)
    {
        using var scope = NewDisposeScope();
        return Denoising(score, x, sigma, StandardNormal(generator, x)).MoveToOuterDisposeScope();
    }

    /// <summary>Denoising score matching over many noise levels weighted by λ(σ) = σ², on given levels and noise.</summary>
    /// <param name="score">The noise-conditional score s(x̂, σ): (B, d) and (B) → (B, d).</param>
    /// <param name="x">Clean data points, shape (B, d).</param>
    /// <param name="sigmas">The level σᵢ &gt; 0 of each row, shape (B).</param>
    /// <param name="noise">Standard normal noise z, shape (B, d); x̂ᵢ = xᵢ + σᵢzᵢ.</param>
    /// <remarks>
    /// Song &amp; Ermon (2019), NeurIPS, Eq. 5–6 with λ(σ) = σ², without the ½:
    /// mean σᵢ² ‖s(x̂ᵢ, σᵢ) + (x̂ᵢ − xᵢ)/σᵢ²‖² = mean ‖σᵢ s(x̂ᵢ, σᵢ) + zᵢ‖². The weight makes every
    /// level's term of order one, since ‖∇log q_σ‖ ∝ 1/σ.
    /// </remarks>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">x is not (B, d), sigmas is not (B), noise has another shape, or the score has another shape.</exception>
    public static Tensor DenoisingMultiScale(Func<Tensor, Tensor, Tensor> score, Tensor x, Tensor sigmas, Tensor noise)
    {
        ArgumentNullException.ThrowIfNull(score);
        CheckNoise(x, noise);
        ArgumentNullException.ThrowIfNull(sigmas);
        if (sigmas.dim() != 1 || sigmas.shape[0] != x.shape[0])
            throw new ArgumentException($"sigmas has shape ({string.Join(", ", sigmas.shape)}); expected ({x.shape[0]}), one level per row.", nameof(sigmas));
        using var scope = NewDisposeScope();
        var sigma = sigmas.unsqueeze(1);                                                          // (B, 1)
        var xNoisy = x.add(noise.mul(sigma));                                                     // (B, d)
        var s = ScoreDivergence.Evaluate(input => score(input, sigmas), xNoisy);                   // (B, d)
        return s.mul(sigma).add(noise).square().sum(1).mean().MoveToOuterDisposeScope();
    }

    /// <summary>Multi-level denoising score matching, each row's level drawn uniformly from a list and its noise from a generator.</summary>
    /// <param name="score">The noise-conditional score s(x̂, σ): (B, d) and (B) → (B, d).</param>
    /// <param name="x">Clean data points, shape (B, d).</param>
    /// <param name="levels">The noise levels σ₁, …, σ_L &gt; 0 (e.g. <c>NoiseLevels.Geometric</c>).</param>
    /// <param name="generator">A CPU generator for the level indices and the noise.</param>
    /// <remarks>
    /// Each row gets a level index uniform on {1, …, L}, as in Song &amp; Ermon (2019, Sec. 4.2), so the
    /// expected loss is (1/L) Σᵢ σᵢ² E‖s(x̂, σᵢ) + (x̂ − x)/σᵢ²‖². See
    /// <see cref="DenoisingMultiScale(Func{Tensor, Tensor, Tensor}, Tensor, Tensor, Tensor)"/>.
    /// </remarks>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">x is not (B, d), levels is empty or has a level that is not finite and &gt; 0.</exception>
    public static Tensor DenoisingMultiScale(Func<Tensor, Tensor, Tensor> score, Tensor x, IReadOnlyList<double> levels, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(generator);
        var levelTensor = LevelTensor(levels, nameof(levels));
        ScoreDivergence.CheckPoints(x);
        using var scope = NewDisposeScope();
        var index = randint(0, levels.Count, [x.shape[0]], ScalarType.Int64, generator: generator);  // (B)
        var sigmas = levelTensor.index_select(0, index).to(x.device);                                   // (B)
        return DenoisingMultiScale(score, x, sigmas, StandardNormal(generator, x)).MoveToOuterDisposeScope();
    }

    internal static Tensor LevelTensor(IReadOnlyList<double> levels, string paramName)
    {
        ArgumentNullException.ThrowIfNull(levels, paramName);
        if (levels.Count == 0)
            throw new ArgumentException($"{paramName} is empty; at least one noise level is needed.", paramName);
        for (int i = 0; i < levels.Count; i++)
        {
            if (!double.IsFinite(levels[i]) || levels[i] <= 0)
                throw new ArgumentException($"{paramName}[{i}] is {levels[i]}; every noise level must be finite and > 0.", paramName);
        }
        return tensor(levels.Select(l => (float)l).ToArray(), ScalarType.Float32);
    }

    internal static Tensor StandardNormal(Generator generator, Tensor x)
    {
        ArgumentNullException.ThrowIfNull(generator);
        ScoreDivergence.CheckPoints(x);
        using var scope = NewDisposeScope();
        return randn(x.shape, ScalarType.Float32, generator: generator).to(x.device).MoveToOuterDisposeScope();
    }

    private static void CheckNoise(Tensor x, Tensor noise)
    {
        ScoreDivergence.CheckPoints(x);
        ArgumentNullException.ThrowIfNull(noise);
        if (!noise.shape.SequenceEqual(x.shape))
            throw new ArgumentException($"noise has shape ({string.Join(", ", noise.shape)}); it must have x's shape ({string.Join(", ", x.shape)}).", nameof(noise));
    }
}
