using MathNet.Numerics.LinearAlgebra;
using ScoreNotebooks.Distributions;
using ScoreNotebooks.Divergences;
using ScoreNotebooks.ScoreMatching;
using static ScoreNotebooks.Tests.ScoreMatching.ScoreModels;

namespace ScoreNotebooks.Tests.ScoreMatching;

public class ScoreMatchingObjectiveTests
{
    // A family of Gaussian models around the data: shifted means and scaled, rotated precisions.
    private static IEnumerable<GaussianScoreModel> Family()
    {
        foreach (double shift in new[] { -1.0, 0.0, 0.7 })
        {
            foreach (double scale in new[] { 0.5, 1.0, 2.5 })
            {
                var precision = M(new[,] { { 1.0, 0.3 * shift }, { 0.3 * shift, 0.6 } }) * scale;
                yield return new GaussianScoreModel(V(0.5 + shift, -1.0 - 0.5 * shift), precision);
            }
        }
    }

    [Fact]
    public void ExactObjectives_DifferByTraceOfDataPrecision_ForEveryModel()
    {
        // Explicit = Fisher divergence F(p ‖ q_θ) in closed form; L_SM in closed form; E_p‖∇log p‖² = tr Σ⁻¹.
        var data = Data2D();
        double constant = data.Precision().Trace();
        foreach (var model in Family())
        {
            double explicitValue = FisherDivergence.Between(data, model.ToGaussian());
            double gap = explicitValue - model.ExpectedHyvarinenObjective(data);
            double err = Math.Abs(gap - constant);
            Assert.True(err < 1e-10 * Math.Max(1, explicitValue), $"{model}: J_ESM − L_SM = {gap:R}, tr Σ⁻¹ = {constant:R}, error {err:E3}");
        }
    }

    [Fact]
    public void OnTheSameSamples_ObjectivesDifferByOneConstantWithinFourStandardErrors()
    {
        var data = Data2D();
        var samples = data.Sample(new Random(7), 20_000);
        var trueScore = data.Score(samples);
        double constant = data.Precision().Trace();
        var gaps = new List<double>();
        foreach (var model in Family())
        {
            var explicitEstimate = ScoreMatchingObjective.Explicit(model, samples, data);
            var hyvarinen = ScoreMatchingObjective.Hyvarinen(model, samples);
            double gap = explicitEstimate.Value - hyvarinen.Value;
            // The per-sample difference ‖∇log p‖² − 2⟨s, ∇log p⟩ − 2∇·s has mean tr Σ⁻¹; its own standard error bounds the gap.
            var s = model.Score(samples);
            var terms = new double[samples.RowCount];
            for (int i = 0; i < terms.Length; i++)
            {
                var g = trueScore.Row(i);
                terms[i] = g.DotProduct(g) - 2 * s.Row(i).DotProduct(g) - 2 * model.Divergence(samples.Row(i));
            }
            var difference = MonteCarloEstimate.FromTerms(terms);
            Assert.True(Math.Abs(difference.Value - gap) < 1e-9 * Math.Max(1, Math.Abs(gap)), $"{model}: gap {gap:R} vs mean of terms {difference.Value:R}");
            double z = difference.StandardErrorsFrom(constant);
            Assert.True(z < 4, $"{model}: J_ESM − L_SM = {difference}, tr Σ⁻¹ = {constant:G6}, {z:F2} standard errors");
            gaps.Add(gap);
        }
        // Parallel curves: the gap moves far less than the objective itself across the family.
        var values = Family().Select(m => ScoreMatchingObjective.Explicit(m, samples, data).Value).ToArray();
        double gapSpread = gaps.Max() - gaps.Min(), valueSpread = values.Max() - values.Min();
        Assert.True(gapSpread < 0.02 * valueSpread, $"gap spread {gapSpread:G4} vs objective spread {valueSpread:G4}");
    }

