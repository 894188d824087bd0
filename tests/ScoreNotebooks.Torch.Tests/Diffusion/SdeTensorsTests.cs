using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Statistics;
using ScoreNotebooks.Diffusion;
using ScoreNotebooks.Distributions;
using ScoreNotebooks.Torch.Diffusion;
using ScoreNotebooks.Torch.Distributions;
using static TorchSharp.torch;

namespace ScoreNotebooks.Torch.Tests.Diffusion;

public class SdeTensorsTests : TorchTest
{
    private static double[] Times(Sde sde) => [0, sde.Eps, 0.01, 0.1, 0.37, 0.8, sde.T];

    [Theory]
    [MemberData(nameof(DiffusionCases.SdeNames), MemberType = typeof(DiffusionCases))]
    public void MeanScaleAndStd_EqualTheCpuSdeRoundedToFloat(string name)
    {
        var sde = DiffusionCases.Named(name);
        var times = Times(sde);
        using var t = tensor(times.Select(v => (float)v).ToArray());
        var alpha = sde.MeanScale(t).ToVector();
        var sigma = sde.Std(t).ToVector();
        for (int i = 0; i < times.Length; i++)
        {
            double rounded = (float)times[i];
            Assert.Equal((float)sde.MeanScale(rounded), alpha[i]);
            Assert.Equal((float)sde.Std(rounded), sigma[i]);
        }
    }

    [Theory]
    [InlineData("VP", "correlated")]
    [InlineData("subVP", "eight")]
    [InlineData("VE", "two")]
    [InlineData("VE", "correlated")]
    public void ExactScore_EqualsTheCpuMarginalScoreAtEveryTime_WithOneTimePerRow(string sdeName, string targetName)
    {
        var sde = DiffusionCases.Named(sdeName);
        var p0 = DiffusionCases.Target(targetName);
        var score = sde.ExactScore(new TensorGaussianMixture(p0));
        var times = Times(sde);
        var rng = new Random(11);
        var rows = new List<(double T, Vector<double> X)>();
        foreach (double t in times)
        {
            var points = sde.Marginal(p0, t).Sample(rng, 20);
            for (int i = 0; i < points.RowCount; i++)
                rows.Add(((float)t, points.Row(i)));
        }
        var x = Matrix<double>.Build.DenseOfRowVectors(rows.Select(r => r.X));
        using var xs = x.ToTensor();
        using var ts = tensor(rows.Select(r => (float)r.T).ToArray());
        var tensorScore = score(xs, ts).ToMatrix();
        var rounded = x.ToSingle().ToDouble();
        for (int i = 0; i < rows.Count; i++)
        {
            var exact = sde.Marginal(p0, rows[i].T).Score(rounded.Row(i));
            double error = (tensorScore.Row(i) - exact).InfinityNorm() / Math.Max(1, exact.InfinityNorm());
            Assert.True(error < 1e-4, $"{sdeName}, {targetName}, t = {rows[i].T:G4}, row {i}: relative error {error:E2} ({tensorScore.Row(i)} vs {exact})");
        }
    }

    [Theory]
    [MemberData(nameof(DiffusionCases.SdeNames), MemberType = typeof(DiffusionCases))]
    public void EmpiricalScore_EqualsTheScoreOfTheMixtureOfNoisedTrainingPoints(string name)
    {
        // The oracle: pₜ = (1/m) Σᵢ N(α xᵢ, σ² I) built as a CPU mixture, at times from near 0 to T, one per row.
        var sde = DiffusionCases.Named(name);
        var rng = new Random(21);
        var training = Matrix<double>.Build.Dense(7, 3, (_, _) => 2 * rng.NextDouble() - 1).ToSingle().ToDouble();
        var score = sde.EmpiricalScore(training.ToTensor());
        var rows = new List<(double T, Vector<double> X)>();
        foreach (double t in new[] { 0.02, 0.1, 0.37, 0.8, sde.T })
        {
            double tf = (float)t, alpha = sde.MeanScale(tf), sigma = sde.Std(tf);
            for (int i = 0; i < 6; i++)
            {
                // near a noised training point, where the weights are far from uniform, and far from all of them
                var x = training.Row(i % 7) * alpha + Vector<double>.Build.Dense(3, _ => sigma * (i < 3 ? 0.5 : 3) * (rng.NextDouble() - 0.5));
                rows.Add((tf, x.ToSingle().ToDouble()));
            }
        }
        using var xs = Matrix<double>.Build.DenseOfRowVectors(rows.Select(r => r.X)).ToTensor();
        using var ts = tensor(rows.Select(r => (float)r.T).ToArray());
        var tensorScore = score(xs, ts).ToMatrix();
        for (int i = 0; i < rows.Count; i++)
        {
            double alpha = sde.MeanScale(rows[i].T), sigma = sde.Std(rows[i].T);
            var mixture = new GaussianMixture(Enumerable.Repeat(1.0 / 7, 7), Enumerable.Range(0, 7)
                .Select(k => new Gaussian(training.Row(k) * alpha, Matrix<double>.Build.DenseIdentity(3) * (sigma * sigma))));
            var exact = mixture.Score(rows[i].X);
            double error = (tensorScore.Row(i) - exact).InfinityNorm() / Math.Max(1, exact.InfinityNorm());
            Assert.True(error < 1e-4, $"{name}, t = {rows[i].T:G4}, row {i}: relative error {error:E2} ({tensorScore.Row(i)} vs {exact})");
        }
    }

