using MathNet.Numerics.LinearAlgebra;

namespace ScoreNotebooks.Distributions;

public sealed partial class GaussianMixture
{
    private static readonly double HalfLogTwoPi = 0.5 * Math.Log(2 * Math.PI);

    // Per-component precisions and normalisers, built on first use; the mixture is immutable, so
    // two threads racing to build them build the same values.
    private ComponentTerms? componentTerms;

    /// <summary>
    /// The divergence of the score, ∇ₓ·∇ₓ log p(x) = Δ log p(x), the trace of the Hessian of the
    /// log-density at one point: any real number.
    /// </summary>
    /// <param name="x">A point x ∈ ℝᵈ, finite.</param>
    /// <remarks>
    /// With component scores sₖ(x) = −Pₖ (x − μₖ), Pₖ = Σₖ⁻¹, responsibilities rₖ(x) and the score
    /// s(x) = Σₖ rₖ sₖ, differentiating s once more gives the Hessian
    /// ∇² log p = Σₖ rₖ (−Pₖ + sₖ sₖᵀ) − s sᵀ, so its trace is
    /// Δ log p(x) = Σₖ rₖ (‖sₖ‖² − tr Pₖ) − ‖s‖². The first sum is the average curvature of the
    /// components; the last two terms are the variance of the component scores under r(x), which
    /// is what makes the mixture's log-density less concave between modes. This is the exact
    /// divergence the probability-flow likelihood needs (Song et al. 2021, App. D.2).
    /// </remarks>
    /// <exception cref="ArgumentNullException">x is null.</exception>
    /// <exception cref="ArgumentException">x has the wrong dimension, a non-finite entry, or lies so far out that every component density underflows.</exception>
    public double ScoreDivergence(Vector<double> x)
    {
        Guard.Point(x, Dimension, nameof(x));
        var xs = Matrix<double>.Build.Dense(1, Dimension, (_, j) => x[j]);
        return Derivatives(xs, nameof(x), withDivergence: true).Divergence![0];
    }

    /// <summary>The divergence Δ log p at every row of an n×d matrix; returns a vector of length n.</summary>
    /// <param name="xs">n points, one per row, finite.</param>
    /// <remarks>Entry i is <see cref="ScoreDivergence(Vector{double})"/> of row i.</remarks>
    /// <exception cref="ArgumentNullException">xs is null.</exception>
    /// <exception cref="ArgumentException">xs does not have d columns, has a non-finite entry, or has a row where every component density underflows.</exception>
    public Vector<double> ScoreDivergence(Matrix<double> xs)
    {
        Guard.Batch(xs, Dimension, nameof(xs));
        return Derivatives(xs, nameof(xs), withDivergence: true).Divergence!;
    }

    /// <summary>
    /// The score and the score divergence at every row of an n×d matrix in one pass: an n×d matrix
    /// and a vector of length n.
    /// </summary>
    /// <param name="xs">n points, one per row, finite.</param>
    /// <remarks>
    /// The same values as <see cref="Score(Matrix{double})"/> and <see cref="ScoreDivergence(Matrix{double})"/>,
    /// sharing the responsibilities and component scores, which is what an ODE likelihood evaluates at every stage.
    /// </remarks>
    /// <exception cref="ArgumentNullException">xs is null.</exception>
    /// <exception cref="ArgumentException">xs does not have d columns, has a non-finite entry, or has a row where every component density underflows.</exception>
    public (Matrix<double> Score, Vector<double> Divergence) ScoreAndDivergence(Matrix<double> xs)
    {
        Guard.Batch(xs, Dimension, nameof(xs));
        var (score, divergence) = Derivatives(xs, nameof(xs), withDivergence: true);
        return (score, divergence!);
    }

    /// <summary>
    /// The Jacobian of the score, ∇ₓ∇ₓᵀ log p(x), the Hessian of the log-density at one point: a symmetric
    /// d×d matrix whose trace is <see cref="ScoreDivergence(Vector{double})"/>.
    /// </summary>
    /// <param name="x">A point x ∈ ℝᵈ, finite.</param>
    /// <remarks>
    /// ∇² log p = Σₖ rₖ (−Pₖ + sₖ sₖᵀ) − s sᵀ with the component scores sₖ = −Pₖ (x − μₖ), the responsibilities
    /// rₖ(x) and the score s = Σₖ rₖ sₖ (see <see cref="ScoreDivergence(Vector{double})"/>): the components'
    /// average curvature plus the covariance of their scores under r(x). O(K d²) work. It is what the variance of
    /// Hutchinson's estimate of the divergence depends on: 2‖S‖²_F for Gaussian probes.
    /// </remarks>
    /// <exception cref="ArgumentNullException">x is null.</exception>
    /// <exception cref="ArgumentException">x has the wrong dimension, a non-finite entry, or lies so far out that every component density underflows.</exception>
    public Matrix<double> ScoreJacobian(Vector<double> x)
    {
        Guard.Point(x, Dimension, nameof(x));
        var terms = componentTerms ??= new ComponentTerms(this);
        int d = Dimension, count = components.Length;
        var u = new double[count * d];
        var weight = new double[count];
        double max = double.NegativeInfinity;
        for (int k = 0; k < count; k++)
        {
            double quadratic = 0;
            for (int j = 0; j < d; j++)
            {
                double sum = 0;
                for (int l = 0; l < d; l++)
                    sum += terms.Precisions[(k * d + j) * d + l] * (x[l] - terms.Means[k * d + l]);
                u[k * d + j] = sum;
                quadratic += (x[j] - terms.Means[k * d + j]) * sum;
            }
            weight[k] = terms.LogNormalisers[k] - 0.5 * quadratic;
            max = Math.Max(max, weight[k]);
        }
        if (double.IsNegativeInfinity(max) || double.IsNaN(max))
            throw new ArgumentException("x is so far from every component that all densities underflow.", nameof(x));
        double total = 0;
        for (int k = 0; k < count; k++)
        {
            weight[k] = Math.Exp(weight[k] - max);
            total += weight[k];
        }
        var hessian = new double[d, d];
        var score = new double[d];
        for (int k = 0; k < count; k++)
        {
            double r = weight[k] / total;
            if (r == 0)
                continue;
            for (int j = 0; j < d; j++)
            {
                score[j] -= r * u[k * d + j];
                for (int l = 0; l < d; l++)
                    hessian[j, l] += r * (u[k * d + j] * u[k * d + l] - terms.Precisions[(k * d + j) * d + l]);
            }
        }
        for (int j = 0; j < d; j++)
        {
            for (int l = 0; l < d; l++)
                hessian[j, l] -= score[j] * score[l];
        }
        return Matrix<double>.Build.DenseOfArray(hessian);
    }

