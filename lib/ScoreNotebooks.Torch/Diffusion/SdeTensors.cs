using ScoreNotebooks.Diffusion;
using ScoreNotebooks.Torch.Distributions;
using static TorchSharp.torch;

namespace ScoreNotebooks.Torch.Diffusion;

/// <summary>
/// The CPU reference's <see cref="Sde"/> on tensors: its kernel coefficients α(t) and σ(t) for a batch of
/// times, perturbed samples, prior draws and prior log-densities, and the exact time-dependent score of a
/// Gaussian mixture pushed through it.
/// </summary>
/// <remarks>
/// <para>
/// Nothing is written twice: every coefficient is the CPU object's own double-precision value
/// (<see cref="Sde.MeanScale"/>, <see cref="Sde.Std"/>, <see cref="Sde.PriorStd"/>,
/// <see cref="Sde.PriorLogDensity(MathNet.Numerics.LinearAlgebra.Matrix{double})"/>), evaluated at each time of the batch
/// and rounded to float32. Times are read back to the CPU for that, one small copy per call, so the
/// coefficients never carry gradients (they are constants of the loss and of the samplers).
/// </para>
/// <para>
/// Times are a tensor of shape (B), one per row, or a scalar tensor shared by all rows; each must lie in
/// [0, T], as the CPU methods check (ArgumentOutOfRangeException with ParamName "t").
/// </para>
/// </remarks>
public static class SdeTensors
{
    /// <summary>The mean scale α(t) &gt; 0 at every time of a batch: E[xₜ | x₀] = α(t) x₀.</summary>
    /// <param name="sde">The forward SDE.</param>
    /// <param name="t">Times in [0, T], any shape, on any device.</param>
    /// <returns>A float32 tensor of t's shape on t's device.</returns>
    /// <exception cref="ArgumentNullException">sde or t is null.</exception>
    /// <exception cref="ArgumentException">A time is not finite.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A time ∉ [0, T].</exception>
    public static Tensor MeanScale(this Sde sde, Tensor t)
    {
        ArgumentNullException.ThrowIfNull(sde);
        return Map(t, sde.MeanScale);
    }

    /// <summary>The kernel standard deviation σ(t) ≥ 0 at every time of a batch: Cov[xₜ | x₀] = σ(t)² I.</summary>
    /// <param name="sde">The forward SDE.</param>
    /// <param name="t">Times in [0, T], any shape, on any device.</param>
    /// <returns>A float32 tensor of t's shape on t's device.</returns>
    /// <exception cref="ArgumentNullException">sde or t is null.</exception>
    /// <exception cref="ArgumentException">A time is not finite.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A time ∉ [0, T].</exception>
    public static Tensor Std(this Sde sde, Tensor t)
    {
        ArgumentNullException.ThrowIfNull(sde);
        return Map(t, sde.Std);
    }

    /// <summary>xₜ = α(t) x₀ + σ(t) z for every row, on given noise: an exact draw of the perturbation kernel p₀ₜ(· | x₀).</summary>
    /// <param name="sde">The forward SDE.</param>
    /// <param name="x0">Clean points, shape (B, d).</param>
    /// <param name="t">The time of each row, shape (B), or a scalar tensor for all rows.</param>
    /// <param name="noise">Standard normal noise z, x0's shape.</param>
    /// <returns>The noisy points, shape (B, d).</returns>
    /// <remarks>Song et al. (2021), ICLR, App. B: the kernel is N(α(t) x₀, σ(t)² I) for these linear SDEs.</remarks>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">x0 is not (B, d); t is neither (B) nor a scalar; noise has another shape; a time is not finite.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A time ∉ [0, T].</exception>
    public static Tensor Perturb(this Sde sde, Tensor x0, Tensor t, Tensor noise)
    {
        ArgumentNullException.ThrowIfNull(sde);
        CheckPoints(x0, nameof(x0));
        ArgumentNullException.ThrowIfNull(noise);
        if (!noise.shape.SequenceEqual(x0.shape))
            throw new ArgumentException($"noise has shape ({Shape(noise)}); it must have x0's shape ({Shape(x0)}).", nameof(noise));
        using var scope = NewDisposeScope();
        var rows = Rows(t, x0, nameof(t));
        var alpha = sde.MeanScale(rows).unsqueeze(1);  // (B, 1)
        var sigma = sde.Std(rows).unsqueeze(1);        // (B, 1)
        return x0.mul(alpha).add(noise.mul(sigma)).MoveToOuterDisposeScope();
    }