    [Fact]
    public void Explicit_EqualsFisherDivergenceFromSamples()
    {
        var data = Data2D();
        var samples = data.Sample(new Random(8), 500);
        var model = new GaussianScoreModel(V(0.0, 0.0), Matrix<double>.Build.DenseIdentity(2));
        var ours = ScoreMatchingObjective.Explicit(model, samples, data.Score);
        var fisher = FisherDivergence.FromSamples(samples, data.Score, model.Score);
        Assert.True(Math.Abs(ours.Value - fisher.Value) < 1e-12 * fisher.Value, $"{ours} vs {fisher}");
        Assert.True(Math.Abs(ours.StandardError - fisher.StandardError) < 1e-12 * fisher.StandardError, $"{ours} vs {fisher}");
    }

    [Fact]
    public void Explicit_AtTheTrueScore_IsZero()
    {
        var data = Data2D();
        var samples = data.Sample(new Random(9), 100);
        var estimate = ScoreMatchingObjective.Explicit(GaussianScoreModel.FromGaussian(data), samples, data);
        Assert.True(estimate.Value < 1e-20, $"J_ESM at the true score = {estimate}");
    }

    [Fact]
    public void Hyvarinen_WithExactDivergence_EqualsFiniteDifferenceDivergenceClosure()
    {
        // The same Gaussian score as a closure whose divergence comes from finite differences: an independent route.
        var data = Data2D();
        var samples = data.Sample(new Random(11), 400);
        var model = new GaussianScoreModel(V(0.2, -0.4), M(new[,] { { 0.9, 0.2 }, { 0.2, 1.4 } }));
        var closure = new FunctionScoreModel(2, x => -(model.Precision * (x - model.Mean)));
        double exact = ScoreMatchingObjective.Hyvarinen(model, samples).Value;
        double fd = ScoreMatchingObjective.Hyvarinen(closure, samples).Value;
        Assert.True(Math.Abs(exact - fd) < 1e-7, $"exact divergence {exact:R} vs finite differences {fd:R}");
    }

    [Fact]
    public void Hyvarinen_InOneDimension_EqualsHandFormula()
    {
        // s(x) = −(x − μ)/v: terms (x − μ)²/v² − 2/v.
        var samples = Matrix<double>.Build.DenseOfColumnArrays(new[] { -1.0, 0.5, 2.0, 3.5 });
        var model = GaussianScoreModel.WithMeanVariance(1.0, 2.0);
        double expected = new[] { -1.0, 0.5, 2.0, 3.5 }.Select(x => (x - 1) * (x - 1) / 4 - 1.0).Average();
        double value = ScoreMatchingObjective.Hyvarinen(model, samples).Value;
        Assert.True(Math.Abs(value - expected) < 1e-14, $"L_SM {value:R} vs hand formula {expected:R}");
    }

    [Fact]
    public void BadInput_ThrowsArgumentExceptionNamingTheParameter()
    {
        var data = Data2D();
        var samples = data.Sample(new Random(12), 10);
        var model = GaussianScoreModel.FromGaussian(data);
        Assert.Equal("model", Assert.Throws<ArgumentNullException>(() => ScoreMatchingObjective.Hyvarinen(null!, samples)).ParamName);
        Assert.Equal("samples", Assert.Throws<ArgumentException>(() => ScoreMatchingObjective.Hyvarinen(model, samples.SubMatrix(0, 1, 0, 2))).ParamName);
        Assert.Equal("samples", Assert.Throws<ArgumentException>(() => ScoreMatchingObjective.Hyvarinen(model, Matrix<double>.Build.Dense(5, 3))).ParamName);
        Assert.Equal("trueScore", Assert.Throws<ArgumentException>(
            () => ScoreMatchingObjective.Explicit(model, samples, xs => Matrix<double>.Build.Dense(xs.RowCount, 1))).ParamName);
        Assert.Equal("trueScore", Assert.Throws<ArgumentException>(
            () => ScoreMatchingObjective.Explicit(model, samples, xs => Matrix<double>.Build.Dense(xs.RowCount, 2, double.NaN))).ParamName);
        Assert.Equal("data", Assert.Throws<ArgumentException>(
            () => ScoreMatchingObjective.Explicit(model, samples, Gaussian.Standard(3))).ParamName);
        var divergent = new FunctionScoreModel(2, x => x, _ => double.PositiveInfinity);
        Assert.Equal("divergence", Assert.Throws<ArgumentException>(() => ScoreMatchingObjective.Hyvarinen(divergent, samples)).ParamName);
    }
}
