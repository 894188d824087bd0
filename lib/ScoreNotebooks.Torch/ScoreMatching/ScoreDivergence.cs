using ScoreNotebooks.ScoreMatching;
using static TorchSharp.torch;

namespace ScoreNotebooks.Torch.ScoreMatching;

/// <summary>
/// The divergence ∇ₓ·s(x) = tr J(x) of a score function on tensors, by automatic
/// differentiation: exactly, with one backward pass per dimension, or by Hutchinson's estimator,
/// with one backward pass for any number of probes.
/// </summary>
/// <remarks>
/// Exact: ∂sⱼ/∂xⱼ is column j of the gradient of Σᵢ sⱼ(xᵢ) with respect to the batch, since each
/// row's score depends only on its own point; d backward passes for dimension d. Hutchinson (1990):
/// for probes v with E[vvᵀ] = I, E[vᵀJv] = tr J, and Jᵀv is the gradient of ⟨v, s(x)⟩, so one
/// backward pass gives vᵀJv for every probe of every row. When gradients are enabled the result
/// keeps its graph (create_graph), so a loss built on it trains the network; under
/// <c>torch.no_grad()</c> it is a plain value. Score functions must act row by row.
/// </remarks>
public static class ScoreDivergence
{
    /// <summary>The exact divergence ∇·s(xᵢ) of every row, by d backward passes.</summary>
    /// <param name="score">The score function: (B, d) → (B, d), row by row.</param>
    /// <param name="x">Points, shape (B, d); they need not require grad.</param>
    /// <returns>The divergences, shape (B).</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">x is not (B, d) or the score has another shape.</exception>
    public static Tensor Exact(Func<Tensor, Tensor> score, Tensor x)
    {
        using var scope = NewDisposeScope();
        return ExactWithScore(score, x).Divergence.MoveToOuterDisposeScope();
    }

    /// <summary>Hutchinson's estimate of ∇·s(xᵢ) for every row: the mean of vᵀJ(xᵢ)v over the row's probes.</summary>
    /// <param name="score">The score function: (B, d) → (B, d), row by row.</param>
    /// <param name="x">Points, shape (B, d).</param>
    /// <param name="probes">Probes v, shape (M, B, d): M probes for every row, with E[vvᵀ] = I.</param>
    /// <returns>The estimates, shape (B); unbiased for the exact divergence.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">x is not (B, d), probes is not (M, B, d), or the score has another shape.</exception>
    public static Tensor Hutchinson(Func<Tensor, Tensor> score, Tensor x, Tensor probes)
    {
        using var scope = NewDisposeScope();
        return Projected(score, x, probes).QuadraticForms.mean([0]).MoveToOuterDisposeScope();
    }

    /// <summary>Draws M probes for every row of x: shape (M, B, d), on x's device.</summary>
    /// <param name="generator">A CPU generator; the draw is the same whatever x's device.</param>
    /// <param name="x">The points the probes are for, shape (B, d).</param>
    /// <param name="count">The number of probes per row M ≥ 1.</param>
    /// <param name="probe">Rademacher (±1) or standard normal entries.</param>
    /// <exception cref="ArgumentNullException">generator or x is null.</exception>
    /// <exception cref="ArgumentException">x is not two-dimensional, or the probe distribution is unknown.</exception>
    /// <exception cref="ArgumentOutOfRangeException">M &lt; 1.</exception>
    public static Tensor DrawProbes(Generator generator, Tensor x, int count, ProbeDistribution probe)
    {
        ArgumentNullException.ThrowIfNull(generator);
        CheckPoints(x);
        Guard.Positive(count, nameof(count));
        long[] shape = [count, x.shape[0], x.shape[1]];
        using var scope = NewDisposeScope();
        var draw = probe switch
        {
            ProbeDistribution.Rademacher => randint(0, 2, shape, ScalarType.Float32, generator: generator).mul_(2).sub_(1),
            ProbeDistribution.Gaussian => randn(shape, ScalarType.Float32, generator: generator),
            _ => throw new ArgumentException($"probe {probe} is not a known probe distribution.", nameof(probe)),
        };
        return draw.to(x.device).MoveToOuterDisposeScope();
    }

    /// <summary>s(x) and ∇·s(x) from one forward pass and d backward passes.</summary>
    internal static (Tensor Score, Tensor Divergence) ExactWithScore(Func<Tensor, Tensor> score, Tensor x)
    {
        ArgumentNullException.ThrowIfNull(score);
        CheckPoints(x);
        bool keepGraph = is_grad_enabled();
        using var enabled = enable_grad();
        var input = x.detach().requires_grad_(true);
        var s = Evaluate(score, input);
        var divergence = zeros(x.shape[0], x.dtype, x.device);
        for (int j = 0; j < x.shape[1]; j++)
        {
            var gradient = autograd.grad([s[.., j].sum()], [input], retain_graph: true, create_graph: keepGraph)[0]; // (B, d)
            divergence = divergence.add(gradient[.., j]);
        }
        return (s, keepGraph ? divergence : divergence.detach());
    }

    /// <summary>For probes (M, B, d): the scores at the repeated points (M, B, d) and vᵀJv (M, B), from one backward pass.</summary>
    internal static (Tensor Scores, Tensor QuadraticForms) Projected(Func<Tensor, Tensor> score, Tensor x, Tensor probes)
    {
        ArgumentNullException.ThrowIfNull(score);
        CheckPoints(x);
        ArgumentNullException.ThrowIfNull(probes);
        if (probes.dim() != 3 || probes.shape[1] != x.shape[0] || probes.shape[2] != x.shape[1])
            throw new ArgumentException(
                $"probes has shape ({string.Join(", ", probes.shape)}); expected (M, {x.shape[0]}, {x.shape[1]}).", nameof(probes));
        long m = probes.shape[0], b = x.shape[0], d = x.shape[1];
        bool keepGraph = is_grad_enabled();
        using var enabled = enable_grad();
        // One leaf per (probe, row), so the gradient of Σ⟨v, s⟩ is Jᵀv row by row rather than summed over probes.
        var input = x.detach().unsqueeze(0).expand(m, b, d).reshape(m * b, d).clone().requires_grad_(true); // (M·B, d)
        var s = Evaluate(score, input).view(m, b, d);                                                            // (M, B, d)
        // The graph of s is kept when the caller differentiates again: the loss uses s itself as well as Jᵀv.
        var jtv = autograd.grad([s.mul(probes).sum()], [input], retain_graph: keepGraph, create_graph: keepGraph)[0]
            .view(m, b, d);                                                                                      // (M, B, d)
        var quadratic = jtv.mul(probes).sum(2);                                                                  // (M, B)
        return keepGraph ? (s, quadratic) : (s.detach(), quadratic.detach());
    }

    internal static Tensor Evaluate(Func<Tensor, Tensor> score, Tensor x)
    {
        var s = score(x) ?? throw new ArgumentException("score returned null.", nameof(score));
        if (s.dim() != 2 || s.shape[0] != x.shape[0] || s.shape[1] != x.shape[1])
            throw new ArgumentException(
                $"score returned shape ({string.Join(", ", s.shape)}) for points of shape ({string.Join(", ", x.shape)}); it must return one score per row.",
                nameof(score));
        return s;
    }

    internal static void CheckPoints(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.dim() != 2 || x.shape[0] < 1 || x.shape[1] < 1)
            throw new ArgumentException($"x has shape ({string.Join(", ", x.shape)}); expected (B, d) with B, d ≥ 1.", nameof(x));
    }
}