    [Fact]
    public void EmpiricalScore_RejectsAnotherWidth_AndTimeZeroOfAVpSde()
    {
        var score = new VpSde().EmpiricalScore(zeros(4, 3));
        Assert.Contains("training points have 3", Assert.Throws<ArgumentException>(() => score(zeros(2, 2), tensor(0.5f))).Message);
        Assert.Contains("σ(t) > 0", Assert.Throws<ArgumentException>(() => score(zeros(2, 3), tensor(0f))).Message);
        var broken = zeros(4, 3);
        broken[1, 2] = tensor(float.NaN);
        Assert.Contains("non-finite", Assert.Throws<ArgumentException>(() => new VpSde().EmpiricalScore(broken)).Message);
    }

    [Fact]
    public void ExactScore_WithAScalarTime_EqualsTheSameTimeRepeated()
    {
        var sde = new VpSde();
        var score = sde.ExactScore(new TensorGaussianMixture(DiffusionCases.Correlated()));
        using var x = randn([16, 2], generator: new Generator(12));
        var scalar = score(x, tensor(0.3f)).ToMatrix();
        var repeated = score(x, full(16, 0.3f)).ToMatrix();
        Assert.Equal(0, (scalar - repeated).InfinityNorm());
    }

    [Theory]
    [MemberData(nameof(DiffusionCases.SdeNames), MemberType = typeof(DiffusionCases))]
    public void Perturb_IsAlphaTimesX0PlusSigmaTimesNoise(string name)
    {
        var sde = DiffusionCases.Named(name);
        using var x0 = randn([6, 3], generator: new Generator(13));
        using var noise = randn([6, 3], generator: new Generator(14));
        float[] times = [0f, 1e-3f, 0.1f, 0.5f, 0.9f, 1f];
        var xt = sde.Perturb(x0, tensor(times), noise).ToMatrix();
        var a = x0.ToMatrix();
        var z = noise.ToMatrix();
        for (int i = 0; i < times.Length; i++)
        {
            var expected = sde.MeanScale(times[i]) * a.Row(i) + sde.Std(times[i]) * z.Row(i);
            Assert.True((xt.Row(i) - expected).InfinityNorm() < 1e-5 * Math.Max(1, expected.InfinityNorm()), $"row {i}: {xt.Row(i)} vs {expected}");
        }
    }

    [Theory]
    [MemberData(nameof(DiffusionCases.SdeNames), MemberType = typeof(DiffusionCases))]
    public void SamplePrior_HasThePriorsMomentsAndItsLogDensityIsTheCpuOne(string name)
    {
        var sde = DiffusionCases.Named(name);
        const int n = 20_000;
        using var x = sde.SamplePrior(new Generator(15), n, 2);
        Assert.Equal([n, 2], x.shape);
        var m = x.ToMatrix();
        double s2 = sde.PriorStd * sde.PriorStd;
        for (int j = 0; j < 2; j++)
        {
            var column = m.Column(j);
            double mean = column.Average(), variance = column.Variance();
            Assert.True(Math.Abs(mean) < 5 * Math.Sqrt(s2 / n), $"coordinate {j}: mean {mean:G4}");
            Assert.True(Math.Abs(variance / s2 - 1) < 5 * Math.Sqrt(2.0 / n), $"coordinate {j}: variance {variance:G6} vs {s2:G6}");
        }
        var few = m.SubMatrix(0, 50, 0, 2);
        using var fewTensor = few.ToTensor();
        var logDensity = sde.PriorLogDensity(fewTensor).ToVector();
        var reference = sde.PriorLogDensity(few);
        Assert.True((logDensity - reference).AbsoluteMaximum() < 1e-5 * reference.AbsoluteMaximum());
    }

    [Fact]
    public void BadInput_ThrowsNamingTheParameter()
    {
        var sde = new VpSde();
        var score = sde.ExactScore(new TensorGaussianMixture(DiffusionCases.Correlated()));
        using var x = zeros(4, 2);
        Assert.Equal("t", Assert.Throws<ArgumentException>(() => score(x, zeros(3))).ParamName);
        Assert.Equal("t", Assert.Throws<ArgumentOutOfRangeException>(() => sde.Std(tensor(new[] { 0.5f, 1.5f }))).ParamName);
        Assert.Equal("t", Assert.Throws<ArgumentException>(() => sde.MeanScale(tensor(float.NaN))).ParamName);
        Assert.Equal("noise", Assert.Throws<ArgumentException>(() => sde.Perturb(x, tensor(0.5f), zeros(4, 3))).ParamName);
        Assert.Equal("x0", Assert.Throws<ArgumentException>(() => sde.Perturb(zeros(4), tensor(0.5f), zeros(4))).ParamName);
        Assert.Equal("n", Assert.Throws<ArgumentOutOfRangeException>(() => sde.SamplePrior(new Generator(1), 0, 2)).ParamName);
    }
}
