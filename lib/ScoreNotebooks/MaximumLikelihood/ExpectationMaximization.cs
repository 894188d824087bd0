using MathNet.Numerics.LinearAlgebra;
using ScoreNotebooks.Distributions;

namespace ScoreNotebooks.MaximumLikelihood;

/// <summary>
/// Expectation–maximisation for a Gaussian mixture with full covariances (Dempster, Laird &amp; Rubin 1977),
/// yielding every iteration so a notebook can plot the log-likelihood or stop early.
/// </summary>
/// <remarks>
/// E-step: responsibilities rᵢₖ = πₖ N(xᵢ | μₖ, Σₖ) / Σⱼ πⱼ N(xᵢ | μⱼ, Σⱼ). M-step, with Nₖ = Σᵢ rᵢₖ:
/// πₖ = Nₖ/n, μₖ = (1/Nₖ) Σᵢ rᵢₖ xᵢ, Σₖ = (1/Nₖ) Σᵢ rᵢₖ (xᵢ − μₖ)(xᵢ − μₖ)ᵀ. Each iteration cannot decrease
/// the log-likelihood (Dempster et al. 1977, Theorem 1).
/// Collapse guard: a component that shrinks onto one point sends its likelihood to +∞. Every eigenvalue
/// of Σₖ is therefore kept ≥ ε·v̄, where v̄ = tr(Σ̂)/d is the data's mean variance per coordinate and
/// ε the covariance floor (1e−6 by default). The floor only acts when an eigenvalue falls below it; while
/// it is inactive the update is exact EM and the monotonicity above holds, when it acts it may not.
/// A component whose total responsibility Nₖ underflows below 1e−12 keeps its previous mean and
/// covariance and gets weight Nₖ/n ≈ 0.
/// </remarks>
public static class ExpectationMaximization
{
    private const double EmptyComponent = 1e-12;

    /// <summary>Runs EM for a K-component mixture, yielding the initial mixture and then one step per iteration.</summary>
    /// <param name="rng">The random source for the initial means; the run is a deterministic function of its state.</param>
    /// <param name="samples">n ≥ K samples, one per row of an n×d matrix, finite, not all identical.</param>
    /// <param name="components">The number of components K ≥ 1.</param>
    /// <param name="iterations">The number of EM iterations T ≥ 0; T + 1 steps are yielded (t = 0 … T).</param>
    /// <param name="initialisation">How the initial means are chosen; k-means++ by default.</param>
    /// <param name="covarianceFloor">The relative eigenvalue floor ε, 0 &lt; ε &lt; 1.</param>
    /// <returns>A lazy sequence of <see cref="EmStep"/>; arguments are checked when Run is called, not when enumerated.</returns>
    /// <exception cref="ArgumentNullException">rng or samples is null.</exception>
    /// <exception cref="ArgumentException">
    /// A non-finite sample, fewer rows than components, or samples that are all identical (ParamName "samples"),
    /// an unknown initialisation, or ε not finite.
    /// </exception>
    /// <exception cref="ArgumentOutOfRangeException">K &lt; 1, T &lt; 0, or ε outside (0, 1).</exception>
    public static IEnumerable<EmStep> Run(
        Random rng,
        Matrix<double> samples,
        int components,
        int iterations,
        EmInitialisation initialisation = EmInitialisation.KMeansPlusPlus,
        double covarianceFloor = 1e-6)
    {
        Guard.NotNull(rng, nameof(rng));
        var dataCovariance = GaussianMle.Covariance(samples);
        Guard.Positive(components, nameof(components));
        if (iterations < 0)
            throw new ArgumentOutOfRangeException(nameof(iterations), iterations, "iterations must be ≥ 0.");
        if (samples.RowCount < components)
            throw new ArgumentException($"samples has {samples.RowCount} rows, fewer than the {components} components.", nameof(samples));
        if (initialisation is not (EmInitialisation.KMeansPlusPlus or EmInitialisation.RandomPoints))
            throw new ArgumentException($"initialisation {initialisation} is not a known scheme.", nameof(initialisation));
        Guard.Positive(covarianceFloor, nameof(covarianceFloor));
        if (covarianceFloor >= 1)
            throw new ArgumentOutOfRangeException(nameof(covarianceFloor), covarianceFloor, "covarianceFloor must be < 1 (it is relative to the data's variance).");
        double floor = covarianceFloor * dataCovariance.Trace() / samples.ColumnCount;
        var means = initialisation == EmInitialisation.KMeansPlusPlus
            ? KMeansPlusPlusMeans(rng, samples, components)
            : RandomPointMeans(rng, samples, components);
        Gaussian start;
        try
        {
            start = new Gaussian(means[0], Floored(dataCovariance, floor));
        }
        catch (ArgumentException)
        {
            throw new ArgumentException("samples are all identical; their covariance is zero, so there is nothing to fit.", nameof(samples));
        }
        var initial = new GaussianMixture(
            Enumerable.Repeat(1.0 / components, components),
            means.Select(m => new Gaussian(m, start.Covariance)));
        return Iterate(samples, initial, iterations, floor);
    }

