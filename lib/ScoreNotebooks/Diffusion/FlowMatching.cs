using MathNet.Numerics.LinearAlgebra;
using ScoreNotebooks.Distributions;
using ScoreNotebooks.Divergences;
using ScoreNotebooks.Numerics;

namespace ScoreNotebooks.Diffusion;

/// <summary>
/// The conditional optimal-transport path of flow matching (Lipman et al. 2023; Liu et al. 2023) from z ~ N(0, I) at
/// t = 0 to data x₁ ~ p at t = 1, xₜ = (1 − t) z + t x₁, for Gaussian-mixture data: its marginal law and its exact
/// marginal velocity, the field a flow-matching network learns.
/// </summary>
/// <remarks>
/// Given component k, (x₁, xₜ) is jointly Gaussian: xₜ ~ N(t μₖ, Cₖ) with Cₖ = (1 − t)² I + t² Σₖ, and
/// E[x₁ | xₜ, k] = μₖ + t Σₖ Cₖ⁻¹ (xₜ − t μₖ). The conditional velocity x₁ − z equals (x₁ − xₜ)/(1 − t), so the marginal
/// velocity is u(x, t) = E[x₁ − z | xₜ = x] = (E[x₁ | xₜ = x] − x)/(1 − t), with the mixture over k weighted by the
/// responsibilities under the marginal. It carries pₜ along (∂ₜpₜ + ∇·(pₜ u) = 0), which the tests check by finite
/// differences.
/// </remarks>
public static class FlowMatching
{
    /// <summary>The law pₜ of xₜ = (1 − t) z + t x₁: the mixture Σₖ πₖ N(t μₖ, (1 − t)² I + t² Σₖ).</summary>
    /// <param name="data">The data law p, a Gaussian mixture.</param>
    /// <param name="t">The time t ∈ [0, 1); at t = 0 every component is N(0, I).</param>
    /// <exception cref="ArgumentNullException">data is null.</exception>
    /// <exception cref="ArgumentException">t is not finite.</exception>
    /// <exception cref="ArgumentOutOfRangeException">t ∉ [0, 1).</exception>
    public static GaussianMixture Marginal(GaussianMixture data, double t)
    {
        Guard.NotNull(data, nameof(data));
        CheckTime(t);
        var identity = Matrix<double>.Build.DenseIdentity(data.Dimension);
        return new GaussianMixture(data.Weights,
            data.Components.Select(c => new Gaussian(t * c.Mean, (1 - t) * (1 - t) * identity + t * t * c.Covariance)));
    }

    /// <summary>The exact marginal velocity u(x, t) = (E[x₁ | xₜ = x] − x)/(1 − t) at every row of x.</summary>
    /// <param name="data">The data law p, a Gaussian mixture of dimension d.</param>
    /// <param name="x">n points, one per row of an n×d matrix, finite.</param>
    /// <param name="t">The time t ∈ [0, 1).</param>
    /// <returns>An n×d matrix, one velocity per row.</returns>
    /// <exception cref="ArgumentNullException">data or x is null.</exception>
    /// <exception cref="ArgumentException">x has the wrong number of columns or a non-finite entry; t is not finite.</exception>
    /// <exception cref="ArgumentOutOfRangeException">t ∉ [0, 1).</exception>
    public static Matrix<double> Velocity(GaussianMixture data, Matrix<double> x, double t)
    {
        Guard.NotNull(data, nameof(data));
        Guard.Batch(x, data.Dimension, nameof(x));
        var marginal = Marginal(data, t);
        int n = x.RowCount, d = x.ColumnCount;
        var responsibilities = marginal.Responsibilities(x);
        double[] r = responsibilities.AsColumnMajorArray() ?? responsibilities.ToColumnMajorArray(); // r[i + n·k]
        double[] points = x.ToColumnMajorArray(); // points[i + n·j]
        var expected = new double[n * d]; // E[x₁ | xₜ = xᵢ], column-major
        var offset = new double[d];
        for (int k = 0; k < data.Components.Count; k++)
        {
            var component = data.Components[k];
            // E[x₁ | xₜ, k] = μₖ + t Σₖ Cₖ⁻¹ (x − t μₖ); with Cₖ and Σₖ symmetric, as a row (x − t μₖ)ᵀ G with G = Cₖ⁻¹ (t Σₖ).
            double[] gain = marginal.Components[k].Covariance.Cholesky().Solve(t * component.Covariance).ToRowMajorArray();
            double[] mean = component.Mean.ToArray();
            for (int i = 0; i < n; i++)
            {
                double weight = r[i + n * k];
                if (weight == 0)
                    continue;
                for (int j = 0; j < d; j++)
                    offset[j] = points[i + n * j] - t * mean[j];
                for (int j = 0; j < d; j++)
                {
                    double value = mean[j];
                    for (int l = 0; l < d; l++)
                        value += offset[l] * gain[l * d + j];
                    expected[i + n * j] += weight * value;
                }
            }
        }
        var velocity = new double[n * d];
        for (int c = 0; c < velocity.Length; c++)
            velocity[c] = (expected[c] - points[c]) / (1 - t);
        return Matrix<double>.Build.Dense(n, d, velocity);
    }

