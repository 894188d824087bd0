using ScoreNotebooks.NotebookRunner;

namespace ScoreNotebooks.Notebooks.Tests.Runner;

public class RunnerOptionsTests
{
    // Reproduced: 1e10, 1e300 and 1e-300 passed and then crashed the runner (exit 134).
    [Theory]
    [InlineData("1e10")]
    [InlineData("1e300")]
    [InlineData("1e-300")]
    [InlineData("0.0009")]
    [InlineData("1000000.5")]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    public void Timeout_TheEngineCannotEnforce_IsRefusedWithTheRange(string seconds)
    {
        var (options, problem) = RunnerOptions.Parse(["--timeout", seconds]);
        Assert.Null(options);
        Assert.Equal($"--timeout needs a number of seconds from 0.001 s to 1000000 s, got '{seconds}'", problem);
    }

    [Theory]
    [InlineData("0.001", 0.001)]
    [InlineData("1000000", 1_000_000)]
    [InlineData("1e3", 1000)]
    public void Timeout_WithinTheRange_IsAccepted(string text, double seconds)
    {
        var (options, problem) = RunnerOptions.Parse(["--timeout", text]);
        Assert.True(options is not null, problem);
        Assert.Equal(seconds, options.TimeoutSeconds);
    }

    [Fact]
    public void Usage_StatesTheTimeoutRange() =>
        Assert.Contains("--timeout SECONDS  time limit per cell, from 0.001 to 1000000 (default 600)", RunnerOptions.Usage);
}