    /// <summary>Draws n samples of the prior N(0, s² I), s = <see cref="Sde.PriorStd"/>: the starting particles x_T of a reverse sampler.</summary>
    /// <param name="sde">The forward SDE.</param>
    /// <param name="generator">A CPU generator; the draw is the same on every device.</param>
    /// <param name="n">The number of samples n ≥ 1.</param>
    /// <param name="dimension">The dimension d ≥ 1.</param>
    /// <param name="device">The device, or null for <see cref="TorchDevice.Current"/>.</param>
    /// <returns>A float32 tensor of shape (n, d).</returns>
    /// <exception cref="ArgumentNullException">sde or generator is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">n &lt; 1 or d &lt; 1.</exception>
    /// <exception cref="TorchLoadException">TorchSharp could not be loaded.</exception>
    public static Tensor SamplePrior(this Sde sde, Generator generator, int n, int dimension, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(sde);
        ArgumentNullException.ThrowIfNull(generator);
        Guard.Positive(n, nameof(n));
        Guard.Positive(dimension, nameof(dimension));
        var target = device ?? TorchDevice.Current;
        using var scope = NewDisposeScope();
        return randn([n, dimension], ScalarType.Float32, generator: generator).mul(sde.PriorStd).to(target).MoveToOuterDisposeScope();
    }

    /// <summary>The prior log-density log N(x; 0, s² I) at every row, computed by the CPU reference in double precision.</summary>
    /// <param name="sde">The forward SDE.</param>
    /// <param name="x">Points, shape (B, d), finite.</param>
    /// <returns>A float32 tensor of shape (B) on x's device.</returns>
    /// <exception cref="ArgumentNullException">sde or x is null.</exception>
    /// <exception cref="ArgumentException">x is not (B, d) or has a non-finite entry.</exception>
    public static Tensor PriorLogDensity(this Sde sde, Tensor x)
    {
        ArgumentNullException.ThrowIfNull(sde);
        CheckPoints(x, nameof(x));
        return sde.PriorLogDensity(x.ToMatrix()).ToTensor(x.device);
    }

    /// <summary>
    /// The exact score ∇ₓ log pₜ(x) of the mixture p₀ pushed through the SDE, on tensors: the tensor
    /// counterpart of <see cref="Sde.ExactScore"/>, in the (x, t) form every tensor sampler takes.
    /// </summary>
    /// <param name="sde">The forward SDE.</param>
    /// <param name="p0">The data law p₀ on tensors; points passed to the score must live on its device.</param>
    /// <returns>A function of points (B, d) and times ((B) or a scalar tensor, in [0, T]) to scores (B, d).</returns>
    /// <remarks>
    /// pₜ is the law of α x₀ + σ z (α = α(t), σ = σ(t)), so pₜ(x) = α⁻ᵈ q_{σ/α}(x/α) with q_s = p₀ convolved with
    /// N(0, s² I), and ∇ₓ log pₜ(x) = (1/α) ∇ log q_{σ/α}(x/α). That is <see cref="TensorGaussianMixture.Score(Tensor, Tensor)"/>
    /// with one level σ/α per row, so each row may have its own time. It is differentiable in x, so autograd gives
    /// its exact divergence.
    /// </remarks>
    /// <exception cref="ArgumentNullException">sde or p0 is null.</exception>
    public static Func<Tensor, Tensor, Tensor> ExactScore(this Sde sde, TensorGaussianMixture p0)
    {
        ArgumentNullException.ThrowIfNull(sde);
        ArgumentNullException.ThrowIfNull(p0);
        return (x, t) =>
        {
            CheckPoints(x, nameof(x));
            using var scope = NewDisposeScope();
            var rows = Rows(t, x, nameof(t));
            var alpha = sde.MeanScale(rows);                                      // (B)
            var level = sde.Std(rows).div(alpha);                                 // (B): σ/α
            var column = alpha.unsqueeze(1);                                      // (B, 1)
            return p0.Score(x.div(column), level).div(column).MoveToOuterDisposeScope();
        };
    }

