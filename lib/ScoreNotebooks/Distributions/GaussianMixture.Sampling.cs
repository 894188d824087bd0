using MathNet.Numerics.LinearAlgebra;

namespace ScoreNotebooks.Distributions;

public sealed partial class GaussianMixture
{
    /// <inheritdoc />
    /// <remarks>Ancestral sampling: k ~ Categorical(π), then x ~ N(μₖ, Σₖ); see <see cref="SampleWithComponents"/>.</remarks>
    public Matrix<double> Sample(Random rng, int n) => SampleWithComponents(rng, n).Samples;

    /// <summary>Draws n ≥ 0 samples together with the component each one came from.</summary>
    /// <param name="rng">The random source; the result is a deterministic function of its state.</param>
    /// <param name="n">The number of samples n ≥ 0.</param>
    /// <returns>
    /// Samples: an n×d matrix, one sample per row. Components: for each row, the index k ∈ [0, K) of the
    /// component it was drawn from.
    /// </returns>
    /// <remarks>
    /// First n labels kᵢ ~ Categorical(π) by inverting the cumulative weights with uᵢ ~ U[0, 1),
    /// then, component by component, the rows with label k are filled by one batched draw from N(μₖ, Σₖ).
    /// A component with πₖ = 0 is never chosen.
    /// </remarks>
    /// <exception cref="ArgumentNullException">rng is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">n &lt; 0.</exception>
    public (Matrix<double> Samples, int[] Components) SampleWithComponents(Random rng, int n)
    {
        Guard.NotNull(rng, nameof(rng));
        if (n < 0)
            throw new ArgumentOutOfRangeException(nameof(n), n, "n must be ≥ 0.");
        var labels = DrawLabels(rng, n);
        int d = Dimension;
        var samples = new double[n * d]; // column-major
        var rows = new int[n];
        for (int k = 0; k < components.Length; k++)
        {
            int count = 0;
            for (int i = 0; i < n; i++)
            {
                if (labels[i] == k)
                    rows[count++] = i;
            }
            if (count == 0)
                continue;
            double[] draws = components[k].Sample(rng, count).AsColumnMajorArray(); // (n_k, d), column-major
            for (int j = 0; j < d; j++)
            {
                for (int r = 0; r < count; r++)
                    samples[rows[r] + n * j] = draws[r + count * j];
            }
        }
        return (Matrix<double>.Build.Dense(n, d, samples), labels);
    }

    private int[] DrawLabels(Random rng, int n)
    {
        var cumulative = new double[components.Length];
        double running = 0;
        int lastPositive = 0;
        for (int k = 0; k < components.Length; k++)
        {
            running += Weights[k];
            cumulative[k] = running;
            if (Weights[k] > 0)
                lastPositive = k;
        }
        var labels = new int[n];
        for (int i = 0; i < n; i++)
        {
            double u = rng.NextDouble();
            // Rounding can leave the last cumulative weight a hair below 1; such u go to the last positive component.
            int k = 0;
            while (k < cumulative.Length && !(u < cumulative[k]))
                k++;
            labels[i] = k == cumulative.Length ? lastPositive : k;
        }
        return labels;
    }
}
