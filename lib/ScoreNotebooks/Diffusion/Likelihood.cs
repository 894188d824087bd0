using MathNet.Numerics.LinearAlgebra;
using ScoreNotebooks.Distributions;
using ScoreNotebooks.Numerics;
using ScoreNotebooks.ScoreMatching;

namespace ScoreNotebooks.Diffusion;

/// <summary>
/// Exact log-likelihoods by the instantaneous change of variables along the probability-flow ODE
/// (Chen, Rubanova, Bettencourt &amp; Duvenaud 2018, "Neural Ordinary Differential Equations", Theorem 1;
/// Song et al. 2021, App. D.2): log p_ε(x(ε)) = log p_T(x(T)) + ∫_ε^T ∇·f̃(x(t), t) dt.
/// </summary>
/// <remarks>
/// <para>
/// Along a solution of dx/dt = f̃(x, t) = a(t) x − ½ g(t)² s(x, t), the density obeys
/// d log pₜ(x(t))/dt = −∇·f̃(x(t), t), with ∇·f̃ = d·a(t) − ½ g(t)² ∇·s(x, t). The state is augmented with
/// ℓ(t) = ∫_ε^t ∇·f̃ dt′ and [x, ℓ] is integrated from ε to T in one ODE solve; then
/// log p(x) = log p_T(x_T) + ℓ(T). With the exact score of a mixture and its exact divergence
/// (<see cref="Sde.ExactScore"/>, <see cref="Sde.ExactScoreDivergence"/>) the only errors left are the
/// solver's and the gap between the prior and the true p_T.
/// </para>
/// <para>
/// For a learned score whose divergence costs d extra evaluations, Hutchinson's estimator
/// ∇·s ≈ vᵀ J v with a probe v drawn once per point and held fixed along the whole trajectory
/// (<see cref="HutchinsonDivergence"/>) gives an unbiased estimate of ℓ(T) (Grathwohl, Chen, Bettencourt,
/// Sutskever &amp; Duvenaud 2019, "FFJORD: Free-form continuous dynamics for scalable reversible generative models", ICLR; Song et al. 2021, App. D.2).
/// </para>
/// </remarks>
public static class Likelihood
{
    /// <summary>Computes log p(x) for every row of x by solving the augmented probability-flow ODE from <paramref name="from"/> to T.</summary>
    /// <param name="sde">The forward SDE.</param>
    /// <param name="score">The score s(x, t) in batch form, finite.</param>
    /// <param name="divergence">The divergence ∇ₓ·s(x, t) in batch form (an n×d matrix and a time to a vector of length n), finite.</param>
    /// <param name="x">The n points at which to evaluate the log-density, one per row of an n×d matrix (n ≥ 1), finite.</param>
    /// <param name="method">The ODE method: <see cref="RungeKutta4"/> or <see cref="DormandPrince"/>.</param>
    /// <param name="from">The time of the density being evaluated, in [0, T); ε when null.</param>
    /// <param name="priorLogDensity">The terminal log-density log p_T at every row of x_T; the SDE's prior (<see cref="Sde.PriorLogDensity(Matrix{double})"/>) when null.</param>
    /// <returns>log p_from(xᵢ) with its prior term, divergence integral, latents and step counts.</returns>
    /// <exception cref="ArgumentNullException">sde, score, divergence, x or method is null.</exception>
    /// <exception cref="ArgumentException">
    /// x is empty or non-finite; from is not finite; s or ∇·s returns the wrong shape or a non-finite entry
    /// (ParamName "score" or "divergence"); the terminal log-density returns the wrong length or a non-finite value (ParamName "priorLogDensity").
    /// </exception>
    /// <exception cref="ArgumentOutOfRangeException">from ∉ [0, T).</exception>
    /// <exception cref="InvalidOperationException">An adaptive method exceeded its step budget or its step size underflowed.</exception>
    public static LikelihoodResult LogDensity(
        Sde sde,
        Func<Matrix<double>, double, Matrix<double>> score,
        Func<Matrix<double>, double, Vector<double>> divergence,
        Matrix<double> x,
        OdeMethod method,
        double? from = null,
        Func<Matrix<double>, Vector<double>>? priorLogDensity = null)
    {
        Guard.NotNull(sde, nameof(sde));
        Guard.NotNull(score, nameof(score));
        Guard.NotNull(divergence, nameof(divergence));
        var start = SamplerChecks.Particles(x, nameof(x));
        Guard.NotNull(method, nameof(method));
        double t0 = SamplerChecks.Time(sde, from ?? sde.Eps, nameof(from));
        if (t0 >= sde.T)
            throw new ArgumentOutOfRangeException(nameof(from), t0, $"from must be < T = {sde.T:G6}.");
        int n = start.RowCount, d = start.ColumnCount;

        // State: x in column-major order (n·d entries), then ℓ (n entries).
        Vector<double> F(double t, Vector<double> y)
        {
            var xt = ProbabilityFlow.Unflatten(y, n, d);
            var velocity = ProbabilityFlow.DriftUnchecked(sde, score, xt, t);
            double g = sde.Diffusion(t);
            var div = SamplerChecks.Divergence(divergence, xt, t);
            var result = new double[n * d + n];
            velocity.ToColumnMajorArray().CopyTo(result, 0);
            double linear = d * sde.DriftRate(t);
            for (int i = 0; i < n; i++)
                result[n * d + i] = linear - 0.5 * g * g * div[i];
            return Vector<double>.Build.DenseOfArray(result);
        }

        var y0 = Vector<double>.Build.Dense(n * d + n);
        y0.SetSubVector(0, n * d, Vector<double>.Build.DenseOfArray(start.ToColumnMajorArray()));
        var last = method.Solve(F, t0, y0, sde.T);
        var latent = ProbabilityFlow.Unflatten(last.State, n, d);
        var integral = last.State.SubVector(n * d, n);
        var prior = TerminalLogDensity(sde, priorLogDensity, latent);
        return new LikelihoodResult(prior + integral, prior, integral, latent, last.Step, last.RejectedSteps, last.Evaluations);
    }

