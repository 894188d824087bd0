using ScoreNotebooks.Diffusion;
using ScoreNotebooks.Torch.ScoreMatching;
using static TorchSharp.torch;

namespace ScoreNotebooks.Torch.Diffusion;

/// <summary>
/// Log-likelihoods on tensors by the instantaneous change of variables along the probability-flow ODE (Chen,
/// Rubanova, Bettencourt &amp; Duvenaud 2018, "Neural Ordinary Differential Equations", Theorem 1; Song et al. 2021,
/// ICLR, App. D.2): log p_ε(x(ε)) = log p_T(x(T)) + ∫_ε^T ∇·f̃(x(t), t) dt, with the divergence of the score taken
/// by automatic differentiation, exactly or by Hutchinson's estimator.
/// </summary>
/// <remarks>
/// <para>
/// Along dx/dt = f̃(x, t) = a(t) x − ½ g(t)² s(x, t), ∇·f̃ = d·a(t) − ½ g(t)² ∇·s(x, t). The state [x, ℓ], with
/// ℓ(t) = ∫_from^t ∇·f̃ dt′, is integrated from <c>from</c> to T by N steps of RK4, and
/// log p(x) = log p_T(x_T) + ℓ(T): the computation of the CPU reference's <see cref="Likelihood"/>, on tensors.
/// </para>
/// <para>
/// Without probes, ∇·s is exact: d backward passes per evaluation (<see cref="ScoreDivergence.Exact"/>). With probes
/// v of shape (M, n, d), E[v vᵀ] = I, drawn once (<see cref="ScoreDivergence.DrawProbes"/>) and held fixed along the
/// trajectory, ∇·s is replaced by (1/M) Σₘ vₘᵀ J vₘ from one backward pass per evaluation (Hutchinson 1990;
/// Grathwohl et al. 2019, "FFJORD", Sec. 2.3). The trajectory x(t) does not depend on the probes and every RK4
/// stage enters ℓ linearly, so ℓ(T) is an unbiased estimate of the exact-divergence ℓ(T) computed by the same solver.
/// </para>
/// </remarks>
public static class TensorLikelihood
{
    /// <summary>Computes log p(x) for every row of x by solving the augmented probability-flow ODE from <paramref name="from"/> to T.</summary>
    /// <param name="sde">The forward SDE.</param>
    /// <param name="score">The score s(x, t): (B, d) and (B) → (B, d), row by row and differentiable in x.</param>
    /// <param name="x">The n points at which to evaluate the log-density, shape (n, d), finite.</param>
    /// <param name="steps">The number of RK4 steps N ≥ 1.</param>
    /// <param name="probes">
    /// Hutchinson probes, shape (M, n, d) with E[v vᵀ] = I, on x's device; null for the exact divergence. With probes the
    /// score is called on M·n rows at a time.
    /// </param>
    /// <param name="from">The time of the density being evaluated, in [0, T); ε when null.</param>
    /// <param name="priorLogDensity">The terminal log-density log p_T at each row of x_T ((n, d) → (n)); the SDE's prior when null.</param>
    /// <returns>log p_from(xᵢ) with its prior term, divergence integral, latents and work counts.</returns>
    /// <exception cref="ArgumentNullException">sde, score or x is null.</exception>
    /// <exception cref="ArgumentException">
    /// x is not (n, d) or is non-finite; probes is not (M, n, d); from is not finite; the score returns another shape or
    /// the state becomes non-finite (ParamName "score"); the terminal log-density has the wrong shape or a non-finite value
    /// (ParamName "priorLogDensity").
    /// </exception>
    /// <exception cref="ArgumentOutOfRangeException">N &lt; 1 or from ∉ [0, T).</exception>
    public static TensorLikelihoodResult LogDensity(
        Sde sde,
        Func<Tensor, Tensor, Tensor> score,
        Tensor x,
        int steps,
        Tensor? probes = null,
        double? from = null,
        Func<Tensor, Tensor>? priorLogDensity = null)
    {
        ArgumentNullException.ThrowIfNull(sde);
        ArgumentNullException.ThrowIfNull(score);
        var start = TensorSamplerChecks.Particles(x, nameof(x));
        Guard.Positive(steps, nameof(steps));
        long n = start.shape[0], d = start.shape[1];
        if (probes is not null && (probes.dim() != 3 || probes.shape[1] != n || probes.shape[2] != d))
            throw new ArgumentException($"probes has shape ({SdeTensors.Shape(probes)}); expected (M, {n}, {d}), M probes for every point.", nameof(probes));
        double t0 = TensorSamplerChecks.Time(sde, from ?? sde.Eps, nameof(from));
        if (t0 >= sde.T)
            throw new ArgumentOutOfRangeException(nameof(from), t0, $"from must be < T = {sde.T:G6}.");

        Tensor[] F(double t, Tensor[] y)
        {
            var (s, divergence) = ScoreAndDivergence(score, y[0], t, probes);                  // (n, d), (n)
            double g = sde.Diffusion(t), a = sde.DriftRate(t);
            var velocity = y[0].mul(a).sub(s.mul(0.5 * g * g));                               // (n, d)
            var rate = divergence.mul(-0.5 * g * g).add(d * a);                                // (n)
            return [velocity, rate];
        }

        Tensor[] state = [start, zeros(n, ScalarType.Float32, start.device)];
        int done = 0;
        foreach (var (step, time, next) in TensorRungeKutta4.Steps(F, t0, state, sde.T, steps))
        {
            if (step == 0)
                continue;
            foreach (var old in state)
                old.Dispose();
            state = next;
            TensorSamplerChecks.Finite(state[0], step, time);
            done = step;
        }
        var latent = state[0];
        var integral = state[1];
        var prior = TerminalLogDensity(sde, priorLogDensity, latent);
        int evaluations = 4 * done;
        int backward = probes is null ? evaluations * (int)d : evaluations;
        return new TensorLikelihoodResult(prior.add(integral), prior, integral, latent, done, evaluations, backward);
    }

    private static (Tensor Score, Tensor Divergence) ScoreAndDivergence(Func<Tensor, Tensor, Tensor> score, Tensor x, double t, Tensor? probes)
    {
        Tensor AtTime(Tensor input) => score(input, full(input.shape[0], t, ScalarType.Float32, input.device));
        if (probes is null)
        {
            var (s, divergence) = ScoreDivergence.ExactWithScore(AtTime, x);
            return (s.detach(), divergence.detach());
        }
        var (scores, quadratic) = ScoreDivergence.Projected(AtTime, x, probes);             // (M, n, d), (M, n)
        return (scores[0].detach(), quadratic.mean([0]).detach());
    }

    private static Tensor TerminalLogDensity(Sde sde, Func<Tensor, Tensor>? priorLogDensity, Tensor latent)
    {
        if (priorLogDensity is null)
            return sde.PriorLogDensity(latent);
        var values = priorLogDensity(latent);
        if (values is null || values.dim() != 1 || values.shape[0] != latent.shape[0])
            throw new ArgumentException(
                $"priorLogDensity returned {(values is null ? "null" : $"shape ({SdeTensors.Shape(values)})")} for {latent.shape[0]} points; expected ({latent.shape[0]}).",
                nameof(priorLogDensity));
        if (!values.isfinite().all().item<bool>())
            throw new ArgumentException("priorLogDensity returned a non-finite value.", nameof(priorLogDensity));
        return values;
    }
}