    /// <summary>The exact marginal velocity at every row of x, each at its own time: row i at times[i].</summary>
    /// <param name="data">The data law p, a Gaussian mixture of dimension d.</param>
    /// <param name="x">n points, one per row of an n×d matrix, finite.</param>
    /// <param name="times">n times in [0, 1).</param>
    /// <returns>An n×d matrix, one velocity per row.</returns>
    /// <remarks>
    /// The same formula as <see cref="Velocity(GaussianMixture, Matrix{double}, double)"/>, with the marginal's covariances
    /// Cₖ = (1 − t)² I + t² Σₖ factorised row by row: what a Monte Carlo average over random times needs.
    /// </remarks>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">x has the wrong number of columns or a non-finite entry, or times does not have one entry
    /// per row.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A time ∉ [0, 1).</exception>
    public static Matrix<double> Velocity(GaussianMixture data, Matrix<double> x, IReadOnlyList<double> times)
    {
        Guard.NotNull(data, nameof(data));
        Guard.Batch(x, data.Dimension, nameof(x));
        Guard.NotNull(times, nameof(times));
        if (times.Count != x.RowCount)
            throw new ArgumentException($"times has {times.Count} entries for {x.RowCount} rows of x.", nameof(times));
        foreach (double t in times)
            CheckTime(t, nameof(times));
        int n = x.RowCount, d = x.ColumnCount, components = data.Components.Count;
        var means = data.Components.Select(c => c.Mean.ToArray()).ToArray();
        var covariances = data.Components.Select(c => c.Covariance.ToRowMajorArray()).ToArray();
        var logWeights = data.Weights.Select(w => Math.Log(w)).ToArray();
        double[] points = x.ToColumnMajorArray();
        var result = new double[n * d];
        var lower = new double[d * d];
        var offset = new double[d];
        var solved = new double[d];
        var logJoint = new double[components];
        var conditional = new double[components * d];
        for (int i = 0; i < n; i++)
        {
            double t = times[i];
            for (int k = 0; k < components; k++)
            {
                double[] mean = means[k], sigma = covariances[k];
                // Cₖ = (1 − t)² I + t² Σₖ = L Lᵀ.
                for (int a = 0; a < d; a++)
                {
                    for (int b = 0; b <= a; b++)
                    {
                        double sum = t * t * sigma[a * d + b] + (a == b ? (1 - t) * (1 - t) : 0);
                        for (int c = 0; c < b; c++)
                            sum -= lower[a * d + c] * lower[b * d + c];
                        lower[a * d + b] = a == b ? Math.Sqrt(sum) : sum / lower[b * d + b];
                    }
                }
                double logDeterminant = 0, squares = 0;
                for (int a = 0; a < d; a++)
                {
                    offset[a] = points[i + n * a] - t * mean[a];
                    logDeterminant += 2 * Math.Log(lower[a * d + a]);
                }
                for (int a = 0; a < d; a++) // L y = x − t μₖ
                {
                    double sum = offset[a];
                    for (int c = 0; c < a; c++)
                        sum -= lower[a * d + c] * solved[c];
                    solved[a] = sum / lower[a * d + a];
                    squares += solved[a] * solved[a];
                }
                logJoint[k] = logWeights[k] - 0.5 * (squares + logDeterminant + d * Math.Log(2 * Math.PI));
                for (int a = d - 1; a >= 0; a--) // Lᵀ w = y, so w = Cₖ⁻¹ (x − t μₖ)
                {
                    double sum = solved[a];
                    for (int c = a + 1; c < d; c++)
                        sum -= lower[c * d + a] * solved[c];
                    solved[a] = sum / lower[a * d + a];
                }
                for (int a = 0; a < d; a++) // E[x₁ | xₜ, k] = μₖ + t Σₖ w
                {
                    double sum = mean[a];
                    for (int c = 0; c < d; c++)
                        sum += t * sigma[a * d + c] * solved[c];
                    conditional[k * d + a] = sum;
                }
            }
            double total = LogSumExp.Of(logJoint);
            for (int a = 0; a < d; a++)
            {
                double expected = 0;
                for (int k = 0; k < components; k++)
                    expected += Math.Exp(logJoint[k] - total) * conditional[k * d + a];
                result[i + n * a] = (expected - points[i + n * a]) / (1 - t);
            }
        }
        return Matrix<double>.Build.Dense(n, d, result);
    }

