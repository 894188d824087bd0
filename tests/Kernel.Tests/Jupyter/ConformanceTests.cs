using System.Text.RegularExpressions;

namespace ScoreNotebooks.Kernel.Tests.Jupyter;

/// <summary>One run of the official conformance suite (jupyter_kernel_test) against the kernel; see Clients/kernel_conformance.py.</summary>
public sealed partial class ConformanceRun : IDisposable
{
    private readonly InstalledKernel kernel = new();
    private readonly Lazy<(int Code, string Report, Dictionary<string, string> Outcomes)> run;

    public ConformanceRun()
    {
        run = new(() =>
        {
            var (code, output, errors) = kernel.RunPythonAsync(["-m", "unittest", "-v", "kernel_conformance"], InstalledKernel.Clients,
                TimeSpan.FromMinutes(5)).GetAwaiter().GetResult();
            string report = errors + output;
            // A test with subtests reports each of them; it passed when none failed, and is skipped when all were.
            var outcomes = Outcome().Matches(report).GroupBy(m => m.Groups[1].Value, m => m.Groups[2].Value)
                .ToDictionary(g => g.Key, g => g.FirstOrDefault(o => o is "FAIL" or "ERROR")
                                               ?? (g.All(o => o.StartsWith("skipped", StringComparison.Ordinal)) ? "skipped" : "ok"));
            return (code, report, outcomes);
        });
    }

    public int Code => run.Value.Code;

    public string Report => run.Value.Report;

    /// <summary>Test name → "ok", "skipped …", "FAIL" or "ERROR".</summary>
    public IReadOnlyDictionary<string, string> Outcomes => run.Value.Outcomes;

    public void Dispose() => kernel.Dispose();

    [GeneratedRegex(@"^\s*(test_\w+) \(kernel_conformance\.ScoreNotebooksKernelTests[.\w]*\)(?: \(.*\))? \.\.\. (ok|FAIL|ERROR|skipped.*)$",
        RegexOptions.Multiline)]
    private static partial Regex Outcome();
}

public class ConformanceTests(ConformanceRun suite) : IClassFixture<ConformanceRun>
{
    [SkippableTheory]
    [InlineData("test_kernel_info")]
    [InlineData("test_execute_stdout")]
    [InlineData("test_execute_stderr")]
    [InlineData("test_error")]
    [InlineData("test_execute_result")]
    [InlineData("test_display_data")]
    [InlineData("test_completion")]
    [InlineData("test_is_complete")]
    [InlineData("test_inspect")]
    public void ConformanceTest_Passes(string test)
    {
        Skip.IfNot(Jupyter.Available, Jupyter.Missing);
        Assert.True(suite.Outcomes.TryGetValue(test, out string? outcome), $"{test} did not run:\n{suite.Report}");
        Assert.True(outcome == "ok", $"{test}: {outcome}\n{suite.Report}");
    }

    [SkippableTheory]
    [InlineData("test_pager")]
    [InlineData("test_clear_output")]
    [InlineData("test_history")]
    public void FeaturesTheKernelDoesNotHave_AreSkippedBySuite(string test)
    {
        Skip.IfNot(Jupyter.Available, Jupyter.Missing);
        Assert.StartsWith("skipped", suite.Outcomes.GetValueOrDefault(test));
    }

    [SkippableFact]
    public void WholeSuite_Passes()
    {
        Skip.IfNot(Jupyter.Available, Jupyter.Missing);
        Assert.True(suite.Code == 0, suite.Report);
        Assert.Equal(12, suite.Outcomes.Count);
    }
}
