using System.Collections.ObjectModel;
using MathNet.Numerics.LinearAlgebra;
using ScoreNotebooks.Numerics;

namespace ScoreNotebooks.Distributions;

/// <summary>
/// The Gaussian mixture p(x) = Σₖ πₖ N(x | μₖ, Σₖ) on ℝᵈ with K ≥ 1 components: the exact
/// oracle of the series, because its density, score, moments, noisy versions and posterior
/// means are all known in closed form.
/// </summary>
/// <remarks>
/// log p(x) = log Σₖ exp(log πₖ + log N(x | μₖ, Σₖ)), evaluated by log-sum-exp.
/// The responsibilities rₖ(x) = πₖ N(x | μₖ, Σₖ) / p(x) give the score
/// ∇ₓ log p(x) = Σₖ rₖ(x) · (−Σₖ⁻¹ (x − μₖ)), a responsibility-weighted average of the
/// component scores. Adding independent noise σε, or scaling by α, keeps it a mixture
/// (<see cref="AddNoise"/>, <see cref="Scale"/>), which is why every noisy marginal of a
/// diffusion started from a mixture is exact. Instances are immutable; randomness is passed in.
/// </remarks>
public sealed partial class GaussianMixture : IDistribution
{
    private const double WeightSumTolerance = 1e-9;

    private readonly Gaussian[] components;
    private readonly double[] logWeights;

    /// <summary>Creates Σₖ πₖ N(μₖ, Σₖ) from K weights and K components.</summary>
    /// <param name="weights">The weights πₖ ≥ 0, finite, with Σₖ πₖ = 1 within 1e−9; they are divided by their sum.</param>
    /// <param name="components">The K ≥ 1 Gaussian components N(μₖ, Σₖ), all of the same dimension d.</param>
    /// <exception cref="ArgumentNullException">weights or components is null.</exception>
    /// <exception cref="ArgumentException">
    /// No components, a null component or components of different dimensions (ParamName "components");
    /// a count other than K, a negative or non-finite weight, or a sum off 1 by more than 1e−9 (ParamName "weights").
    /// </exception>
    public GaussianMixture(IEnumerable<double> weights, IEnumerable<Gaussian> components)
    {
        Guard.NotNull(weights, nameof(weights));
        Guard.NotNull(components, nameof(components));
        this.components = CheckComponents(components.ToArray(), nameof(components));
        var w = CheckWeights(weights.ToArray(), this.components.Length, nameof(weights));
        Weights = Vector<double>.Build.DenseOfArray(w);
        logWeights = w.Select(v => Math.Log(v)).ToArray();
        Components = new ReadOnlyCollection<Gaussian>(this.components);
        Mean = MixtureMean();
        Covariance = MixtureCovariance();
    }

    /// <summary>Σₖ πₖ N(μₖ, σ² I): components sharing one isotropic standard deviation σ &gt; 0.</summary>
    /// <param name="weights">The weights πₖ ≥ 0 summing to 1, one per row of means.</param>
    /// <param name="means">A K×d matrix whose row k is the mean μₖ.</param>
    /// <param name="sigma">The component standard deviation σ &gt; 0.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">As for the constructor, a non-finite mean, or σ ≤ 0 or not finite (ParamName "sigma").</exception>
    public static GaussianMixture Isotropic(IEnumerable<double> weights, Matrix<double> means, double sigma)
    {
        Guard.Finite(means, nameof(means));
        Guard.Positive(sigma, nameof(sigma));
        if (means.RowCount == 0 || means.ColumnCount == 0)
            throw new ArgumentException($"means is {means.RowCount}×{means.ColumnCount}; it needs K ≥ 1 rows and d ≥ 1 columns.", nameof(means));
        var parts = Enumerable.Range(0, means.RowCount).Select(k => Gaussian.Isotropic(means.Row(k), sigma));
        return new GaussianMixture(weights, parts);
    }

    /// <summary>The mixture (1/K) Σₖ N(μₖ, Σₖ) with equal weights πₖ = 1/K.</summary>
    /// <param name="components">The K ≥ 1 components, all of the same dimension.</param>
    /// <exception cref="ArgumentNullException">components is null.</exception>
    /// <exception cref="ArgumentException">No components, a null one, or differing dimensions.</exception>
    public static GaussianMixture EqualWeights(params Gaussian[] components)
    {
        Guard.NotNull(components, nameof(components));
        return new GaussianMixture(Enumerable.Repeat(1.0 / Math.Max(components.Length, 1), components.Length), components);
    }