    /// <summary>
    /// The exact score of the training set itself pushed through the SDE: p₀ = (1/m) Σᵢ δ(x − xᵢ), whose marginal is
    /// pₜ = (1/m) Σᵢ N(α xᵢ, σ² I). A network that learned this score perfectly would do no better than recall its
    /// training points (Kadkhodaie et al. 2024, "Generalization in diffusion models arises from geometry-adaptive
    /// harmonic representations", ICLR).
    /// </summary>
    /// <param name="sde">The forward SDE.</param>
    /// <param name="points">The training points xᵢ, shape (m, d), finite; on the device the score will be called on.</param>
    /// <returns>A function of points (B, d) and times ((B) or a scalar tensor, in (0, T]) to scores (B, d).</returns>
    /// <remarks>
    /// ∇ₓ log pₜ(x) = (α Σᵢ wᵢ xᵢ − x)/σ² with wᵢ = softmax(−‖x − α xᵢ‖²/(2σ²)): the ideal denoiser of chapter 04, a weighted
    /// average of the training points, pulled towards the nearest one as σ → 0. Distances are expanded as
    /// ‖x‖² − 2α x·xᵢ + α²‖xᵢ‖², one matrix product for the batch; the softmax subtracts its row maximum. The arithmetic is
    /// in float64 and the score is returned in x's type, so the result does not depend on the order in which a BLAS library
    /// sums a product (which may differ between processes). It needs σ(t) &gt; 0.
    /// </remarks>
    /// <exception cref="ArgumentNullException">sde or points is null.</exception>
    /// <exception cref="ArgumentException">points is not (m, d) or has a non-finite entry; when called, x has another width
    /// than points, or a time with σ(t) = 0.</exception>
    public static Func<Tensor, Tensor, Tensor> EmpiricalScore(this Sde sde, Tensor points)
    {
        ArgumentNullException.ThrowIfNull(sde);
        CheckPoints(points, nameof(points));
        if (!points.isfinite().all().item<bool>())
            throw new ArgumentException("points has a non-finite entry; every training point must be finite.", nameof(points));
        // Float64 inside: the expansion of the distances cancels, and BLAS may sum a matrix product in another order
        // from one process to the next; in double precision neither reaches the float32 result.
        var points64 = points.to_type(ScalarType.Float64);
        var squaredNorms = points64.square().sum(1);                                // (m)
        return (x, t) =>
        {
            CheckPoints(x, nameof(x));
            if (x.shape[1] != points.shape[1])
                throw new ArgumentException($"x has {x.shape[1]} columns; the training points have {points.shape[1]}.", nameof(x));
            using var scope = NewDisposeScope();
            var rows = Rows(t, x, nameof(t));
            var alpha = sde.MeanScale(rows).to_type(ScalarType.Float64).unsqueeze(1);          // (B, 1)
            var variance = sde.Std(rows).to_type(ScalarType.Float64).square().unsqueeze(1);    // (B, 1)
            if (!(variance.min().item<double>() > 0))
                throw new ArgumentException("the empirical score needs σ(t) > 0; a time has σ(t) = 0 (t = 0?).", nameof(t));
            var x64 = x.to_type(ScalarType.Float64);
            var distances = x64.square().sum(1, keepdim: true) - alpha * x64.matmul(points64.T) * 2
                + alpha.square() * squaredNorms.unsqueeze(0);                       // (B, m)
            var weights = distances.div(variance * -2).softmax(1);
            return (weights.matmul(points64) * alpha - x64).div(variance).to_type(x.dtype).MoveToOuterDisposeScope();
        };
    }

    /// <summary>The times of a batch as shape (B): a (B) tensor as it is, a scalar tensor repeated.</summary>
    internal static Tensor Rows(Tensor t, Tensor x, string paramName)
    {
        ArgumentNullException.ThrowIfNull(t, paramName);
        long batch = x.shape[0];
        if (t.dim() == 0)
            return t.expand(batch);
        if (t.dim() != 1 || t.shape[0] != batch)
            throw new ArgumentException($"{paramName} has shape ({Shape(t)}); expected ({batch}), one time per row of x, or a scalar.", paramName);
        return t;
    }

    internal static void CheckPoints(Tensor x, string paramName)
    {
        ArgumentNullException.ThrowIfNull(x, paramName);
        if (x.dim() != 2 || x.shape[0] < 1 || x.shape[1] < 1)
            throw new ArgumentException($"{paramName} has shape ({Shape(x)}); expected (B, d) with B, d ≥ 1, one point per row.", paramName);
    }

    internal static string Shape(Tensor x) => string.Join(", ", x.shape);

    // Reads the times back in double, applies the CPU reference's function, and writes float32 back to t's device.
    private static Tensor Map(Tensor t, Func<double, double> f)
    {
        ArgumentNullException.ThrowIfNull(t);
        double[] times;
        using (var scope = NewDisposeScope())
            times = t.detach().to(ScalarType.Float64, CPU).contiguous().data<double>().ToArray();
        var values = new float[times.Length];
        for (int i = 0; i < times.Length; i++)
            values[i] = (float)f(times[i]);
        return tensor(values, t.shape, ScalarType.Float32, t.device);
    }
}