    /// <summary>
    /// The log-likelihood under the diffusion whose score is the exact score of the mixture p₀: the same
    /// solve with <see cref="Sde.ExactScore"/> and <see cref="Sde.ExactScoreDivergence"/>.
    /// </summary>
    /// <param name="sde">The forward SDE.</param>
    /// <param name="p0">The data law p₀, a Gaussian mixture of dimension d.</param>
    /// <param name="x">The n points, one per row of an n×d matrix (n ≥ 1), finite.</param>
    /// <param name="method">The ODE method.</param>
    /// <param name="from">The time of the density being evaluated, in [0, T); ε when null.</param>
    /// <remarks>
    /// With from = 0 the result approximates log p₀(x) itself, which <see cref="GaussianMixture.LogDensity(Matrix{double})"/>
    /// gives exactly; with from = ε, log p_ε = log <see cref="Sde.Marginal"/>(p₀, ε). The difference from the exact value is
    /// the solver's error plus the prior's mismatch with the true p_T.
    /// </remarks>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">x is empty, not d columns wide, or non-finite; from is not finite.</exception>
    /// <exception cref="ArgumentOutOfRangeException">from ∉ [0, T).</exception>
    /// <exception cref="InvalidOperationException">An adaptive method exceeded its step budget or its step size underflowed.</exception>
    public static LikelihoodResult LogDensity(Sde sde, GaussianMixture p0, Matrix<double> x, OdeMethod method, double? from = null)
    {
        Guard.NotNull(sde, nameof(sde));
        Guard.NotNull(p0, nameof(p0));
        Guard.Batch(x, p0.Dimension, nameof(x));
        return LogDensity(sde, sde.ExactScore(p0), sde.ExactScoreDivergence(p0), x, method, from);
    }