    /// <inheritdoc />
    public int Dimension => components[0].Dimension;

    /// <summary>The number of components K ≥ 1.</summary>
    public int ComponentCount => components.Length;

    /// <summary>The weights πₖ ≥ 0, Σₖ πₖ = 1, a vector of length K.</summary>
    public Vector<double> Weights { get; }

    /// <summary>The components N(μₖ, Σₖ), k = 0, …, K − 1.</summary>
    public IReadOnlyList<Gaussian> Components { get; }

    /// <summary>The mean E[x] = Σₖ πₖ μₖ ∈ ℝᵈ.</summary>
    public Vector<double> Mean { get; }

    /// <summary>The covariance by the law of total covariance, d×d symmetric positive definite.</summary>
    /// <remarks>Cov[x] = E[Cov[x | k]] + Cov[E[x | k]] = Σₖ πₖ (Σₖ + (μₖ − μ)(μₖ − μ)ᵀ) with μ = Σₖ πₖ μₖ.</remarks>
    public Matrix<double> Covariance { get; }

    /// <inheritdoc />
    /// <remarks>log p(x) = log Σₖ exp(log πₖ + log N(x | μₖ, Σₖ)), by log-sum-exp so that far-away points do not underflow.</remarks>
    public double LogDensity(Vector<double> x)
    {
        Guard.Point(x, Dimension, nameof(x));
        return LogSumExp.Of(LogJoint(x));
    }

    /// <inheritdoc />
    public Vector<double> LogDensity(Matrix<double> xs)
    {
        Guard.Batch(xs, Dimension, nameof(xs));
        return LogSumExp.OfRows(LogJoint(xs));
    }