    private static IEnumerable<EmStep> Iterate(Matrix<double> samples, GaussianMixture mixture, int iterations, double floor)
    {
        yield return new EmStep(0, MeanLogLikelihood(mixture, samples), mixture);
        for (int t = 1; t <= iterations; t++)
        {
            mixture = Update(samples, mixture, floor);
            yield return new EmStep(t, MeanLogLikelihood(mixture, samples), mixture);
        }
    }

    private static GaussianMixture Update(Matrix<double> samples, GaussianMixture mixture, double floor)
    {
        int n = samples.RowCount, d = samples.ColumnCount, k = mixture.ComponentCount;
        var r = mixture.Responsibilities(samples); // (n, K)
        var weights = new double[k];
        var parts = new Gaussian[k];
        for (int c = 0; c < k; c++)
        {
            var rc = r.Column(c);
            double total = rc.Sum();
            weights[c] = total / n;
            if (total < EmptyComponent)
            {
                parts[c] = mixture.Components[c];
                continue;
            }
            var mean = samples.TransposeThisAndMultiply(rc) / total;
            var centred = Matrix<double>.Build.Dense(n, d, (i, j) => samples[i, j] - mean[j]);
            var weighted = Matrix<double>.Build.Dense(n, d, (i, j) => centred[i, j] * rc[i]);
            var covariance = centred.TransposeThisAndMultiply(weighted) / total;
            parts[c] = new Gaussian(mean, Floored((covariance + covariance.Transpose()) * 0.5, floor));
        }
        double sum = weights.Sum();
        return new GaussianMixture(weights.Select(w => w / sum), parts);
    }

    private static double MeanLogLikelihood(GaussianMixture mixture, Matrix<double> samples) =>
        mixture.LogDensity(samples).Average();

    // Raises eigenvalues below the floor to it; returns the input unchanged when none is below, so exact EM is untouched.
    private static Matrix<double> Floored(Matrix<double> covariance, double floor)
    {
        var evd = covariance.Evd(Symmetricity.Symmetric);
        var eigenvalues = evd.EigenValues.Select(v => v.Real).ToArray();
        if (eigenvalues.All(v => v >= floor))
            return covariance;
        var q = evd.EigenVectors;
        var clamped = Matrix<double>.Build.DenseOfDiagonalArray(eigenvalues.Select(v => Math.Max(v, floor)).ToArray());
        var result = q * clamped * q.Transpose();
        return (result + result.Transpose()) * 0.5;
    }

    private static Vector<double>[] RandomPointMeans(Random rng, Matrix<double> samples, int k)
    {
        // Partial Fisher–Yates shuffle: the first k entries are k distinct uniform indices.
        var order = Enumerable.Range(0, samples.RowCount).ToArray();
        for (int i = 0; i < k; i++)
        {
            int j = i + rng.Next(order.Length - i);
            (order[i], order[j]) = (order[j], order[i]);
        }
        return order.Take(k).Select(i => samples.Row(i)).ToArray();
    }

    private static Vector<double>[] KMeansPlusPlusMeans(Random rng, Matrix<double> samples, int k)
    {
        int n = samples.RowCount;
        var means = new List<Vector<double>> { samples.Row(rng.Next(n)) };
        var distance = Enumerable.Range(0, n).Select(i => (samples.Row(i) - means[0]).DotProduct(samples.Row(i) - means[0])).ToArray();
        while (means.Count < k)
        {
            double total = distance.Sum();
            // All remaining points coincide with chosen means: any point will do.
            int pick = total > 0 ? DrawProportional(rng, distance, total) : rng.Next(n);
            var mean = samples.Row(pick);
            means.Add(mean);
            for (int i = 0; i < n; i++)
            {
                var gap = samples.Row(i) - mean;
                distance[i] = Math.Min(distance[i], gap.DotProduct(gap));
            }
        }
        return means.ToArray();
    }

    private static int DrawProportional(Random rng, double[] weights, double total)
    {
        double u = rng.NextDouble() * total;
        double cumulative = 0;
        for (int i = 0; i < weights.Length; i++)
        {
            cumulative += weights[i];
            if (u < cumulative && weights[i] > 0)
                return i;
        }
        // Rounding can leave u just above the final sum; the last point with positive weight is then the draw.
        return Array.FindLastIndex(weights, w => w > 0);
    }
}
