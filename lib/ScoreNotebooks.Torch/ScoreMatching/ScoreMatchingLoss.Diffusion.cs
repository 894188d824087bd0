using ScoreNotebooks.Diffusion;
using ScoreNotebooks.Torch.Diffusion;
using static TorchSharp.torch;

namespace ScoreNotebooks.Torch.ScoreMatching;

public static partial class ScoreMatchingLoss
{
    /// <summary>
    /// Denoising score matching over diffusion time, on given times and noise: the training objective of a
    /// time-conditional score network s_θ(x, t) for the marginals of a forward SDE.
    /// </summary>
    /// <param name="score">The time-conditional score s(x, t): (B, d) and (B) → (B, d).</param>
    /// <param name="x">Clean data points x₀, shape (B, d).</param>
    /// <param name="sde">The forward SDE, which supplies α(t) and σ(t).</param>
    /// <param name="times">The time tᵢ ∈ (0, T] of each row, shape (B).</param>
    /// <param name="noise">Standard normal noise zᵢ, shape (B, d); xₜ,ᵢ = α(tᵢ) x₀,ᵢ + σ(tᵢ) zᵢ.</param>
    /// <param name="weighting">The weight λ(t) &gt; 0, evaluated in double at each row's time; null for λ(t) = σ(t)².</param>
    /// <remarks>
    /// <para>
    /// Song et al. (2021), ICLR, Eq. 7, without the ½ and with the kernel score ∇log p₀ₜ(xₜ | x₀) = −z/σ(t):
    /// mean λ(tᵢ) ‖s(xₜ,ᵢ, tᵢ) + zᵢ/σ(tᵢ)‖². With tᵢ ~ U[ε, T] its expectation is
    /// E_t λ(t) E‖s(xₜ, t) − ∇log pₜ(xₜ)‖² plus a constant (Vincent 2011), so its minimiser is the score of every
    /// marginal; the constant is <c>IrreducibleLoss.DenoisingOverTime</c>.
    /// </para>
    /// <para>
    /// It is computed as (λ(t)/σ(t)²) ‖σ(t) s + z‖², which never divides z by a small σ. The default
    /// λ = σ² makes each term ‖σ s + z‖² of order one at every t, the choice of Song et al. (2021) and of
    /// Song &amp; Ermon (2019); λ(t) = g(t)² (<c>t =&gt; Math.Pow(sde.Diffusion(t), 2)</c>) turns the loss into a
    /// bound on the negative log-likelihood (Song, Durkan, Murray &amp; Ermon 2021, "Maximum likelihood training
    /// of score-based diffusion models", NeurIPS, Theorem 1).
    /// </para>
    /// </remarks>
    /// <exception cref="ArgumentNullException">score, x, sde or times is null.</exception>
    /// <exception cref="ArgumentException">
    /// x is not (B, d); times is not (B); noise has another shape; the score has another shape; a time, or the weight
    /// at a time, is not finite (ParamName "weighting" for the weight).
    /// </exception>
    /// <exception cref="ArgumentOutOfRangeException">A time ∉ (0, T], or a weight ≤ 0 (ParamName "weighting").</exception>
    public static Tensor DenoisingOverTime(
        Func<Tensor, Tensor, Tensor> score, Tensor x, Sde sde, Tensor times, Tensor noise, Func<double, double>? weighting = null)
    {
        ArgumentNullException.ThrowIfNull(score);
        ArgumentNullException.ThrowIfNull(sde);
        CheckNoise(x, noise);
        ArgumentNullException.ThrowIfNull(times);
        if (times.dim() != 1 || times.shape[0] != x.shape[0])
            throw new ArgumentException($"times has shape ({string.Join(", ", times.shape)}); expected ({x.shape[0]}), one time per row.", nameof(times));
        using var scope = NewDisposeScope();
        var t = times.to(x.device);
        var sigma = sde.Std(t);                                                                   // (B)
        if (sigma.le(0).any().item<bool>())
            throw new ArgumentOutOfRangeException(nameof(times), "every time must be > 0, where σ(t) > 0: the kernel score −z/σ(t) is undefined at t = 0.");
        var column = sigma.unsqueeze(1);                                                          // (B, 1)
        var xt = sde.Perturb(x, t, noise);                                                        // (B, d)
        var s = ScoreDivergence.Evaluate(input => score(input, t), xt);                           // (B, d)
        var residual = s.mul(column).add(noise).square().sum(1);                                  // (B): ‖σ s + z‖²
        if (weighting is null)
            return residual.mean().MoveToOuterDisposeScope();
        var ratio = WeightRatio(sde, t, weighting);                                               // (B): λ/σ²
        return residual.mul(ratio).mean().MoveToOuterDisposeScope();
    }

