using ScoreNotebooks.Divergences;

namespace ScoreNotebooks.Tests.Divergences;

public class MonteCarloEstimateTests
{
    [Fact]
    public void FromTerms_GivesMeanAndStandardErrorOfTheMean()
    {
        // Terms 1..4: mean 2.5, sample variance 5/3, standard error √(5/3/4).
        var estimate = MonteCarloEstimate.FromTerms([1.0, 2.0, 3.0, 4.0]);
        Assert.Equal(2.5, estimate.Value, 15);
        Assert.Equal(Math.Sqrt(5.0 / 12.0), estimate.StandardError, 15);
        Assert.Equal(4, estimate.SampleCount);
    }

    [Fact]
    public void ConfidenceInterval_IsValuePlusMinusZStandardErrors()
    {
        var estimate = new MonteCarloEstimate(1.0, 0.25, 100);
        var (lower, upper) = estimate.ConfidenceInterval(2.0);
        Assert.Equal(0.5, lower, 15);
        Assert.Equal(1.5, upper, 15);
        Assert.Equal(3.0, estimate.StandardErrorsFrom(0.25), 12);
    }

    [Fact]
    public void BadInput_Throws()
    {
        Assert.Equal("terms", Assert.Throws<ArgumentException>(() => MonteCarloEstimate.FromTerms([1.0])).ParamName);
        Assert.Equal("terms", Assert.Throws<ArgumentException>(() => MonteCarloEstimate.FromTerms([1.0, double.NaN])).ParamName);
        Assert.Equal("standardError", Assert.Throws<ArgumentOutOfRangeException>(() => new MonteCarloEstimate(1, -1, 3)).ParamName);
        Assert.Equal("z", Assert.Throws<ArgumentOutOfRangeException>(() => new MonteCarloEstimate(1, 1, 3).ConfidenceInterval(0)).ParamName);
    }
}
