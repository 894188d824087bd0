using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;
using ScoreNotebooks.Metrics;

namespace ScoreNotebooks.Tests.Metrics;

public class BitsPerDimensionTests
{
    [Theory]
    [InlineData(17, 1, 2.0 / 17)]
    [InlineData(17, 64, 2.0 / 17)]
    [InlineData(256, 3, 1.0)]
    public void AUniformDensityOverTheLevels_ScoresLog2OfTheLevelCount(int levels, int dimension, double binWidth)
    {
        // Uniform over L bins of width b in each of d coordinates: log p = −d log(L b).
        double logDensity = -dimension * Math.Log(levels * binWidth);

        Assert.Equal(Math.Log2(levels), BitsPerDimension.FromLogDensity(logDensity, dimension, binWidth), 12);
    }

    [Fact]
    public void DequantisedBits_BoundTheDiscreteCodeLengthFromAbove_AndMeetItForANarrowDensityOverFineBins()
    {
        // One coordinate, x in units where a bin is b wide; p = N(0.3, 1). The discrete code length of level k is
        // −log₂ ∫_bin p, from the normal CDF; the dequantised figure averages −log₂ p over the bin (Simpson, 200 panels).
        var p = new Normal(0.3, 1);
        foreach (double b in new[] { 1.0, 0.25, 0.02 })
        {
            for (int k = -3; k <= 3; k++)
            {
                double lo = k * b, hi = lo + b;
                double discrete = -Math.Log2(p.CumulativeDistribution(hi) - p.CumulativeDistribution(lo));
                double dequantised = Simpson(u => BitsPerDimension.FromLogDensity(p.DensityLn(lo + u * b), 1, b), 200);
                Assert.True(dequantised >= discrete - 1e-12, $"b = {b}, k = {k}: {dequantised} < {discrete}");
                // The gap is Jensen's, log E[p] − E[log p] ≈ Var(log p)/2 over the bin: (c − 0.3)² b²/24 nats to leading
                // order in b, c the bin's centre (log p is linear with slope −(c − 0.3) across it).
                double centre = lo + b / 2, leading = (centre - 0.3) * (centre - 0.3) * b * b / (24 * Math.Log(2));
                if (b <= 0.25)
                    Assert.Equal(leading, dequantised - discrete, 0.2 * leading + Math.Pow(b, 4));
            }
        }
    }

    [Fact]
    public void Mean_IsTheAverageWithTheStandardErrorOverThePoints()
    {
        var logDensities = Vector<double>.Build.DenseOfArray([-10.0, -12.0, -11.0, -15.0]);
        double[] bits = logDensities.Select(v => -(v + 2 * Math.Log(0.5)) / (2 * Math.Log(2))).ToArray();
        double mean = bits.Average();
        double se = Math.Sqrt(bits.Sum(x => (x - mean) * (x - mean)) / 3 / 4);

        var estimate = BitsPerDimension.Mean(logDensities, 2, 0.5);

        Assert.Equal(mean, estimate.Value, 12);
        Assert.Equal(se, estimate.StandardError, 12);
        Assert.Equal(4, estimate.SampleCount);
    }

    [Fact]
    public void BadInput_IsRejected_NamingTheArgument()
    {
        Assert.Equal("dimension", Assert.Throws<ArgumentOutOfRangeException>(() => BitsPerDimension.FromLogDensity(-1, 0, 1)).ParamName);
        Assert.Equal("binWidth", Assert.Throws<ArgumentOutOfRangeException>(() => BitsPerDimension.FromLogDensity(-1, 1, 0)).ParamName);
        Assert.Equal("logDensity", Assert.Throws<ArgumentException>(() => BitsPerDimension.FromLogDensity(double.NaN, 1, 1)).ParamName);
        Assert.Contains("at least 2", Assert.Throws<ArgumentException>(() => BitsPerDimension.Mean(Vector<double>.Build.Dense(1), 1, 1)).Message);
        Assert.Equal("logDensities", Assert.Throws<ArgumentException>(
            () => BitsPerDimension.Mean(Vector<double>.Build.DenseOfArray([1.0, double.NegativeInfinity]), 1, 1)).ParamName);
    }

    private static double Simpson(Func<double, double> f, int panels)
    {
        double h = 1.0 / panels, sum = f(0) + f(1);
        for (int i = 1; i < panels; i++) sum += f(i * h) * (i % 2 == 1 ? 4 : 2);
        return sum * h / 3;
    }
}
