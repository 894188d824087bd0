using MathNet.Numerics.LinearAlgebra;
using ScoreNotebooks.Datasets;
using ScoreNotebooks.Diffusion;
using ScoreNotebooks.Distributions;

namespace ScoreNotebooks.Tests.Diffusion;

public class ReverseSamplerTests
{
    private const double M0 = DiscreteEulerMaruyama.M0, V0 = DiscreteEulerMaruyama.V0;

    private static (double Mean, double Variance) DiscreteLaw(Sde sde, int steps) => DiscreteEulerMaruyama.Law(sde, steps);

    private static (double Mean, double Variance) TargetLaw(Sde sde)
    {
        double alpha = sde.MeanScale(sde.Eps);
        return (alpha * M0, alpha * alpha * V0 + Math.Pow(sde.Std(sde.Eps), 2));
    }

    private static (double Mean, double Variance) Moments(Matrix<double> x)
    {
        var column = x.Column(0);
        double mean = column.Average();
        return (mean, (column - mean).PointwisePower(2).Sum() / (column.Count - 1));
    }

    [Theory]
    [MemberData(nameof(Sdes.Names), MemberType = typeof(Sdes))]
    public void EulerMaruyama_OnAGaussian_MatchesTheExactLawOfTheDiscreteScheme(string name)
    {
        var sde = Sdes.Named(name);
        var score = sde.ExactScore(Sdes.OneDimensionalGaussian());
        const int n = 10_000;
        foreach (int steps in new[] { 8, 32 })
        {
            var x = ReverseSampler.EulerMaruyama(new Random(51 + steps), sde, score, sde.SamplePrior(new Random(50), n, 1), steps);
            var (mean, variance) = Moments(x);
            var (predictedMean, predictedVariance) = DiscreteLaw(sde, steps);
            double meanZ = Math.Abs(mean - predictedMean) / Math.Sqrt(predictedVariance / n);
            double varianceZ = Math.Abs(variance - predictedVariance) / (predictedVariance * Math.Sqrt(2.0 / (n - 1)));
            Assert.True(meanZ < 5, $"{name} N = {steps}: mean {mean:G6} vs the scheme's {predictedMean:G6}, {meanZ:F2} standard errors");
            Assert.True(varianceZ < 5, $"{name} N = {steps}: variance {variance:G6} vs the scheme's {predictedVariance:G6}, {varianceZ:F2} standard errors");
        }
        // At N = 8 the scheme is visibly off the target, so the agreement above is not agreement with the target.
        var (_, coarse) = DiscreteLaw(sde, 8);
        var (_, target) = TargetLaw(sde);
        Assert.True(Math.Abs(coarse - target) > 10 * target * Math.Sqrt(2.0 / n), $"{name}: N = 8 variance {coarse:G6} vs target {target:G6}");
    }

    [Theory]
    [MemberData(nameof(Sdes.Names), MemberType = typeof(Sdes))]
    public void EulerMaruyama_WeakErrorFallsLikeOneOverTheNumberOfSteps(string name)
    {
        // Weak order 1: N × (error of the variance) tends to a constant. Between N = 256 and 1024 it changes by < 10 % for
        // VP and sub-VP; VE's error is smaller and changes sign, so there only the decrease is asserted.
        var sde = Sdes.Named(name);
        var (_, target) = TargetLaw(sde);
        var errors = new[] { 16, 64, 256, 1024 }.Select(n => Math.Abs(DiscreteLaw(sde, n).Variance - target)).ToArray();
        for (int i = 1; i < errors.Length; i++)
            Assert.True(errors[i] < errors[i - 1] / 2, $"{name}: variance errors {string.Join(", ", errors.Select(e => e.ToString("E3")))}");
        if (name != "VE")
        {
            double scaled256 = 256 * errors[2], scaled1024 = 1024 * errors[3];
            Assert.True(Math.Abs(scaled1024 / scaled256 - 1) < 0.1, $"{name}: N·error {scaled256:G4} at 256, {scaled1024:G4} at 1024");
        }
        // The same decrease measured on samples: 10 000 particles, N = 8 against N = 64.
        var score = sde.ExactScore(Sdes.OneDimensionalGaussian());
        var xT = sde.SamplePrior(new Random(52), 10_000, 1);
        double coarse = Math.Abs(Moments(ReverseSampler.EulerMaruyama(new Random(53), sde, score, xT, 8)).Variance - target);
        double fine = Math.Abs(Moments(ReverseSampler.EulerMaruyama(new Random(54), sde, score, xT, 64)).Variance - target);
        double se = target * Math.Sqrt(2.0 / 10_000);
        Assert.True(coarse - fine > 5 * se, $"{name}: measured variance error {coarse:G4} at N = 8, {fine:G4} at N = 64 (standard error {se:G3})");
    }