    /// <summary>
    /// Hutchinson's estimate of ∇ₓ·s(x, t) with fixed probes: row i is vᵢᵀ [s(x + δᵢvᵢ, t) − s(x − δᵢvᵢ, t)]ᵢ / (2δᵢ),
    /// in the batch form <see cref="LogDensity(Sde, Func{Matrix{double}, double, Matrix{double}}, Func{Matrix{double}, double, Vector{double}}, Matrix{double}, OdeMethod, double?, Func{Matrix{double}, Vector{double}}?)"/> takes.
    /// </summary>
    /// <param name="score">The score s(x, t) in batch form, finite.</param>
    /// <param name="probes">The probes vᵢ, one per row of an n×d matrix, finite, with E[v vᵀ] = I (see <see cref="Probes"/>); copied.</param>
    /// <param name="step">The relative finite-difference step h &gt; 0; δᵢ = h · max(1, ‖xᵢ‖∞).</param>
    /// <returns>A function of an n×d batch and a time to the n estimates; two evaluations of s per call.</returns>
    /// <remarks>
    /// E[vᵀ J v] = tr(J E[v vᵀ]) = tr J = ∇·s (Hutchinson 1990), and the central difference is exact for
    /// affine s up to rounding. The probes stay fixed, so the ODE it drives is deterministic and an adaptive
    /// solver can control its error; averaging over independent probe draws removes the estimator's variance.
    /// The batch passed in must have exactly n rows.
    /// </remarks>
    /// <exception cref="ArgumentNullException">score or probes is null.</exception>
    /// <exception cref="ArgumentException">probes is empty or non-finite; h is not finite; at evaluation, a batch of another shape (ParamName "x").</exception>
    /// <exception cref="ArgumentOutOfRangeException">h ≤ 0.</exception>
    public static Func<Matrix<double>, double, Vector<double>> HutchinsonDivergence(
        Func<Matrix<double>, double, Matrix<double>> score, Matrix<double> probes, double step = FiniteDifferences.DefaultStep)
    {
        Guard.NotNull(score, nameof(score));
        var v = SamplerChecks.Particles(probes, nameof(probes));
        Guard.Positive(step, nameof(step));
        return (x, t) =>
        {
            Guard.NotNull(x, nameof(x));
            if (x.RowCount != v.RowCount || x.ColumnCount != v.ColumnCount)
                throw new ArgumentException(
                    $"x is {x.RowCount}×{x.ColumnCount} but the probes are {v.RowCount}×{v.ColumnCount}; draw one probe per point.", nameof(x));
            var delta = Vector<double>.Build.Dense(x.RowCount, i => step * Math.Max(1, x.Row(i).AbsoluteMaximum()));
            var displacement = Matrix<double>.Build.Dense(v.RowCount, v.ColumnCount, (i, j) => delta[i] * v[i, j]); // (n, d): row i is δᵢ vᵢ
            var difference = SamplerChecks.Score(score, x + displacement, t) - SamplerChecks.Score(score, x - displacement, t);
            return Vector<double>.Build.Dense(x.RowCount, i => v.Row(i).DotProduct(difference.Row(i)) / (2 * delta[i]));
        };
    }

    /// <summary>Draws n probes of dimension d, one per row, with E[v vᵀ] = I: the fixed probes of <see cref="HutchinsonDivergence"/>.</summary>
    /// <param name="rng">The random source.</param>
    /// <param name="n">The number of probes n ≥ 1 (one per point).</param>
    /// <param name="dimension">The dimension d ≥ 1.</param>
    /// <param name="distribution">Rademacher (±1, the lower variance) or Gaussian.</param>
    /// <returns>An n×d matrix, filled row by row.</returns>
    /// <exception cref="ArgumentNullException">rng is null.</exception>
    /// <exception cref="ArgumentException">An unknown probe distribution.</exception>
    /// <exception cref="ArgumentOutOfRangeException">n &lt; 1 or d &lt; 1.</exception>
    public static Matrix<double> Probes(Random rng, int n, int dimension, ProbeDistribution distribution = ProbeDistribution.Rademacher)
    {
        Guard.NotNull(rng, nameof(rng));
        Guard.Positive(n, nameof(n));
        Guard.Positive(dimension, nameof(dimension));
        return distribution switch
        {
            ProbeDistribution.Rademacher => RowMajor(n, dimension, () => rng.Next(2) == 0 ? -1.0 : 1.0),
            ProbeDistribution.Gaussian => Gaussian.StandardNormalMatrix(rng, n, dimension),
            _ => throw new ArgumentException($"distribution {distribution} is not a known probe distribution.", nameof(distribution)),
        };
    }

    private static Matrix<double> RowMajor(int n, int d, Func<double> draw)
    {
        var m = Matrix<double>.Build.Dense(n, d);
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < d; j++)
                m[i, j] = draw();
        }
        return m;
    }

    private static Vector<double> TerminalLogDensity(Sde sde, Func<Matrix<double>, Vector<double>>? priorLogDensity, Matrix<double> latent)
    {
        if (priorLogDensity is null)
            return sde.PriorLogDensity(latent);
        var values = priorLogDensity(latent);
        if (values is null || values.Count != latent.RowCount)
            throw new ArgumentException(
                $"priorLogDensity returned {values?.Count.ToString() ?? "null"} values for {latent.RowCount} points.", nameof(priorLogDensity));
        for (int i = 0; i < values.Count; i++)
        {
            if (!double.IsFinite(values[i]))
                throw new ArgumentException($"priorLogDensity returned {values[i]} for point {i}.", nameof(priorLogDensity));
        }
        return values;
    }
}
