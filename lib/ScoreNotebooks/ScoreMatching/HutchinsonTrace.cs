using MathNet.Numerics.LinearAlgebra;
using ScoreNotebooks.Divergences;
using ScoreNotebooks.Numerics;

namespace ScoreNotebooks.ScoreMatching;

/// <summary>
/// Hutchinson's unbiased estimate of the divergence ∇·s(x) = tr J(x) from Jacobian–vector products,
/// each approximated by one central finite difference: 2 evaluations of s per probe, whatever d is.
/// </summary>
/// <remarks>
/// For random probes v with E[v vᵀ] = I, E[vᵀ J v] = tr(J E[vvᵀ]) = tr J (Hutchinson 1990). The
/// Jacobian–vector product is J v ≈ [s(x + δv) − s(x − δv)] / (2δ) with δ = h·max(1, ‖x‖∞), exact
/// for affine s up to rounding. The exact divergence by finite differences costs 2d evaluations;
/// this estimate costs 2 per probe and trades that for variance, the remedy sliced score matching
/// uses for neural score models (Song, Garg, Shi &amp; Ermon 2019).
/// </remarks>
public static class HutchinsonTrace
{
    /// <summary>The Monte Carlo estimate of ∇·s(x) with its standard error from k ≥ 2 probes.</summary>
    /// <param name="field">The vector field s : ℝᵈ → ℝᵈ; must return finite vectors of length d.</param>
    /// <param name="x">The point x ∈ ℝᵈ, finite, d ≥ 1.</param>
    /// <param name="rng">The random source for the probes.</param>
    /// <param name="probes">The number of probes k ≥ 2.</param>
    /// <param name="probe">The probe distribution; Rademacher by default.</param>
    /// <param name="step">The relative finite-difference step h &gt; 0.</param>
    /// <remarks>Terms tᵣ = vᵣᵀ [s(x + δvᵣ) − s(x − δvᵣ)] / (2δ); see <see cref="MonteCarloEstimate.FromTerms"/>.</remarks>
    /// <exception cref="ArgumentNullException">field, x or rng is null.</exception>
    /// <exception cref="ArgumentException">
    /// x is empty or has a non-finite entry; field returns null, the wrong length or a non-finite value (ParamName "field");
    /// an unknown probe distribution.
    /// </exception>
    /// <exception cref="ArgumentOutOfRangeException">k &lt; 2 or h ≤ 0.</exception>
    public static MonteCarloEstimate Divergence(
        Func<Vector<double>, Vector<double>> field,
        Vector<double> x,
        Random rng,
        int probes,
        ProbeDistribution probe = ProbeDistribution.Rademacher,
        double step = FiniteDifferences.DefaultStep)
    {
        Guard.NotNull(field, nameof(field));
        Guard.Finite(x, nameof(x));
        if (x.Count == 0)
            throw new ArgumentException("x has no entries.", nameof(x));
        Guard.NotNull(rng, nameof(rng));
        if (probes < 2)
            throw new ArgumentOutOfRangeException(nameof(probes), probes, "probes must be ≥ 2 for a standard error.");
        if (probe is not (ProbeDistribution.Rademacher or ProbeDistribution.Gaussian))
            throw new ArgumentException($"probe {probe} is not a known probe distribution.", nameof(probe));
        Guard.Positive(step, nameof(step));
        double delta = step * Math.Max(1, x.AbsoluteMaximum());
        var terms = new double[probes];
        for (int r = 0; r < probes; r++)
        {
            var v = Probe(rng, x.Count, probe);
            var plus = Checked(field(x + delta * v), x.Count);
            var minus = Checked(field(x - delta * v), x.Count);
            terms[r] = v.DotProduct(plus - minus) / (2 * delta);
        }
        return MonteCarloEstimate.FromTerms(terms);
    }

