using MathNet.Numerics;

namespace ScoreNotebooks.Diffusion;

/// <summary>
/// The variance-exploding SDE dx = √(d[σ²(t)]/dt) dW with the geometric noise level
/// σ(t) = σ_min (σ_max/σ_min)^t: the continuous limit of the noise scales of annealed Langevin
/// (Song &amp; Ermon 2019) (Song et al. 2021, Eq. 9 and App. C).
/// </summary>
/// <remarks>
/// <para>
/// f = 0, so a(t) = 0 and α(t) = 1; g(t) = σ(t) √(2 ln(σ_max/σ_min)), since d[σ²]/dt = 2 ln(σ_max/σ_min) σ².
/// The kernel from x₀ is N(x₀, [σ(t)² − σ(0)²] I) (Song et al. 2021, App. B), so
/// <see cref="Sde.Std"/> is σ_min √((σ_max/σ_min)^{2t} − 1), which is 0 at t = 0. Song et al.'s code uses
/// σ(t) itself, treating the data as already blurred by σ_min; the difference is below σ_min.
/// </para>
/// <para>
/// The prior is N(0, σ_max² I), which is close to the marginal at T = 1 when σ_max is large compared with
/// the spread of the data (Song &amp; Ermon 2020, "Improved Techniques for Training Score-Based Generative
/// Models", Technique 1: σ_max as large as the largest distance between data points).
/// </para>
/// </remarks>
public sealed class VeSde : Sde
{
    private readonly double logRatio;

    /// <summary>Creates the VE SDE; the defaults are those of Song et al. (2021) for CIFAR-10.</summary>
    /// <param name="sigmaMin">σ_min &gt; 0, the noise level at t = 0 (0.01).</param>
    /// <param name="sigmaMax">σ_max &gt; σ_min, the noise level at t = 1 and the prior's standard deviation (50).</param>
    /// <param name="endTime">The horizon T &gt; 0 (1).</param>
    /// <param name="eps">The smallest time ε ∈ (0, T) (1e−5, as Song et al. use for VE).</param>
    /// <exception cref="ArgumentException">An argument is not finite.</exception>
    /// <exception cref="ArgumentOutOfRangeException">σ_min ≤ 0, σ_max ≤ σ_min, T ≤ 0, or ε ∉ (0, T).</exception>
    public VeSde(double sigmaMin = 0.01, double sigmaMax = 50, double endTime = 1, double eps = 1e-5)
        : base(endTime, eps)
    {
        SigmaMin = Guard.Positive(sigmaMin, nameof(sigmaMin));
        SigmaMax = Guard.Positive(sigmaMax, nameof(sigmaMax));
        if (sigmaMax <= sigmaMin)
            throw new ArgumentOutOfRangeException(nameof(sigmaMax), sigmaMax, $"sigmaMax must be > sigmaMin = {sigmaMin:G6}.");
        logRatio = Math.Log(sigmaMax / sigmaMin);
    }

    /// <summary>σ_min &gt; 0.</summary>
    public double SigmaMin { get; }

    /// <summary>σ_max &gt; σ_min.</summary>
    public double SigmaMax { get; }

    /// <inheritdoc />
    /// <remarks>σ_max: the prior N(0, σ_max² I).</remarks>
    public override double PriorStd => SigmaMax;

    /// <summary>The noise level σ(t) = σ_min (σ_max/σ_min)^t &gt; 0.</summary>
    /// <param name="t">The time t ∈ [0, T].</param>
    /// <exception cref="ArgumentException">t is not finite.</exception>
    /// <exception cref="ArgumentOutOfRangeException">t ∉ [0, T].</exception>
    public double Sigma(double t) => NoiseLevel(CheckTime(t, nameof(t)));

    /// <inheritdoc />
    public override string ToString() => $"VE SDE (σ_min = {SigmaMin:G4}, σ_max = {SigmaMax:G4}, T = {T:G4}, ε = {Eps:G3})";

    /// <inheritdoc />
    protected override double DriftRateAt(double t) => 0;

    /// <inheritdoc />
    protected override double DiffusionAt(double t) => NoiseLevel(t) * Math.Sqrt(2 * logRatio);

    /// <inheritdoc />
    protected override double MeanScaleAt(double t) => 1;

    /// <inheritdoc />
    /// <remarks>σ_min √(exp(2t ln(σ_max/σ_min)) − 1), with expm1 so that small t keeps its digits.</remarks>
    protected override double StdAt(double t) => SigmaMin * Math.Sqrt(SpecialFunctions.Expm1(2 * t * logRatio));

    private double NoiseLevel(double t) => SigmaMin * Math.Exp(t * logRatio);
}