    /// <inheritdoc />
    /// <remarks>∇ₓ log p(x) = Σₖ rₖ(x) · (−Σₖ⁻¹ (x − μₖ)), exact; see <see cref="Responsibilities(Vector{double})"/>.</remarks>
    /// <exception cref="ArgumentException">x has the wrong dimension, a non-finite entry, or lies so far out that every component density underflows.</exception>
    public Vector<double> Score(Vector<double> x)
    {
        var r = Responsibilities(x);
        var score = Vector<double>.Build.Dense(Dimension);
        for (int k = 0; k < components.Length; k++)
        {
            if (r[k] > 0)
                score += r[k] * components[k].Score(x);
        }
        return score;
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">xs does not have d columns, has a non-finite entry, or has a row where every component density underflows.</exception>
    /// <remarks>
    /// The same formula as the per-point overload, evaluated in one pass over the rows with each
    /// component's precision computed once (see <see cref="ScoreAndDivergence"/>).
    /// </remarks>
    public Matrix<double> Score(Matrix<double> xs)
    {
        Guard.Batch(xs, Dimension, nameof(xs));
        return Derivatives(xs, nameof(xs), withDivergence: false).Score;
    }

    /// <summary>The responsibilities rₖ(x) = p(k | x), a vector of K entries in [0, 1] summing to 1.</summary>
    /// <param name="x">A point x ∈ ℝᵈ, finite.</param>
    /// <remarks>rₖ(x) = exp(log πₖ + log N(x | μₖ, Σₖ) − log p(x)), a softmax of the log-joint, so it never divides 0 by 0.</remarks>
    /// <exception cref="ArgumentException">x has the wrong dimension, a non-finite entry, or lies so far out that every component density underflows.</exception>
    public Vector<double> Responsibilities(Vector<double> x)
    {
        Guard.Point(x, Dimension, nameof(x));
        var logJoint = LogJoint(x);
        double logTotal = CheckedTotal(LogSumExp.Of(logJoint), nameof(x), 0);
        return Vector<double>.Build.Dense(components.Length, k => Math.Exp(logJoint[k] - logTotal));
    }

    /// <summary>The responsibilities of every row of an n×d matrix: an n×K matrix whose row i is r(xᵢ).</summary>
    /// <param name="xs">n points, one per row, finite.</param>
    /// <exception cref="ArgumentException">xs does not have d columns, has a non-finite entry, or has a row where every component density underflows.</exception>
    public Matrix<double> Responsibilities(Matrix<double> xs)
    {
        Guard.Batch(xs, Dimension, nameof(xs));
        var logJoint = LogJoint(xs); // (n, K)
        var logTotal = LogSumExp.OfRows(logJoint);
        for (int i = 0; i < xs.RowCount; i++)
            CheckedTotal(logTotal[i], nameof(xs), i);
        int n = xs.RowCount;
        double[] joint = logJoint.AsColumnMajorArray();
        var r = new double[joint.Length]; // column-major
        for (int k = 0; k < components.Length; k++)
        {
            for (int i = 0; i < n; i++)
                r[i + n * k] = Math.Exp(joint[i + n * k] - logTotal[i]);
        }
        return Matrix<double>.Build.Dense(n, components.Length, r);
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"GaussianMixture(K={ComponentCount}, d={Dimension}, π=[{string.Join(", ", Weights.Select(w => w.ToString("G4")))}])";

    // log πₖ + log N(x | μₖ, Σₖ) for every k; the caller has validated x.
    private Vector<double> LogJoint(Vector<double> x) =>
        Vector<double>.Build.Dense(components.Length, k => logWeights[k] + components[k].LogDensityUnchecked(x));

    private Matrix<double> LogJoint(Matrix<double> xs)
    {
        int n = xs.RowCount;
        var logJoint = new double[n * components.Length]; // (n, K), column-major
        for (int k = 0; k < components.Length; k++)
        {
            double[] logDensity = components[k].LogDensity(xs).AsArray();
            for (int i = 0; i < n; i++)
                logJoint[i + n * k] = logWeights[k] + logDensity[i];
        }
        return Matrix<double>.Build.Dense(n, components.Length, logJoint);
    }

    private static double CheckedTotal(double logTotal, string paramName, int row)
    {
        // Only a point at distance ~1e154 makes every Mahalanobis term overflow; say so instead of returning NaN.
        if (double.IsNegativeInfinity(logTotal))
            throw new ArgumentException($"{paramName} (row {row}) is so far from every component that all densities underflow.", paramName);
        return logTotal;
    }

    private Vector<double> MixtureMean()
    {
        var mean = Vector<double>.Build.Dense(Dimension);
        for (int k = 0; k < components.Length; k++)
            mean += Weights[k] * components[k].Mean;
        return mean;
    }

    private Matrix<double> MixtureCovariance()
    {
        var covariance = Matrix<double>.Build.Dense(Dimension, Dimension);
        for (int k = 0; k < components.Length; k++)
        {
            var offset = components[k].Mean - Mean;
            covariance += Weights[k] * (components[k].Covariance + offset.OuterProduct(offset));
        }
        // Exact symmetry, so that the result factorises as a covariance.
        return (covariance + covariance.Transpose()) * 0.5;
    }

    private static Gaussian[] CheckComponents(Gaussian[] parts, string paramName)
    {
        if (parts.Length == 0)
            throw new ArgumentException($"{paramName} is empty; a mixture needs at least one component.", paramName);
        for (int k = 0; k < parts.Length; k++)
        {
            if (parts[k] is null)
                throw new ArgumentException($"{paramName}[{k}] is null.", paramName);
            if (parts[k].Dimension != parts[0].Dimension)
                throw new ArgumentException(
                    $"{paramName}[{k}] has dimension {parts[k].Dimension} but {paramName}[0] has {parts[0].Dimension}.", paramName);
        }
        return parts;
    }

    private static double[] CheckWeights(double[] w, int count, string paramName)
    {
        if (w.Length != count)
            throw new ArgumentException($"{paramName} has {w.Length} entries but there are {count} components.", paramName);
        for (int k = 0; k < w.Length; k++)
        {
            if (!double.IsFinite(w[k]) || w[k] < 0)
                throw new ArgumentException($"{paramName}[{k}] is {w[k]}; every weight must be finite and ≥ 0.", paramName);
        }
        double sum = w.Sum();
        if (Math.Abs(sum - 1) > WeightSumTolerance)
            throw new ArgumentException($"{paramName} sums to {sum:R}; mixture weights must sum to 1 (within {WeightSumTolerance:G1}).", paramName);
        return w.Select(v => v / sum).ToArray();
    }
}
