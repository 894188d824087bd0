using MathNet.Numerics.LinearAlgebra;
using ScoreNotebooks.Distributions;

namespace ScoreNotebooks.Diffusion;

/// <summary>
/// A forward diffusion dx = f(x, t) dt + g(t) dW on ℝᵈ, t ∈ [0, T], with linear drift f(x, t) = a(t) x:
/// its coefficients, its Gaussian perturbation kernel, its prior, and the exact noisy marginals of a
/// Gaussian mixture pushed through it (Song, Sohl-Dickstein, Kingma, Kumar, Ermon &amp; Poole 2021,
/// "Score-Based Generative Modeling through Stochastic Differential Equations", ICLR, Eq. 5).
/// </summary>
/// <remarks>
/// <para>
/// Implementations: <see cref="VeSde"/>, <see cref="VpSde"/> and <see cref="SubVpSde"/>. Because the
/// drift is linear and g does not depend on x, the transition from x₀ is Gaussian,
/// p₀ₜ(xₜ | x₀) = N(xₜ; α(t) x₀, σ(t)² I) with α(t) = exp ∫₀ᵗ a(s) ds (<see cref="MeanScale"/>) and
/// σ(t)² = ∫₀ᵗ α(t)²/α(s)² g(s)² ds (<see cref="Std"/>), the solution of the moment equations
/// dα/dt = a α and dσ²/dt = 2a σ² + g² (Särkkä &amp; Solin 2019, "Applied Stochastic Differential
/// Equations", Eq. 5.51; Song et al. 2021, App. B). Hence xₜ = α x₀ + σ ε, and a mixture
/// Σₖ πₖ N(μₖ, Σₖ) becomes Σₖ πₖ N(α μₖ, α² Σₖ + σ² I) (<see cref="Marginal"/>): every marginal pₜ,
/// its score and its Laplacian are exact.
/// </para>
/// <para>
/// Times are checked to lie in [0, T]. Samplers run the reverse process from T down to the small
/// <see cref="Eps"/> &gt; 0 and likelihoods integrate from ε up to T, as Song et al. do, because a learned
/// score is unreliable as t → 0; the exact mixture score is fine at t = 0 itself.
/// Instances are immutable; randomness is always passed in.
/// </para>
/// </remarks>
public abstract partial class Sde
{
    /// <summary>Sets the time horizon T and the smallest time ε used by samplers and likelihoods.</summary>
    /// <param name="endTime">The horizon T &gt; 0.</param>
    /// <param name="eps">The smallest time ε, 0 &lt; ε &lt; T.</param>
    /// <exception cref="ArgumentException">T or ε is not finite.</exception>
    /// <exception cref="ArgumentOutOfRangeException">T ≤ 0, ε ≤ 0 or ε ≥ T.</exception>
    protected Sde(double endTime, double eps)
    {
        T = Guard.Positive(endTime, nameof(endTime));
        Eps = Guard.Positive(eps, nameof(eps));
        if (eps >= endTime)
            throw new ArgumentOutOfRangeException(nameof(eps), eps, $"eps must be < T = {endTime:G6}.");
    }

    /// <summary>The time horizon T &gt; 0 at which the marginal is close to the prior.</summary>
    public double T { get; }

    /// <summary>The smallest time ε ∈ (0, T): where reverse samplers stop and likelihoods start.</summary>
    public double Eps { get; }

    /// <summary>The standard deviation s &gt; 0 of the prior N(0, s² I) that approximates the marginal at T.</summary>
    public abstract double PriorStd { get; }

    /// <summary>The drift rate a(t) of the linear drift f(x, t) = a(t) x, any real number.</summary>
    /// <param name="t">The time t ∈ [0, T].</param>
    /// <exception cref="ArgumentException">t is not finite.</exception>
    /// <exception cref="ArgumentOutOfRangeException">t ∉ [0, T].</exception>
    public double DriftRate(double t) => DriftRateAt(CheckTime(t, nameof(t)));

    /// <summary>The diffusion coefficient g(t) ≥ 0.</summary>
    /// <param name="t">The time t ∈ [0, T].</param>
    /// <exception cref="ArgumentException">t is not finite.</exception>
    /// <exception cref="ArgumentOutOfRangeException">t ∉ [0, T].</exception>
    public double Diffusion(double t) => DiffusionAt(CheckTime(t, nameof(t)));

