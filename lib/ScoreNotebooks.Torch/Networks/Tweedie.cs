using static TorchSharp.torch;

namespace ScoreNotebooks.Torch.Networks;

/// <summary>
/// Tweedie's formula between a denoiser and a score: for x̂ = x + σε with ε ~ N(0, I),
/// E[x | x̂] = x̂ + σ² ∇log q_σ(x̂) (Efron 2011, "Tweedie's formula and selection bias", JASA 106, Eq. 2.8;
/// Vincent 2011).
/// </summary>
/// <remarks>
/// So a denoiser D gives the score s(x̂) = (D(x̂) − x̂)/σ², pointing from the noisy point towards
/// its denoised estimate, and a score gives the denoiser D(x̂) = x̂ + σ² s(x̂). Shapes broadcast:
/// σ may be a scalar tensor or one level per row, shape (B) or (B, 1).
/// </remarks>
public static class Tweedie
{
    /// <summary>The score (D(x̂) − x̂)/σ² implied by a denoised estimate.</summary>
    /// <param name="denoised">D(x̂), shape (B, d).</param>
    /// <param name="xNoisy">x̂, shape (B, d).</param>
    /// <param name="sigma">σ &gt; 0: a scalar tensor, or shape (B) or (B, 1).</param>
    /// <returns>The score, shape (B, d).</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static Tensor Score(Tensor denoised, Tensor xNoisy, Tensor sigma)
    {
        ArgumentNullException.ThrowIfNull(denoised);
        ArgumentNullException.ThrowIfNull(xNoisy);
        using var scope = NewDisposeScope();
        return denoised.sub(xNoisy).div(Column(sigma).square()).MoveToOuterDisposeScope();
    }

    /// <summary>The denoised estimate x̂ + σ² s(x̂) implied by a score.</summary>
    /// <param name="score">s(x̂), shape (B, d).</param>
    /// <param name="xNoisy">x̂, shape (B, d).</param>
    /// <param name="sigma">σ &gt; 0: a scalar tensor, or shape (B) or (B, 1).</param>
    /// <returns>D(x̂), shape (B, d).</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static Tensor Denoised(Tensor score, Tensor xNoisy, Tensor sigma)
    {
        ArgumentNullException.ThrowIfNull(score);
        ArgumentNullException.ThrowIfNull(xNoisy);
        using var scope = NewDisposeScope();
        return xNoisy.add(score.mul(Column(sigma).square())).MoveToOuterDisposeScope();
    }

    private static Tensor Column(Tensor sigma)
    {
        ArgumentNullException.ThrowIfNull(sigma);
        return sigma.dim() == 1 ? sigma.unsqueeze(1) : sigma;
    }
}