    // One pass over the rows: for each component the offset δ = x − μₖ, u = Pₖ δ (so sₖ = −u) and the
    // log-joint log πₖ − ½ log det Σₖ − (d/2) log 2π − ½ δᵀu; then a softmax over k. O(n K d²) work
    // with no per-row allocation, which is what lets samplers call the exact score every step.
    private (Matrix<double> Score, Vector<double>? Divergence) Derivatives(Matrix<double> xs, string paramName, bool withDivergence)
    {
        var terms = componentTerms ??= new ComponentTerms(this);
        int n = xs.RowCount, d = Dimension, count = components.Length;
        var x = xs.ToColumnMajorArray();
        var score = new double[n * d];
        var divergence = withDivergence ? new double[n] : null;
        var offset = new double[d];
        var u = new double[count * d];
        var logJoint = new double[count];
        for (int i = 0; i < n; i++)
        {
            double max = double.NegativeInfinity;
            for (int k = 0; k < count; k++)
            {
                for (int j = 0; j < d; j++)
                    offset[j] = x[j * n + i] - terms.Means[k * d + j];
                double quadratic = 0;
                for (int j = 0; j < d; j++)
                {
                    double sum = 0;
                    for (int l = 0; l < d; l++)
                        sum += terms.Precisions[(k * d + j) * d + l] * offset[l];
                    u[k * d + j] = sum;
                    quadratic += offset[j] * sum;
                }
                logJoint[k] = terms.LogNormalisers[k] - 0.5 * quadratic;
                max = Math.Max(max, logJoint[k]);
            }
            if (double.IsNegativeInfinity(max) || double.IsNaN(max))
                throw new ArgumentException($"{paramName} (row {i}) is so far from every component that all densities underflow.", paramName);
            double total = 0;
            for (int k = 0; k < count; k++)
            {
                logJoint[k] = Math.Exp(logJoint[k] - max); // now the unnormalised responsibility
                total += logJoint[k];
            }
            double curvature = 0;
            for (int k = 0; k < count; k++)
            {
                double r = logJoint[k] / total;
                if (r == 0)
                    continue;
                double squared = 0;
                for (int j = 0; j < d; j++)
                {
                    double component = -u[k * d + j];
                    score[j * n + i] += r * component;
                    squared += component * component;
                }
                curvature += r * (squared - terms.PrecisionTraces[k]);
            }
            if (divergence is not null)
            {
                double norm = 0;
                for (int j = 0; j < d; j++)
                    norm += score[j * n + i] * score[j * n + i];
                divergence[i] = curvature - norm;
            }
        }
        return (Matrix<double>.Build.DenseOfColumnMajor(n, d, score),
                divergence is null ? null : Vector<double>.Build.DenseOfArray(divergence));
    }

    private sealed class ComponentTerms
    {
        public ComponentTerms(GaussianMixture mixture)
        {
            int d = mixture.Dimension, count = mixture.components.Length;
            Means = new double[count * d];
            Precisions = new double[count * d * d];
            LogNormalisers = new double[count];
            PrecisionTraces = new double[count];
            for (int k = 0; k < count; k++)
            {
                var component = mixture.components[k];
                // Pₖ from the Cholesky factor (a triangular solve per column), symmetrised exactly.
                var precision = component.Precision();
                for (int j = 0; j < d; j++)
                {
                    Means[k * d + j] = component.Mean[j];
                    for (int l = 0; l < d; l++)
                        Precisions[(k * d + j) * d + l] = 0.5 * (precision[j, l] + precision[l, j]);
                    PrecisionTraces[k] += precision[j, j];
                }
                LogNormalisers[k] = mixture.logWeights[k] - 0.5 * component.LogDeterminant - d * HalfLogTwoPi;
            }
        }

        public double[] Means { get; }              // (K, d), row-major

        public double[] Precisions { get; }         // (K, d, d), row-major

        public double[] LogNormalisers { get; }     // log πₖ − ½ log det Σₖ − (d/2) log 2π

        public double[] PrecisionTraces { get; }    // tr Pₖ
    }
}
