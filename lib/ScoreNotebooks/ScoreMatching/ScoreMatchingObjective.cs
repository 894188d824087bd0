using MathNet.Numerics.LinearAlgebra;
using ScoreNotebooks.Distributions;
using ScoreNotebooks.Divergences;

namespace ScoreNotebooks.ScoreMatching;

/// <summary>
/// The two score-matching objectives, as Monte Carlo estimates over samples of the data p:
/// the explicit one, which needs the true score, and Hyvärinen's, which does not.
/// </summary>
/// <remarks>
/// Explicit score matching: J_ESM(θ) = E_p ‖s_θ(x) − ∇ₓ log p(x)‖², the Fisher divergence between
/// p and the model (Lyu 2009). Expanding the square and integrating the cross term by parts,
/// −2 E_p⟨s_θ, ∇log p⟩ = 2 E_p[∇·s_θ] when p s_θ → 0 at infinity, gives
/// J_ESM(θ) = L_SM(θ) + E_p ‖∇ₓ log p(x)‖² with
/// L_SM(θ) = E_p[‖s_θ(x)‖² + 2 ∇ₓ·s_θ(x)], which needs only samples of p.
/// Both objectives here carry no factor ½, the convention of the series' source material;
/// Hyvärinen (2005, section 2 and Theorem 1) writes ½ E‖s_θ − ∇log p‖² and E[½‖s_θ‖² + ∇·s_θ], exactly half
/// of these, so every minimiser is the same. Each estimate is the mean of per-sample terms with
/// its standard error; on the same samples the two differ, per sample, by
/// ‖∇log p‖² − 2⟨s_θ, ∇log p⟩ − 2∇·s_θ, whose mean is the constant E_p‖∇log p‖² only in expectation.
/// </remarks>
public static class ScoreMatchingObjective
{
    /// <summary>Explicit score matching J_ESM(θ) = E_p ‖s_θ(x) − ∇ₓ log p(x)‖² ≥ 0 from samples of p.</summary>
    /// <param name="model">The model score s_θ.</param>
    /// <param name="samples">n ≥ 2 samples of p, one per row of an n×d matrix, finite.</param>
    /// <param name="trueScore">The true score ∇log p, batched: n×d in, n×d out.</param>
    /// <remarks>Terms tᵢ = ‖s_θ(xᵢ) − ∇log p(xᵢ)‖²; no factor ½ (Hyvärinen 2005, section 2, has one).</remarks>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">
    /// samples has fewer than two rows, the wrong number of columns or a non-finite entry; trueScore returns
    /// the wrong shape or a non-finite value (ParamName "trueScore"); the model returns a non-finite value
    /// (ParamName "model").
    /// </exception>
    public static MonteCarloEstimate Explicit(IScoreModel model, Matrix<double> samples, Func<Matrix<double>, Matrix<double>> trueScore)
    {
        CheckInputs(model, samples);
        Guard.NotNull(trueScore, nameof(trueScore));
        var target = trueScore(samples);
        if (target is null || target.RowCount != samples.RowCount || target.ColumnCount != samples.ColumnCount)
            throw new ArgumentException(
                $"trueScore returned a {target?.RowCount ?? 0}×{target?.ColumnCount ?? 0} matrix for {samples.RowCount}×{samples.ColumnCount} samples.",
                nameof(trueScore));
        var modelScore = model.Score(samples); // (n, d)
        var terms = new double[samples.RowCount];
        for (int i = 0; i < terms.Length; i++)
        {
            double sum = 0;
            for (int j = 0; j < samples.ColumnCount; j++)
            {
                if (!double.IsFinite(target[i, j]))
                    throw new ArgumentException($"trueScore is {target[i, j]} at sample {i}, coordinate {j}.", nameof(trueScore));
                double gap = modelScore[i, j] - target[i, j];
                sum += gap * gap;
            }
            terms[i] = CheckedTerm(sum, i);
        }
        return MonteCarloEstimate.FromTerms(terms);
    }

    /// <summary>Explicit score matching against a known distribution p, whose score is the target.</summary>
    /// <param name="model">The model score s_θ.</param>
    /// <param name="samples">n ≥ 2 samples of p, one per row, finite.</param>
    /// <param name="data">The data distribution p, of the model's dimension.</param>
    /// <remarks>As <see cref="Explicit(IScoreModel, Matrix{double}, Func{Matrix{double}, Matrix{double}})"/> with ∇log p = data.Score.</remarks>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">As for the other overload, or data has a different dimension.</exception>
    public static MonteCarloEstimate Explicit(IScoreModel model, Matrix<double> samples, IDistribution data)
    {
        Guard.NotNull(data, nameof(data));
        Guard.NotNull(model, nameof(model));
        if (data.Dimension != model.Dimension)
            throw new ArgumentException($"data has dimension {data.Dimension} but the model has {model.Dimension}.", nameof(data));
        return Explicit(model, samples, data.Score);
    }

    /// <summary>Hyvärinen's objective L_SM(θ) = E_p[‖s_θ(x)‖² + 2 ∇ₓ·s_θ(x)] from samples of p.</summary>
    /// <param name="model">The model score s_θ with its divergence.</param>
    /// <param name="samples">n ≥ 2 samples of p, one per row of an n×d matrix, finite.</param>
    /// <remarks>
    /// Terms tᵢ = ‖s_θ(xᵢ)‖² + 2 ∇·s_θ(xᵢ), any real number (the divergence term is usually negative).
    /// Hyvärinen (2005, Theorem 1) writes ½‖s‖² + ∇·s, half of this. It equals J_ESM(θ) − E_p‖∇log p‖²
    /// when p(x) s_θ(x) → 0 as ‖x‖ → ∞ (Hyvärinen 2005, Theorem 1).
    /// </remarks>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">
    /// samples has fewer than two rows, the wrong number of columns or a non-finite entry; the model returns a
    /// non-finite value (ParamName "model").
    /// </exception>
    public static MonteCarloEstimate Hyvarinen(IScoreModel model, Matrix<double> samples)
    {
        CheckInputs(model, samples);
        var score = model.Score(samples);          // (n, d)
        var divergence = model.Divergence(samples); // (n)
        var terms = new double[samples.RowCount];
        for (int i = 0; i < terms.Length; i++)
        {
            double norm = 0;
            for (int j = 0; j < samples.ColumnCount; j++)
                norm += score[i, j] * score[i, j];
            terms[i] = CheckedTerm(norm + 2 * divergence[i], i);
        }
        return MonteCarloEstimate.FromTerms(terms);
    }

    private static void CheckInputs(IScoreModel model, Matrix<double> samples)
    {
        Guard.NotNull(model, nameof(model));
        Guard.Batch(samples, model.Dimension, nameof(samples));
        if (samples.RowCount < 2)
            throw new ArgumentException($"samples has {samples.RowCount} rows; at least 2 are needed for a standard error.", nameof(samples));
    }

    private static double CheckedTerm(double term, int row)
    {
        if (!double.IsFinite(term))
            throw new ArgumentException($"the model gives a non-finite term ({term}) at sample {row}.", "model");
        return term;
    }
}