    public static TheoryData<string, string> Targets => new()
    {
        { "VP", "eight" }, { "subVP", "eight" }, { "VE", "eight" }, { "VP", "two" }, { "VE", "two" },
    };

    private static GaussianMixture Target(string name) => name == "eight" ? ToyData.EightGaussians() : ToyData.TwoModes();

    [Theory]
    [MemberData(nameof(Targets))]
    public void EulerMaruyama_WithTheExactScore_RecoversTheTargetAndItsModeWeights(string sdeName, string targetName)
    {
        var sde = Sdes.Named(sdeName);
        var target = Target(targetName);
        var x = ReverseSampler.EulerMaruyama(new Random(55), sde, sde.ExactScore(target), sde.SamplePrior(new Random(56), 1000, 2), steps: 100);
        double mmd = SampleChecks.Mmd(target, x, 57);
        double weightError = SampleChecks.WeightError(target, x);
        Assert.True(mmd < SampleChecks.MmdThreshold, $"{sdeName} on {targetName}: MMD² {mmd:E3}, threshold {SampleChecks.MmdThreshold:E1}");
        // A weight from 1000 samples has standard error ≤ √(0.2·0.8/1000) ≈ 0.013; 0.045 is 3.5 of them.
        Assert.True(weightError < 0.045, $"{sdeName} on {targetName}: largest weight error {weightError:F4}");
    }

    [Fact]
    public void TheMmdCheck_RejectsASamplerWithTooFewSteps()
    {
        var sde = new VeSde();
        var target = ToyData.TwoModes();
        var x = ReverseSampler.EulerMaruyama(new Random(55), sde, sde.ExactScore(target), sde.SamplePrior(new Random(56), 1000, 2), steps: 10);
        double mmd = SampleChecks.Mmd(target, x, 57);
        Assert.True(mmd > 10 * SampleChecks.MmdThreshold, $"MMD² {mmd:E3} with 10 steps");
    }

    [Theory]
    [InlineData("VE", "two")]
    [InlineData("VP", "eight")]
    public void PredictorCorrector_WithTheExactScore_RecoversTheTargetAndItsModeWeights(string sdeName, string targetName)
    {
        var sde = Sdes.Named(sdeName);
        var target = Target(targetName);
        var x = ReverseSampler.PredictorCorrector(new Random(58), sde, sde.ExactScore(target), sde.SamplePrior(new Random(59), 1000, 2), steps: 100);
        double mmd = SampleChecks.Mmd(target, x, 60);
        double weightError = SampleChecks.WeightError(target, x);
        Assert.True(mmd < SampleChecks.MmdThreshold, $"{sdeName} on {targetName}: MMD² {mmd:E3}");
        Assert.True(weightError < 0.045, $"{sdeName} on {targetName}: largest weight error {weightError:F4}");
    }

    [Fact]
    public void PredictorCorrector_CorrectorStepsReduceTheErrorOfACoarsePredictor()
    {
        // VP, 8 predictor steps: the Euler–Maruyama variance is 0.38 against the target's 0.25; five Langevin
        // steps per predictor step, aimed at the exact pₜ, pull it measurably back.
        var sde = new VpSde();
        var score = sde.ExactScore(Sdes.OneDimensionalGaussian());
        var xT = sde.SamplePrior(new Random(61), 10_000, 1);
        var (_, target) = TargetLaw(sde);
        double plain = Math.Abs(Moments(ReverseSampler.PredictorCorrector(new Random(62), sde, score, xT, 8, correctorSteps: 0)).Variance - target);
        double corrected = Math.Abs(Moments(ReverseSampler.PredictorCorrector(new Random(62), sde, score, xT, 8, correctorSteps: 5)).Variance - target);
        double se = 0.38 * Math.Sqrt(2.0 / 10_000);
        Assert.True(plain - corrected > 5 * se, $"variance error {plain:G4} without corrector, {corrected:G4} with 5 corrector steps (standard error {se:G3})");
    }

