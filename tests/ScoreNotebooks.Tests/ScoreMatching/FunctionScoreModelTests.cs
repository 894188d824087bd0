using MathNet.Numerics.LinearAlgebra;
using ScoreNotebooks.Distributions;
using ScoreNotebooks.ScoreMatching;
using static ScoreNotebooks.Tests.ScoreMatching.ScoreModels;

namespace ScoreNotebooks.Tests.ScoreMatching;

public class FunctionScoreModelTests
{
    [Fact]
    public void FiniteDifferenceDivergence_OfGaussianScore_IsMinusTraceOfPrecision()
    {
        var data = Data2D();
        var model = FunctionScoreModel.FromDistribution(data);
        Assert.False(model.HasExactDivergence);
        double expected = -data.Precision().Trace();
        var xs = data.Sample(new Random(1), 5);
        var divergences = model.Divergence(xs);
        for (int i = 0; i < xs.RowCount; i++)
        {
            double err = Math.Abs(divergences[i] - expected);
            Assert.True(err < 1e-7, $"row {i}: {divergences[i]:R} vs {expected:R}, error {err:E3}");
        }
    }

    [Fact]
    public void ExactDivergence_IsUsedWhenGiven()
    {
        // s(x) = (sin x₀, x₀ x₁): ∇·s = cos x₀ + x₀.
        var model = new FunctionScoreModel(2, x => V(Math.Sin(x[0]), x[0] * x[1]), x => Math.Cos(x[0]) + x[0]);
        Assert.True(model.HasExactDivergence);
        var x = V(0.8, -2.0);
        Assert.Equal(Math.Cos(0.8) + 0.8, model.Divergence(x));
        var fd = new FunctionScoreModel(2, v => V(Math.Sin(v[0]), v[0] * v[1]));
        double err = Math.Abs(fd.Divergence(x) - model.Divergence(x));
        Assert.True(err < 1e-8, $"finite-difference divergence error {err:E3}");
    }

    [Fact]
    public void BatchScore_EqualsRowByRowScore()
    {
        var model = FunctionScoreModel.FromDistribution(Data2D());
        var xs = Data2D().Sample(new Random(2), 4);
        var batch = model.Score(xs);
        for (int i = 0; i < xs.RowCount; i++)
            Assert.Equal(model.Score(xs.Row(i)), batch.Row(i));
    }

    [Fact]
    public void BadClosures_ThrowArgumentExceptionNamingTheClosure()
    {
        var wrongLength = new FunctionScoreModel(2, _ => V(1.0));
        Assert.Equal("score", Assert.Throws<ArgumentException>(() => wrongLength.Score(V(0, 0))).ParamName);
        var notFinite = new FunctionScoreModel(1, _ => V(double.NaN));
        Assert.Equal("score", Assert.Throws<ArgumentException>(() => notFinite.Divergence(V(0))).ParamName);
        Assert.Equal("dimension", Assert.Throws<ArgumentOutOfRangeException>(() => new FunctionScoreModel(0, x => x)).ParamName);
        Assert.Equal("score", Assert.Throws<ArgumentNullException>(() => new FunctionScoreModel(1, null!)).ParamName);
        Assert.Equal("step", Assert.Throws<ArgumentOutOfRangeException>(() => new FunctionScoreModel(1, x => x, null, 0)).ParamName);
        Assert.Equal("x", Assert.Throws<ArgumentException>(() => new FunctionScoreModel(1, x => x).Score(V(1, 2))).ParamName);
    }
}
