using MathNet.Numerics.LinearAlgebra;
using ScoreNotebooks.Distributions;

namespace ScoreNotebooks.Sampling;

/// <summary>
/// The unadjusted Langevin algorithm (ULA) on a batch of independent particles, driven by any
/// score function s(x) ≈ ∇ₓ log p(x) (Roberts &amp; Tweedie 1996, "Exponential convergence of Langevin
/// distributions and their discrete approximations", Bernoulli 2: 341–363; Welling &amp; Teh 2011, ICML, Eq. 3).
/// </summary>
/// <remarks>
/// <para>
/// Each particle follows xₜ₊₁ = xₜ + ε s(xₜ) + √(2ε) zₜ with zₜ ~ N(0, I) and step size ε &gt; 0: the
/// Euler–Maruyama discretisation of the Langevin diffusion dx = ∇log p(x) dt + √2 dW, whose stationary
/// law is p. Without a Metropolis correction the chain's stationary law differs from p by O(ε).
/// Both papers write the step as h = 2ε: drift (h/2) ∇log p and noise variance h.
/// </para>
/// <para>
/// Exact example (the discretisation bias): for p = N(0, σ²), s(x) = −x/σ² and
/// x' = (1 − ε/σ²) x + √(2ε) z. A stationary variance v satisfies v = (1 − ε/σ²)² v + 2ε, so
/// v = 2ε / (1 − (1 − ε/σ²)²) = 2ε / (2ε/σ² − ε²/σ⁴) = σ² / (1 − ε/(2σ²)), for 0 &lt; ε &lt; 2σ²
/// (the chain diverges for ε ≥ 2σ²). More generally, for s(x) = −P(x − μ) the stationary law is
/// N(μ, V) with V = (I − εP) V (I − εP)ᵀ + 2εI.
/// </para>
/// <para>
/// Noise is drawn as an n×d matrix in row-major order, so the batch and per-point overloads give
/// identical chains for the same rng. Arguments, including the shape of s(x₀), are checked when a
/// method is called, not when the sequence is enumerated; each enumeration continues drawing from
/// the same rng.
/// </para>
/// </remarks>
public static class Langevin
{
    /// <summary>Runs ULA with a batch score, yielding step 0, every <paramref name="recordEvery"/>-th step and the last step.</summary>
    /// <param name="rng">The source of the Gaussian noise zₜ.</param>
    /// <param name="score">The score s: an n×d matrix of points (one per row) to the n×d matrix of their scores, finite.</param>
    /// <param name="initial">The initial particles x₀, an n×d matrix (n ≥ 1, d ≥ 1), finite; copied, never changed.</param>
    /// <param name="stepSize">The step size ε &gt; 0.</param>
    /// <param name="steps">The number of updates T ≥ 0.</param>
    /// <param name="recordEvery">Record every k-th step, k ≥ 1; steps 0 and T are always recorded.</param>
    /// <returns>A lazy sequence of <see cref="LangevinStep"/> with t = 0, k, 2k, …, and T; each holds a copy of the particles.</returns>
    /// <remarks>
    /// Lambdas whose parameter type is left implicit, and method groups such as <c>gaussian.Score</c>,
    /// fit both this and the per-point overload; write the parameter type, e.g.
    /// <c>(Matrix&lt;double&gt; x) =&gt; -x</c>, or pass the distribution itself.
    /// </remarks>
    /// <exception cref="ArgumentNullException">rng, score or initial is null.</exception>
    /// <exception cref="ArgumentException">
    /// initial is empty or has a non-finite entry; ε is not finite; s(x₀) has the wrong shape or a
    /// non-finite entry (ParamName "score", also thrown during enumeration if s(xₜ) is non-finite,
    /// typically because ε is too large and the chain diverged); a particle overflows during enumeration
    /// (ParamName "stepSize": the chain diverged).
    /// </exception>
    /// <exception cref="ArgumentOutOfRangeException">ε ≤ 0, T &lt; 0 or k &lt; 1.</exception>
    public static IEnumerable<LangevinStep> Steps(
        Random rng, Func<Matrix<double>, Matrix<double>> score, Matrix<double> initial, double stepSize, int steps, int recordEvery = 1)
    {
        Guard.NotNull(rng, nameof(rng));
        Guard.NotNull(score, nameof(score));
        var x0 = CheckedInitial(initial);
        CheckSettings(stepSize, steps, recordEvery);
        // Evaluated now so that a score of the wrong shape fails at the call, not at the first MoveNext.
        var s0 = steps > 0 ? CheckedScore(score, x0, 0) : null;
        return Iterate(rng, score, x0, s0, stepSize, steps, recordEvery);
    }