    [Fact]
    public void PredictorCorrector_WithoutCorrectorSteps_IsEulerMaruyama()
    {
        var sde = new SubVpSde();
        var score = sde.ExactScore(ToyData.EightGaussians());
        var xT = sde.SamplePrior(new Random(63), 50, 2);
        Assert.Equal(ReverseSampler.EulerMaruyama(new Random(64), sde, score, xT, 30),
            ReverseSampler.PredictorCorrector(new Random(64), sde, score, xT, 30, correctorSteps: 0));
    }

    [Fact]
    public void Steps_RecordTheStartEveryKthStepAndTheEndAtTheRightTimes()
    {
        var sde = new VpSde();
        var score = sde.ExactScore(ToyData.TwoModes());
        var xT = sde.SamplePrior(new Random(65), 20, 2);
        var copy = xT.Clone();
        var path = ReverseSampler.EulerMaruyamaSteps(new Random(66), sde, score, xT, steps: 10, recordEvery: 4).ToList();
        double h = (sde.T - sde.Eps) / 10;
        Assert.Equal([0, 4, 8, 10], path.Select(s => s.Step));
        Assert.Equal([sde.T, sde.T - 4 * h, sde.T - 8 * h, sde.Eps], path.Select(s => s.Time));
        Assert.Equal(xT, path[0].Particles);
        Assert.Equal(ReverseSampler.EulerMaruyama(new Random(66), sde, score, xT, 10), path[^1].Particles);
        Assert.Equal(copy, xT);
        var pc = ReverseSampler.PredictorCorrectorSteps(new Random(67), sde, score, xT, steps: 6, recordEvery: 3).ToList();
        Assert.Equal([0, 3, 6], pc.Select(s => s.Step));
    }

    [Fact]
    public void BadInput_ThrowsArgumentExceptionNamingTheParameter()
    {
        var sde = new VpSde();
        var rng = new Random(68);
        var xT = Matrix<double>.Build.Dense(4, 2);
        Func<Matrix<double>, double, Matrix<double>> score = (x, _) => -x;
        Assert.Equal("score", Assert.Throws<ArgumentException>(
            () => ReverseSampler.EulerMaruyama(rng, sde, (x, _) => Matrix<double>.Build.Dense(1, 2), xT, 5)).ParamName);
        Assert.Equal("score", Assert.Throws<ArgumentException>(
            () => ReverseSampler.EulerMaruyamaSteps(rng, sde, (x, _) => x.Map(_ => double.NaN), xT, 5)).ParamName);
        Assert.Equal("xT", Assert.Throws<ArgumentException>(
            () => ReverseSampler.EulerMaruyama(rng, sde, score, Matrix<double>.Build.Dense(1, 2, double.NaN), 5)).ParamName);
        Assert.Equal("xT", Assert.Throws<ArgumentException>(
            () => ReverseSampler.EulerMaruyama(rng, sde, score, Matrix<double>.Build.Dense(0, 2), 5)).ParamName);
        Assert.Equal("steps", Assert.Throws<ArgumentOutOfRangeException>(() => ReverseSampler.EulerMaruyama(rng, sde, score, xT, 0)).ParamName);
        Assert.Equal("snr", Assert.Throws<ArgumentOutOfRangeException>(() => ReverseSampler.PredictorCorrector(rng, sde, score, xT, 5, snr: 0)).ParamName);
        Assert.Equal("correctorSteps", Assert.Throws<ArgumentOutOfRangeException>(
            () => ReverseSampler.PredictorCorrector(rng, sde, score, xT, 5, correctorSteps: -1)).ParamName);
        Assert.Equal("sde", Assert.Throws<ArgumentNullException>(() => ReverseSampler.EulerMaruyama(rng, null!, score, xT, 5)).ParamName);
        Assert.Equal("rng", Assert.Throws<ArgumentNullException>(() => ReverseSampler.EulerMaruyama(null!, sde, score, xT, 5)).ParamName);
        Assert.Equal("recordEvery", Assert.Throws<ArgumentOutOfRangeException>(
            () => ReverseSampler.EulerMaruyamaSteps(rng, sde, score, xT, 5, recordEvery: 0)).ParamName);
    }
}