    /// <summary>
    /// The floor of the conditional flow-matching loss, E ‖u(xₜ, t) − (x₁ − z)‖² with t ~ U[0, 1): the loss of the exact marginal
    /// velocity, which no network can go below, by Monte Carlo.
    /// </summary>
    /// <param name="data">The data law, a Gaussian mixture.</param>
    /// <param name="rng">The random source: for each sample, t, then x₁ (with its component), then z.</param>
    /// <param name="samples">The number of terms n ≥ 2.</param>
    /// <remarks>
    /// u(xₜ, t) − (x₁ − z) = (E[x₁ | xₜ] − x₁)/(1 − t), so each term is the squared error of the posterior mean of x₁ given xₜ, scaled
    /// by 1/(1 − t)²; its expectation over x₁ given xₜ is tr Cov(x₁ | xₜ)/(1 − t)², which stays finite as t → 1 because the
    /// posterior covariance shrinks like (1 − t)².
    /// </remarks>
    /// <exception cref="ArgumentNullException">data or rng is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">samples &lt; 2.</exception>
    public static MonteCarloEstimate IrreducibleLoss(GaussianMixture data, Random rng, int samples)
    {
        Guard.NotNull(data, nameof(data));
        Guard.NotNull(rng, nameof(rng));
        if (samples < 2)
            throw new ArgumentOutOfRangeException(nameof(samples), samples, "samples must be ≥ 2 for a standard error.");
        int d = data.Dimension;
        var times = new double[samples];
        var points = Matrix<double>.Build.Dense(samples, d);
        var targets = Matrix<double>.Build.Dense(samples, d); // x₁ − z
        for (int i = 0; i < samples; i++)
        {
            times[i] = rng.NextDouble();
            var x1 = data.Sample(rng, 1).Row(0);
            var z = Gaussian.StandardNormalMatrix(rng, 1, d).Row(0);
            points.SetRow(i, (1 - times[i]) * z + times[i] * x1);
            targets.SetRow(i, x1 - z);
        }
        var residual = Velocity(data, points, times) - targets;
        var terms = new double[samples];
        for (int i = 0; i < samples; i++)
            terms[i] = residual.Row(i).DotProduct(residual.Row(i));
        return MonteCarloEstimate.FromTerms(terms);
    }

    /// <summary>N + 1 evenly spaced times 0, 1/N, …, 1 for <see cref="Euler"/> and <see cref="Heun"/>.</summary>
    /// <param name="steps">N ≥ 1.</param>
    /// <exception cref="ArgumentOutOfRangeException">steps &lt; 1.</exception>
    public static double[] Times(int steps)
    {
        if (steps < 1)
            throw new ArgumentOutOfRangeException(nameof(steps), steps, "steps must be ≥ 1.");
        var times = Enumerable.Range(0, steps + 1).Select(i => (double)i / steps).ToArray();
        times[steps] = 1;
        return times;
    }