    /// <summary>The mean scale α(t) = exp ∫₀ᵗ a(s) ds &gt; 0 of the perturbation kernel: E[xₜ | x₀] = α(t) x₀.</summary>
    /// <param name="t">The time t ∈ [0, T].</param>
    /// <exception cref="ArgumentException">t is not finite.</exception>
    /// <exception cref="ArgumentOutOfRangeException">t ∉ [0, T].</exception>
    public double MeanScale(double t) => MeanScaleAt(CheckTime(t, nameof(t)));

    /// <summary>The standard deviation σ(t) ≥ 0 of the perturbation kernel: Cov[xₜ | x₀] = σ(t)² I, with σ(0) = 0.</summary>
    /// <param name="t">The time t ∈ [0, T].</param>
    /// <exception cref="ArgumentException">t is not finite.</exception>
    /// <exception cref="ArgumentOutOfRangeException">t ∉ [0, T].</exception>
    public double Std(double t) => StdAt(CheckTime(t, nameof(t)));

    /// <summary>The drift f(x, t) = a(t) x at every row of an n×d matrix; returns an n×d matrix.</summary>
    /// <param name="x">n points, one per row, finite.</param>
    /// <param name="t">The time t ∈ [0, T].</param>
    /// <exception cref="ArgumentNullException">x is null.</exception>
    /// <exception cref="ArgumentException">x or t is not finite.</exception>
    /// <exception cref="ArgumentOutOfRangeException">t ∉ [0, T].</exception>
    public Matrix<double> Drift(Matrix<double> x, double t)
    {
        Guard.Finite(x, nameof(x));
        return DriftRate(t) * x;
    }

    /// <summary>The prior N(0, s² I) in dimension d, with s = <see cref="PriorStd"/>.</summary>
    /// <param name="dimension">The dimension d ≥ 1.</param>
    /// <exception cref="ArgumentOutOfRangeException">d &lt; 1.</exception>
    public Gaussian Prior(int dimension)
    {
        Guard.Positive(dimension, nameof(dimension));
        return Gaussian.Isotropic(Vector<double>.Build.Dense(dimension), PriorStd);
    }

    /// <summary>The prior log-density log N(x; 0, s² I) = −‖x‖²/(2s²) − (d/2) log(2π s²) at one point.</summary>
    /// <param name="x">A point x ∈ ℝᵈ (d ≥ 1), finite.</param>
    /// <exception cref="ArgumentNullException">x is null.</exception>
    /// <exception cref="ArgumentException">x is empty or has a non-finite entry.</exception>
    public double PriorLogDensity(Vector<double> x)
    {
        Guard.Finite(x, nameof(x));
        if (x.Count == 0)
            throw new ArgumentException("x has no entries.", nameof(x));
        return PriorLogDensityUnchecked(x.DotProduct(x), x.Count);
    }

    /// <summary>The prior log-density at every row of an n×d matrix; returns a vector of length n.</summary>
    /// <param name="xs">n points of dimension d ≥ 1, one per row, finite.</param>
    /// <remarks>Entry i is <see cref="PriorLogDensity(Vector{double})"/> of row i.</remarks>
    /// <exception cref="ArgumentNullException">xs is null.</exception>
    /// <exception cref="ArgumentException">xs has no columns or a non-finite entry.</exception>
    public Vector<double> PriorLogDensity(Matrix<double> xs)
    {
        Guard.Finite(xs, nameof(xs));
        if (xs.ColumnCount == 0)
            throw new ArgumentException("xs has no columns.", nameof(xs));
        var squared = xs.PointwisePower(2).RowSums();
        return Vector<double>.Build.Dense(xs.RowCount, i => PriorLogDensityUnchecked(squared[i], xs.ColumnCount));
    }

    /// <summary>Draws n samples of the prior N(0, s² I) in dimension d: the starting particles x_T of a reverse sampler.</summary>
    /// <param name="rng">The random source.</param>
    /// <param name="n">The number of samples n ≥ 0.</param>
    /// <param name="dimension">The dimension d ≥ 1.</param>
    /// <returns>An n×d matrix, one sample per row.</returns>
    /// <exception cref="ArgumentNullException">rng is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">n &lt; 0 or d &lt; 1.</exception>
    public Matrix<double> SamplePrior(Random rng, int n, int dimension)
    {
        Guard.NotNull(rng, nameof(rng));
        if (n < 0)
            throw new ArgumentOutOfRangeException(nameof(n), n, "n must be ≥ 0.");
        Guard.Positive(dimension, nameof(dimension));
        return PriorStd * Gaussian.StandardNormalMatrix(rng, n, dimension);
    }

