using static TorchSharp.torch;

namespace ScoreNotebooks.Torch.ScoreMatching;

/// <summary>
/// The conditional flow-matching loss (Lipman et al. 2023) on straight paths xₜ = (1 − t) z + t x:
/// L(θ) = E ‖v_θ(xₜ, t) − (x − z)‖², with x the data, z ~ N(0, I) and t ~ U[0, 1).
/// </summary>
/// <remarks>
/// The target x − z is the velocity of one path; its conditional mean given xₜ is the marginal velocity u(xₜ, t), so
/// L(θ) = E ‖v_θ − u‖² + E ‖u − (x − z)‖²: the loss exceeds its floor (the second term, which no network can remove) by the
/// network's mean squared velocity error, as the denoising loss exceeds its floor by the score error (Vincent 2011).
/// </remarks>
public static class FlowMatchingLoss
{
    /// <summary>The loss on given times and noise.</summary>
    /// <param name="velocity">v(x, t): (B, d) and (B) → (B, d).</param>
    /// <param name="x">Data points, shape (B, d).</param>
    /// <param name="times">The time tᵢ ∈ [0, 1] of each row, shape (B).</param>
    /// <param name="noise">z, shape (B, d).</param>
    /// <returns>The mean over rows of ‖v(xₜ, t) − (x − z)‖², a scalar.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">x is not (B, d), times is not (B), noise is not x's shape, or the velocity returns another
    /// shape.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A time ∉ [0, 1].</exception>
    public static Tensor ConditionalOt(Func<Tensor, Tensor, Tensor> velocity, Tensor x, Tensor times, Tensor noise)
    {
        ArgumentNullException.ThrowIfNull(velocity);
        ScoreDivergence.CheckPoints(x);
        ArgumentNullException.ThrowIfNull(times);
        ArgumentNullException.ThrowIfNull(noise);
        if (times.dim() != 1 || times.shape[0] != x.shape[0])
            throw new ArgumentException($"times has shape ({string.Join(", ", times.shape)}); expected ({x.shape[0]}), one time per row.", nameof(times));
        if (!noise.shape.SequenceEqual(x.shape))
            throw new ArgumentException($"noise has shape ({string.Join(", ", noise.shape)}); expected x's shape ({string.Join(", ", x.shape)}).", nameof(noise));
        if (x.shape[0] > 0 && (times.lt(0).any().item<bool>() || times.gt(1).any().item<bool>()))
            throw new ArgumentOutOfRangeException(nameof(times), "every time must lie in [0, 1].");
        using var scope = NewDisposeScope();
        var t = times.to(x.device).to(ScalarType.Float32);
        var z = noise.to(x.device);
        var column = t.unsqueeze(1);                                        // (B, 1)
        var xt = z.mul(column.neg().add(1)).add(x.mul(column));             // (1 − t) z + t x
        var v = velocity(xt, t);
        if (!v.shape.SequenceEqual(x.shape))
            throw new ArgumentException($"velocity returned shape ({string.Join(", ", v.shape)}) for points of shape ({string.Join(", ", x.shape)}).", nameof(velocity));
        return v.sub(x.sub(z)).square().sum(1).mean().MoveToOuterDisposeScope();
    }

    /// <summary>The loss with tᵢ ~ U[0, 1) and z ~ N(0, I) drawn from a generator: first the B times, then the (B, d) noise.</summary>
    /// <param name="velocity">v(x, t): (B, d) and (B) → (B, d).</param>
    /// <param name="x">Data points, shape (B, d).</param>
    /// <param name="generator">A CPU generator.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">As for <see cref="ConditionalOt(Func{Tensor, Tensor, Tensor}, Tensor, Tensor, Tensor)"/>.</exception>
    public static Tensor ConditionalOt(Func<Tensor, Tensor, Tensor> velocity, Tensor x, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(generator);
        ScoreDivergence.CheckPoints(x);
        using var scope = NewDisposeScope();
        var times = rand([x.shape[0]], ScalarType.Float32, generator: generator);
        return ConditionalOt(velocity, x, times, ScoreMatchingLoss.StandardNormal(generator, x)).MoveToOuterDisposeScope();
    }
}