    /// <summary>Denoising score matching over diffusion time with tᵢ ~ U[ε, T] and the noise drawn from a generator.</summary>
    /// <param name="score">The time-conditional score s(x, t): (B, d) and (B) → (B, d).</param>
    /// <param name="x">Clean data points x₀, shape (B, d).</param>
    /// <param name="sde">The forward SDE; its <see cref="Sde.Eps"/> and <see cref="Sde.T"/> bound the times.</param>
    /// <param name="generator">A CPU generator: first the B times, then the (B, d) noise.</param>
    /// <param name="weighting">The weight λ(t) &gt; 0; null for λ(t) = σ(t)².</param>
    /// <remarks>
    /// Times are drawn uniformly on [ε, T] as Song et al. (2021) do, ε keeping σ(t) away from 0. See
    /// <see cref="DenoisingOverTime(Func{Tensor, Tensor, Tensor}, Tensor, Sde, Tensor, Tensor, Func{double, double}?)"/>.
    /// </remarks>
    /// <exception cref="ArgumentNullException">An argument other than weighting is null.</exception>
    /// <exception cref="ArgumentException">x is not (B, d), the score has another shape, or a weight is not finite.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A weight ≤ 0.</exception>
    public static Tensor DenoisingOverTime(
        Func<Tensor, Tensor, Tensor> score, Tensor x, Sde sde, Generator generator, Func<double, double>? weighting = null)
    {
        ArgumentNullException.ThrowIfNull(sde);
        ArgumentNullException.ThrowIfNull(generator);
        ScoreDivergence.CheckPoints(x);
        using var scope = NewDisposeScope();
        var times = UniformTimes(sde, x.shape[0], generator).to(x.device);
        return DenoisingOverTime(score, x, sde, times, StandardNormal(generator, x), weighting).MoveToOuterDisposeScope();
    }

    /// <summary>n times uniform on [ε, T], float32, on the CPU; clamped so rounding never leaves the interval.</summary>
    internal static Tensor UniformTimes(Sde sde, long n, Generator generator)
    {
        using var scope = NewDisposeScope();
        return rand([n], ScalarType.Float64, generator: generator)
            .mul(sde.T - sde.Eps).add(sde.Eps).to(ScalarType.Float32).clamp((float)sde.Eps, (float)sde.T).MoveToOuterDisposeScope();
    }

    /// <summary>λ(tᵢ)/σ(tᵢ)² for every row, in double on the CPU, then float32 on t's device.</summary>
    internal static Tensor WeightRatio(Sde sde, Tensor t, Func<double, double> weighting)
    {
        double[] times;
        using (var scope = NewDisposeScope())
            times = t.detach().to(ScalarType.Float64, CPU).contiguous().data<double>().ToArray();
        var ratio = new float[times.Length];
        for (int i = 0; i < times.Length; i++)
        {
            double lambda = weighting(times[i]), sigma = sde.Std(times[i]);
            if (!double.IsFinite(lambda))
                throw new ArgumentException($"weighting returned {lambda} at t = {times[i]:G6}; it must be finite and > 0.", nameof(weighting));
            if (lambda <= 0)
                throw new ArgumentOutOfRangeException(nameof(weighting), lambda, $"weighting returned {lambda} at t = {times[i]:G6}; it must be > 0.");
            ratio[i] = (float)(lambda / (sigma * sigma));
        }
        return tensor(ratio, [ratio.Length], ScalarType.Float32, t.device);
    }
}