    /// <summary>Runs ULA with a per-point score, yielding step 0, every <paramref name="recordEvery"/>-th step and the last step.</summary>
    /// <param name="rng">The source of the Gaussian noise zₜ.</param>
    /// <param name="score">The score s: ℝᵈ → ℝᵈ, applied to each particle (row); finite.</param>
    /// <param name="initial">The initial particles x₀, an n×d matrix (n ≥ 1, d ≥ 1), finite; copied, never changed.</param>
    /// <param name="stepSize">The step size ε &gt; 0.</param>
    /// <param name="steps">The number of updates T ≥ 0.</param>
    /// <param name="recordEvery">Record every k-th step, k ≥ 1; steps 0 and T are always recorded.</param>
    /// <returns>A lazy sequence of <see cref="LangevinStep"/> with t = 0, k, 2k, …, and T; each holds a copy of the particles.</returns>
    /// <remarks>
    /// The same chain as the batch overload with S(X) = [s(x₁); …; s(xₙ)]: for the same rng the
    /// particles agree exactly. Write the lambda's parameter type, e.g. <c>(Vector&lt;double&gt; x) =&gt; -x</c>.
    /// </remarks>
    /// <exception cref="ArgumentNullException">rng, score or initial is null.</exception>
    /// <exception cref="ArgumentException">
    /// initial is empty or has a non-finite entry; ε is not finite; s returns a vector of length ≠ d or a
    /// non-finite entry (ParamName "score").
    /// </exception>
    /// <exception cref="ArgumentOutOfRangeException">ε ≤ 0, T &lt; 0 or k &lt; 1.</exception>
    public static IEnumerable<LangevinStep> Steps(
        Random rng, Func<Vector<double>, Vector<double>> score, Matrix<double> initial, double stepSize, int steps, int recordEvery = 1)
    {
        Guard.NotNull(score, nameof(score));
        return Steps(rng, RowByRow(score), initial, stepSize, steps, recordEvery);
    }

    /// <summary>Runs ULA on the exact score of a distribution, yielding step 0, every <paramref name="recordEvery"/>-th step and the last step.</summary>
    /// <param name="rng">The source of the Gaussian noise zₜ.</param>
    /// <param name="target">The distribution p whose score ∇ₓ log p drives the chain; dimension d.</param>
    /// <param name="initial">The initial particles x₀, an n×d matrix (n ≥ 1), finite; copied, never changed.</param>
    /// <param name="stepSize">The step size ε &gt; 0.</param>
    /// <param name="steps">The number of updates T ≥ 0.</param>
    /// <param name="recordEvery">Record every k-th step, k ≥ 1; steps 0 and T are always recorded.</param>
    /// <returns>A lazy sequence of <see cref="LangevinStep"/> with t = 0, k, 2k, …, and T; each holds a copy of the particles.</returns>
    /// <exception cref="ArgumentNullException">rng, target or initial is null.</exception>
    /// <exception cref="ArgumentException">initial is empty, does not have d columns or has a non-finite entry; ε is not finite.</exception>
    /// <exception cref="ArgumentOutOfRangeException">ε ≤ 0, T &lt; 0 or k &lt; 1.</exception>
    public static IEnumerable<LangevinStep> Steps(
        Random rng, IDistribution target, Matrix<double> initial, double stepSize, int steps, int recordEvery = 1)
    {
        Guard.NotNull(target, nameof(target));
        Guard.Batch(initial, target.Dimension, nameof(initial));
        return Steps(rng, (Matrix<double> xs) => target.Score(xs), initial, stepSize, steps, recordEvery);
    }

    /// <summary>Runs T ULA steps with a batch score and returns the final particles x_T (an n×d matrix).</summary>
    /// <param name="rng">The source of the Gaussian noise zₜ.</param>
    /// <param name="score">The score s: an n×d matrix of points to the n×d matrix of their scores, finite.</param>
    /// <param name="initial">The initial particles x₀, an n×d matrix (n ≥ 1, d ≥ 1), finite; not changed.</param>
    /// <param name="stepSize">The step size ε &gt; 0.</param>
    /// <param name="steps">The number of updates T ≥ 0; T = 0 returns a copy of x₀.</param>
    /// <remarks>The last element of the corresponding <c>Steps</c> sequence; see <see cref="Langevin"/> for the update.</remarks>
    /// <exception cref="ArgumentNullException">rng, score or initial is null.</exception>
    /// <exception cref="ArgumentException">initial is empty or non-finite; ε is not finite; s returns the wrong shape or a non-finite entry.</exception>
    /// <exception cref="ArgumentOutOfRangeException">ε ≤ 0 or T &lt; 0.</exception>
    public static Matrix<double> Run(Random rng, Func<Matrix<double>, Matrix<double>> score, Matrix<double> initial, double stepSize, int steps) =>
        Final(Steps(rng, score, initial, stepSize, steps, RecordNothingBetween(steps)));