    /// <summary>
    /// The exact marginal pₜ of x₀ ~ p₀ pushed through the SDE: the mixture Σₖ πₖ N(α μₖ, α² Σₖ + σ² I)
    /// with α = α(t), σ = σ(t).
    /// </summary>
    /// <param name="p0">The law p₀ of x₀, a Gaussian mixture.</param>
    /// <param name="t">The time t ∈ [0, T]; t = 0 returns p₀ itself.</param>
    /// <remarks>pₜ = p₀.<see cref="GaussianMixture.Scale"/>(α(t)).<see cref="GaussianMixture.AddNoise"/>(σ(t)), since xₜ = α x₀ + σ ε.</remarks>
    /// <exception cref="ArgumentNullException">p0 is null.</exception>
    /// <exception cref="ArgumentException">t is not finite.</exception>
    /// <exception cref="ArgumentOutOfRangeException">t ∉ [0, T].</exception>
    public GaussianMixture Marginal(GaussianMixture p0, double t)
    {
        Guard.NotNull(p0, nameof(p0));
        CheckTime(t, nameof(t));
        double alpha = MeanScaleAt(t), sigma = StdAt(t);
        var scaled = alpha == 1 ? p0 : p0.Scale(alpha);
        return sigma > 0 ? scaled.AddNoise(sigma) : scaled;
    }

    /// <summary>
    /// The exact time-dependent score s(x, t) = ∇ₓ log pₜ(x) of p₀ pushed through the SDE, in the batch
    /// form the samplers take: an n×d matrix and a time to an n×d matrix.
    /// </summary>
    /// <param name="p0">The law p₀ of x₀, a Gaussian mixture of dimension d.</param>
    /// <remarks>
    /// Each call builds <see cref="Marginal"/>(p₀, t) and returns its <see cref="GaussianMixture.Score(Matrix{double})"/>:
    /// the oracle against which every discretisation error and every learned score is measured.
    /// </remarks>
    /// <exception cref="ArgumentNullException">p0 is null.</exception>
    public Func<Matrix<double>, double, Matrix<double>> ExactScore(GaussianMixture p0)
    {
        Guard.NotNull(p0, nameof(p0));
        return (x, t) => Marginal(p0, t).Score(x);
    }

    /// <summary>
    /// The exact divergence of that score, ∇ₓ·s(x, t) = Δ log pₜ(x), in batch form: an n×d matrix and a
    /// time to a vector of length n.
    /// </summary>
    /// <param name="p0">The law p₀ of x₀, a Gaussian mixture of dimension d.</param>
    /// <remarks>Each call returns <see cref="Marginal"/>(p₀, t).<see cref="GaussianMixture.ScoreDivergence(Matrix{double})"/>.</remarks>
    /// <exception cref="ArgumentNullException">p0 is null.</exception>
    public Func<Matrix<double>, double, Vector<double>> ExactScoreDivergence(GaussianMixture p0)
    {
        Guard.NotNull(p0, nameof(p0));
        return (x, t) => Marginal(p0, t).ScoreDivergence(x);
    }

    /// <summary>Checks that t is a finite time in [0, T] and returns it.</summary>
    /// <param name="t">The time to check.</param>
    /// <param name="paramName">The parameter name reported in the exception.</param>
    /// <exception cref="ArgumentException">t is not finite.</exception>
    /// <exception cref="ArgumentOutOfRangeException">t ∉ [0, T].</exception>
    protected double CheckTime(double t, string paramName)
    {
        Guard.Finite(t, paramName);
        if (t < 0 || t > T)
            throw new ArgumentOutOfRangeException(paramName, t, $"{paramName} must lie in [0, T] = [0, {T:G6}].");
        return t;
    }

    /// <summary>a(t) for a time already checked to lie in [0, T].</summary>
    protected abstract double DriftRateAt(double t);

    /// <summary>g(t) ≥ 0 for a time already checked to lie in [0, T].</summary>
    protected abstract double DiffusionAt(double t);

    /// <summary>α(t) &gt; 0 for a time already checked to lie in [0, T].</summary>
    protected abstract double MeanScaleAt(double t);

    /// <summary>σ(t) ≥ 0 for a time already checked to lie in [0, T].</summary>
    protected abstract double StdAt(double t);

    private double PriorLogDensityUnchecked(double squaredNorm, int dimension)
    {
        double variance = PriorStd * PriorStd;
        return -0.5 * squaredNorm / variance - 0.5 * dimension * Math.Log(2 * Math.PI * variance);
    }
}