    /// <summary>Euler steps x ← x + (tᵢ₊₁ − tᵢ) u(x, tᵢ) of the flow dx/dt = u(x, t), from noise at t₀ towards data at t = 1.</summary>
    /// <param name="velocity">The velocity u(x, t) in batch form (n×d and t in, n×d out), finite for t &lt; 1.</param>
    /// <param name="x">The particles at t₀, an n×d matrix, finite; never changed.</param>
    /// <param name="times">Strictly increasing times in [0, 1], at least two; the velocity is evaluated only where t &lt; 1.</param>
    /// <returns>The particles at the last time, and the number of velocity evaluations (N for N steps).</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">x is empty or not finite; times has fewer than two entries, one outside [0, 1], or does
    /// not increase; the velocity returns the wrong shape or a non-finite entry (ParamName "velocity").</exception>
    public static SamplerResult Euler(Func<Matrix<double>, double, Matrix<double>> velocity, Matrix<double> x, IReadOnlyList<double> times)
    {
        var current = CheckFlow(velocity, x, times);
        int evaluations = 0;
        for (int i = 0; i + 1 < times.Count; i++)
        {
            current += (times[i + 1] - times[i]) * SamplerChecks.Field(velocity, current, times[i], nameof(velocity));
            evaluations++;
        }
        return new SamplerResult(current, evaluations);
    }

    /// <summary>Heun steps: an Euler step to tᵢ₊₁, then, where tᵢ₊₁ &lt; 1, the step redone with the mean of the velocities at both
    /// ends. The last step, to t = 1, is Euler's, since the velocity (E[x₁ | xₜ] − x)/(1 − t) is not defined there; N steps to 1
    /// cost 2N − 1 evaluations.</summary>
    /// <param name="velocity">The velocity u(x, t) in batch form, finite for t &lt; 1.</param>
    /// <param name="x">The particles at t₀, an n×d matrix, finite; never changed.</param>
    /// <param name="times">Strictly increasing times in [0, 1], at least two.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">As for <see cref="Euler"/>.</exception>
    public static SamplerResult Heun(Func<Matrix<double>, double, Matrix<double>> velocity, Matrix<double> x, IReadOnlyList<double> times)
    {
        var current = CheckFlow(velocity, x, times);
        int evaluations = 0;
        for (int i = 0; i + 1 < times.Count; i++)
        {
            double h = times[i + 1] - times[i];
            var start = SamplerChecks.Field(velocity, current, times[i], nameof(velocity));
            evaluations++;
            var predicted = current + h * start;
            if (times[i + 1] < 1)
            {
                var end = SamplerChecks.Field(velocity, predicted, times[i + 1], nameof(velocity));
                evaluations++;
                predicted = current + (0.5 * h) * (start + end);
            }
            current = predicted;
        }
        return new SamplerResult(current, evaluations);
    }

    private static Matrix<double> CheckFlow(Func<Matrix<double>, double, Matrix<double>> velocity, Matrix<double> x, IReadOnlyList<double> times)
    {
        Guard.NotNull(velocity, nameof(velocity));
        var particles = SamplerChecks.Particles(x, nameof(x));
        Guard.NotNull(times, nameof(times));
        if (times.Count < 2)
            throw new ArgumentException($"times has {times.Count} entr{(times.Count == 1 ? "y" : "ies")}; a step needs at least two.", nameof(times));
        for (int i = 0; i < times.Count; i++)
        {
            if (!double.IsFinite(times[i]) || times[i] < 0 || times[i] > 1)
                throw new ArgumentException($"times[{i}] = {times[i]}; every time must lie in [0, 1].", nameof(times));
            if (i > 0 && times[i] <= times[i - 1])
                throw new ArgumentException($"times[{i}] = {times[i]:G6} is not above times[{i - 1}] = {times[i - 1]:G6}; the times must increase.", nameof(times));
        }
        return particles;
    }

    private static void CheckTime(double t, string paramName = "t")
    {
        Guard.Finite(t, paramName);
        if (t < 0 || t >= 1)
            throw new ArgumentOutOfRangeException(paramName, t, "t must lie in [0, 1): at t = 1 the path reaches the data, where the velocity need not exist.");
    }
}