    /// <summary>Runs T ULA steps with a per-point score and returns the final particles x_T (an n×d matrix).</summary>
    /// <param name="rng">The source of the Gaussian noise zₜ.</param>
    /// <param name="score">The score s: ℝᵈ → ℝᵈ, applied to each particle (row); finite.</param>
    /// <param name="initial">The initial particles x₀, an n×d matrix (n ≥ 1, d ≥ 1), finite; not changed.</param>
    /// <param name="stepSize">The step size ε &gt; 0.</param>
    /// <param name="steps">The number of updates T ≥ 0; T = 0 returns a copy of x₀.</param>
    /// <remarks>The last element of the corresponding <c>Steps</c> sequence; see <see cref="Langevin"/> for the update.</remarks>
    /// <exception cref="ArgumentNullException">rng, score or initial is null.</exception>
    /// <exception cref="ArgumentException">initial is empty or non-finite; ε is not finite; s returns the wrong length or a non-finite entry.</exception>
    /// <exception cref="ArgumentOutOfRangeException">ε ≤ 0 or T &lt; 0.</exception>
    public static Matrix<double> Run(Random rng, Func<Vector<double>, Vector<double>> score, Matrix<double> initial, double stepSize, int steps) =>
        Final(Steps(rng, score, initial, stepSize, steps, RecordNothingBetween(steps)));

    /// <summary>Runs T ULA steps on the exact score of a distribution and returns the final particles x_T (an n×d matrix).</summary>
    /// <param name="rng">The source of the Gaussian noise zₜ.</param>
    /// <param name="target">The distribution p whose score drives the chain; dimension d.</param>
    /// <param name="initial">The initial particles x₀, an n×d matrix (n ≥ 1), finite; not changed.</param>
    /// <param name="stepSize">The step size ε &gt; 0.</param>
    /// <param name="steps">The number of updates T ≥ 0; T = 0 returns a copy of x₀.</param>
    /// <remarks>The last element of the corresponding <c>Steps</c> sequence; see <see cref="Langevin"/> for the update.</remarks>
    /// <exception cref="ArgumentNullException">rng, target or initial is null.</exception>
    /// <exception cref="ArgumentException">initial is empty, does not have d columns or is non-finite; ε is not finite.</exception>
    /// <exception cref="ArgumentOutOfRangeException">ε ≤ 0 or T &lt; 0.</exception>
    public static Matrix<double> Run(Random rng, IDistribution target, Matrix<double> initial, double stepSize, int steps) =>
        Final(Steps(rng, target, initial, stepSize, steps, RecordNothingBetween(steps)));

    /// <summary>
    /// The stationary variance σ²/(1 − ε/(2σ²)) of ULA with step ε on N(μ, σ²), valid for 0 &lt; ε &lt; 2σ².
    /// </summary>
    /// <param name="variance">The target variance σ² &gt; 0.</param>
    /// <param name="stepSize">The step size ε, 0 &lt; ε &lt; 2σ².</param>
    /// <remarks>From v = (1 − ε/σ²)² v + 2ε; see <see cref="Langevin"/>. It exceeds σ² for every ε &gt; 0 and tends to σ² as ε → 0.</remarks>
    /// <exception cref="ArgumentException">An argument is not finite.</exception>
    /// <exception cref="ArgumentOutOfRangeException">σ² ≤ 0, ε ≤ 0, or ε ≥ 2σ² (no stationary law: the chain diverges).</exception>
    public static double StationaryVariance(double variance, double stepSize)
    {
        Guard.Positive(variance, nameof(variance));
        Guard.Positive(stepSize, nameof(stepSize));
        if (stepSize >= 2 * variance)
            throw new ArgumentOutOfRangeException(nameof(stepSize), stepSize,
                $"stepSize must be < 2σ² = {2 * variance:G6}; at or above it the chain diverges and has no stationary variance.");
        return variance / (1 - stepSize / (2 * variance));
    }

    /// <summary>
    /// KL(ULA's stationary law ‖ target) for the target N(μ, σ² I) in d dimensions with step ε: every coordinate settles
    /// at variance v = <see cref="StationaryVariance"/>(σ², ε), so the KL is (d/2)(v/σ² − 1 − log(v/σ²)).
    /// </summary>
    /// <param name="dimension">The dimension d ≥ 1.</param>
    /// <param name="variance">The target variance σ² &gt; 0 of each coordinate.</param>
    /// <param name="stepSize">The step size ε, 0 &lt; ε &lt; 2σ².</param>
    /// <remarks>
    /// For small ε, v/σ² − 1 ≈ ε/(2σ²) and the KL ≈ d ε²/(16 σ⁴): at a fixed step the bias grows linearly with d, so
    /// holding the KL at δ needs ε ≈ 4σ² √(δ/d), and a chain that contracts by (1 − ε/σ²) per step needs a number of
    /// steps that grows like √d (Dalalyan 2017, "Theoretical guarantees for approximate sampling from smooth and
    /// log-concave densities", JRSS B).
    /// </remarks>
    /// <exception cref="ArgumentException">An argument is not finite.</exception>
    /// <exception cref="ArgumentOutOfRangeException">d &lt; 1, σ² ≤ 0, ε ≤ 0 or ε ≥ 2σ².</exception>
    public static double StationaryKl(int dimension, double variance, double stepSize)
    {
        Guard.Positive(dimension, nameof(dimension));
        double ratio = StationaryVariance(variance, stepSize) / variance;
        return dimension * 0.5 * (ratio - 1 - Math.Log(ratio));
    }