    /// <summary>The Hutchinson estimate of a score model's divergence, using only its <see cref="IScoreModel.Score(Vector{double})"/>.</summary>
    /// <param name="model">The score model s_θ.</param>
    /// <param name="x">The point x ∈ ℝᵈ, finite.</param>
    /// <param name="rng">The random source for the probes.</param>
    /// <param name="probes">The number of probes k ≥ 2.</param>
    /// <param name="probe">The probe distribution; Rademacher by default.</param>
    /// <param name="step">The relative finite-difference step h &gt; 0.</param>
    /// <remarks>As the field overload with s = model.Score; the model's own divergence is never called.</remarks>
    /// <exception cref="ArgumentNullException">model, x or rng is null.</exception>
    /// <exception cref="ArgumentException">x has the wrong dimension or a non-finite entry.</exception>
    /// <exception cref="ArgumentOutOfRangeException">k &lt; 2 or h ≤ 0.</exception>
    public static MonteCarloEstimate Divergence(
        IScoreModel model,
        Vector<double> x,
        Random rng,
        int probes,
        ProbeDistribution probe = ProbeDistribution.Rademacher,
        double step = FiniteDifferences.DefaultStep)
    {
        Guard.NotNull(model, nameof(model));
        Guard.Point(x, model.Dimension, nameof(x));
        return Divergence(model.Score, x, rng, probes, probe, step);
    }

    /// <summary>The exact variance of one probe's term vᵀ J v for a fixed Jacobian J.</summary>
    /// <param name="jacobian">The d × d Jacobian J, finite.</param>
    /// <param name="probe">The probe distribution.</param>
    /// <returns>With S = (J + Jᵀ)/2: 2‖S‖²_F for Gaussian probes and 2(‖S‖²_F − Σᵢ Sᵢᵢ²) for Rademacher
    /// probes, whose squares vᵢ² = 1 remove the diagonal's share. The standard error of k probes is
    /// √(variance / k).</returns>
    /// <remarks>vᵀJv = vᵀSv. For Gaussian v, Var[vᵀSv] = 2 tr S²; for Rademacher v the terms Sᵢᵢvᵢ²
    /// are constant and Var = 4 Σ_{i&lt;j} Sᵢⱼ² (Hutchinson 1990; Avron &amp; Toledo 2011).</remarks>
    /// <exception cref="ArgumentNullException">jacobian is null.</exception>
    /// <exception cref="ArgumentException">jacobian is not square or has a non-finite entry; an unknown
    /// probe distribution.</exception>
    public static double ProbeVariance(Matrix<double> jacobian, ProbeDistribution probe)
    {
        Guard.NotNull(jacobian, nameof(jacobian));
        if (jacobian.RowCount != jacobian.ColumnCount || jacobian.RowCount == 0)
            throw new ArgumentException($"jacobian is {jacobian.RowCount} × {jacobian.ColumnCount}; expected a non-empty square matrix.", nameof(jacobian));
        if (jacobian.Enumerate().Any(v => !double.IsFinite(v)))
            throw new ArgumentException("jacobian has a non-finite entry.", nameof(jacobian));
        if (probe is not (ProbeDistribution.Rademacher or ProbeDistribution.Gaussian))
            throw new ArgumentException($"probe {probe} is not a known probe distribution.", nameof(probe));
        var symmetric = (jacobian + jacobian.Transpose()) / 2;
        double frobenius = symmetric.Enumerate().Sum(v => v * v);
        double diagonal = symmetric.Diagonal().Sum(v => v * v);
        return probe == ProbeDistribution.Gaussian ? 2 * frobenius : 2 * (frobenius - diagonal);
    }

    private static Vector<double> Probe(Random rng, int d, ProbeDistribution probe) =>
        probe == ProbeDistribution.Rademacher
            ? Vector<double>.Build.Dense(d, _ => rng.Next(2) == 0 ? -1.0 : 1.0)
            : Vector<double>.Build.Dense(d, _ => MathNet.Numerics.Distributions.Normal.Sample(rng, 0.0, 1.0));

    private static Vector<double> Checked(Vector<double>? value, int d)
    {
        if (value is null || value.Count != d)
            throw new ArgumentException($"field returned a vector of length {value?.Count.ToString() ?? "null"}, expected {d}.", "field");
        for (int j = 0; j < d; j++)
        {
            if (!double.IsFinite(value[j]))
                throw new ArgumentException($"field returned {value[j]} in coordinate {j}; every entry must be finite.", "field");
        }
        return value;
    }
}
