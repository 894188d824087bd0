using ScoreNotebooks.Checks;
using ScoreNotebooks.Divergences;

namespace ScoreNotebooks.Tests.Checks;

// Console is process-wide: keep these tests from interleaving with others that capture it.
[Collection("Console")]
public class CheckTests
{
    private static string Capture(Action action)
    {
        var previous = Console.Out;
        var writer = new StringWriter();
        Console.SetOut(writer);
        try { action(); }
        finally { Console.SetOut(previous); }
        return writer.ToString();
    }

    [Fact]
    public void Close_WithinTolerance_PrintsPassAndReturnsMeasured()
    {
        double returned = 0;
        string output = Capture(() => returned = Check.Close("KL", 0.5001, 0.5, 1e-3));
        Assert.StartsWith("PASS", output);
        Assert.Contains("KL", output);
        Assert.Equal(0.5001, returned);
    }

    [Theory]
    [InlineData(1.3243439e-10, 0, "1.3243439e-10 vs exact 0 ")]
    [InlineData(0.25, 0.5, "0.25 vs exact 0.5 ")]
    [InlineData(123456789.0, 2.5e9, "1.2345679e+8 vs exact 2.5e+9 ")]
    public void Close_PrintsSmallAndLargeValues_InPlainScientificNotation(double measured, double exact, string expected)
    {
        string output = Capture(() => Check.Close("x", measured, exact, 1e10));

        Assert.Contains(expected, output);
    }

    [Fact]
    public void Close_OutsideTolerance_ThrowsWithBothValues()
    {
        CheckFailedException? error = null;
        string output = Capture(() => error = Assert.Throws<CheckFailedException>(() => Check.Close("KL", 0.6, 0.5, 1e-3)));
        Assert.StartsWith("FAIL", output);
        Assert.Contains("0.6", error!.Message);
        Assert.Contains("0.5", error.Message);
        Assert.Contains("> 1e-3", output);
        Assert.DoesNotContain("≤", output);
    }

    [Fact]
    public void FailedChecks_ShowTheBoundAsExceeded()
    {
        string relative = Capture(() => Assert.Throws<CheckFailedException>(() => Check.Relative("small", 0.0015, 0.001, 1e-3)));
        Assert.Contains("> 1e-3", relative);
        string standardErrors = Capture(() => Assert.Throws<CheckFailedException>(
            () => Check.WithinStandardErrors("mean", new ScoreNotebooks.Divergences.MonteCarloEstimate(1.0, 0.1, 100), 0.0, 4)));
        Assert.Contains("10.00 standard errors > 4", standardErrors);
    }

    [Fact]
    public void Relative_ComparesAgainstExactMagnitude()
    {
        Capture(() => Check.Relative("big", 1000.5, 1000, 1e-3));
        Capture(() => Assert.Throws<CheckFailedException>(() => Check.Relative("small", 0.0015, 0.001, 1e-3)));
    }

    [Fact]
    public void Relative_ExactZero_FailsOnAnyDifferenceWithoutNaN()
    {
        Capture(() => Check.Relative("zero", 0, 0, 1e-12));
        Capture(() => Assert.Throws<CheckFailedException>(() => Check.Relative("zero", 1e-300, 0, 1e-3)));
    }

    [Fact]
    public void WithinStandardErrors_CountsStandardErrors()
    {
        var estimate = new MonteCarloEstimate(1.0, 0.1, 100);
        Capture(() => Check.WithinStandardErrors("mc", estimate, 1.25, 3));
        Capture(() => Assert.Throws<CheckFailedException>(() => Check.WithinStandardErrors("mc", estimate, 1.35, 3)));
    }

    [Fact]
    public void That_FalseStatement_Throws()
    {
        string output = Capture(() => Check.That("monotone", true, "20 iterations"));
        Assert.Contains("PASS  monotone (20 iterations)", output);
        Capture(() => Assert.Throws<CheckFailedException>(() => Check.That("monotone", false)));
    }

    [Fact]
    public void BadArguments_NameTheParameter()
    {
        Assert.Equal("what", Assert.Throws<ArgumentException>(() => Check.Close(" ", 1, 1, 0)).ParamName);
        Assert.Equal("measured", Assert.ThrowsAny<ArgumentException>(() => Check.Close("x", double.NaN, 1, 0)).ParamName);
        Assert.Equal("tolerance", Assert.ThrowsAny<ArgumentException>(() => Check.Close("x", 1, 1, -1)).ParamName);
        Assert.Equal("standardErrors", Assert.ThrowsAny<ArgumentException>(
            () => Check.WithinStandardErrors("x", new MonteCarloEstimate(1, 1, 2), 1, 0)).ParamName);
    }
}