    private static IEnumerable<LangevinStep> Iterate(
        Random rng, Func<Matrix<double>, Matrix<double>> score, Matrix<double> x, Matrix<double>? s, double stepSize, int steps, int recordEvery)
    {
        yield return new LangevinStep(0, x.Clone());
        double noiseScale = Math.Sqrt(2 * stepSize);
        for (int t = 1; t <= steps; t++)
        {
            s ??= CheckedScore(score, x, t - 1);
            var z = Gaussian.StandardNormalMatrix(rng, x.RowCount, x.ColumnCount); // (n, d)
            x = x + stepSize * s + noiseScale * z;
            s = null;
            CheckNotDiverged(x, t, stepSize);
            if (t % recordEvery == 0 || t == steps)
                yield return new LangevinStep(t, x.Clone());
        }
    }

    private static Matrix<double> CheckedInitial(Matrix<double> initial)
    {
        Guard.Finite(initial, nameof(initial));
        if (initial.RowCount == 0 || initial.ColumnCount == 0)
            throw new ArgumentException(
                $"initial is {initial.RowCount}×{initial.ColumnCount}; at least one particle of dimension ≥ 1 is needed.", nameof(initial));
        return initial.Clone();
    }

    private static void CheckSettings(double stepSize, int steps, int recordEvery)
    {
        Guard.Positive(stepSize, nameof(stepSize));
        if (steps < 0)
            throw new ArgumentOutOfRangeException(nameof(steps), steps, "steps must be ≥ 0.");
        Guard.Positive(recordEvery, nameof(recordEvery));
    }

    private static Matrix<double> CheckedScore(Func<Matrix<double>, Matrix<double>> score, Matrix<double> x, int step)
    {
        var s = score(x);
        if (s is null)
            throw new ArgumentException($"score returned null at step {step}.", nameof(score));
        if (s.RowCount != x.RowCount || s.ColumnCount != x.ColumnCount)
            throw new ArgumentException(
                $"score returned a {s.RowCount}×{s.ColumnCount} matrix for {x.RowCount}×{x.ColumnCount} particles at step {step}; it must have the particles' shape.",
                nameof(score));
        for (int i = 0; i < s.RowCount; i++)
        {
            for (int j = 0; j < s.ColumnCount; j++)
            {
                if (!double.IsFinite(s[i, j]))
                    throw new ArgumentException(
                        $"score returned {s[i, j]} at particle {i}, coordinate {j}, step {step}; either the score is undefined there " +
                        "or the chain diverged because stepSize is too large (for N(μ, σ²) it must be < 2σ²).",
                        nameof(score));
            }
        }
        return s;
    }

    private static void CheckNotDiverged(Matrix<double> x, int step, double stepSize)
    {
        for (int i = 0; i < x.RowCount; i++)
        {
            for (int j = 0; j < x.ColumnCount; j++)
            {
                if (!double.IsFinite(x[i, j]))
                    throw new ArgumentException(
                        $"particle {i} became {x[i, j]} at step {step}: the chain diverged; stepSize = {stepSize:G6} is too large for this score.",
                        nameof(stepSize));
            }
        }
    }

    private static Func<Matrix<double>, Matrix<double>> RowByRow(Func<Vector<double>, Vector<double>> score) => x =>
    {
        var s = Matrix<double>.Build.Dense(x.RowCount, x.ColumnCount);
        for (int i = 0; i < x.RowCount; i++)
        {
            var si = score(x.Row(i));
            if (si is null || si.Count != x.ColumnCount)
                throw new ArgumentException(
                    $"score returned a vector of length {si?.Count.ToString() ?? "null"} for particle {i} of dimension {x.ColumnCount}.",
                    nameof(score));
            s.SetRow(i, si);
        }
        return s;
    };

    // Run needs only the final particles: recording nothing in between avoids T copies.
    private static int RecordNothingBetween(int steps) => Math.Max(steps, 1);

    private static Matrix<double> Final(IEnumerable<LangevinStep> steps) => steps.Last().Particles;
}
