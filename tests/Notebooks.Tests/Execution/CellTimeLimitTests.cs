using ScoreNotebooks.Notebooks.Execution;
using ScoreNotebooks.Notebooks.Running;

namespace ScoreNotebooks.Notebooks.Tests.Execution;

/// <summary>
/// A time limit the engine's timer cannot enforce (Task.Delay takes 1 ms to 2³² − 2 ms) is refused
/// where it is given, with the range, instead of failing later inside a running cell.
/// </summary>
public class CellTimeLimitTests
{
    public static TheoryData<TimeSpan> Unenforceable => new()
    {
        TimeSpan.Zero,
        TimeSpan.FromTicks(9_999),     // just under 1 ms
        TimeSpan.FromSeconds(-1),
        TimeSpan.FromSeconds(1_000_000) + TimeSpan.FromTicks(1),
        TimeSpan.FromSeconds(1e10),    // beyond what Task.Delay accepts
        TimeSpan.MaxValue,
    };

    [Theory]
    [MemberData(nameof(Unenforceable))]
    public void ExecutionOptions_RefuseALimitTheEngineCannotEnforce_NamingTheRange(TimeSpan limit)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new NotebookExecutionOptions { CellTimeout = limit });
        Assert.Equal("CellTimeout", error.ParamName);
        Assert.Contains("a cell's time limit must be from 0.001 s to 1000000 s, or Timeout.InfiniteTimeSpan for none", error.Message);
    }

    [Theory]
    [MemberData(nameof(Unenforceable))]
    public async Task ScriptSession_RefusesALimitItCannotEnforce_BeforeRunningTheCell(TimeSpan limit)
    {
        using var folder = new TempFolder();
        var session = new ScriptSession(folder.Path);
        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => session.ExecuteAsync("1", 1, timeout: limit));
        Assert.Equal("timeout", error.ParamName);
        Assert.Contains("from 0.001 s to 1000000 s", error.Message);
        Assert.Equal(0, session.ExecutionCount);
    }

    [Fact]
    public void TheBoundsAndNoLimit_AreAccepted()
    {
        foreach (var limit in new[] { CellTimeLimit.Min, CellTimeLimit.Max, TimeSpan.FromSeconds(0.001), Timeout.InfiniteTimeSpan })
            Assert.Equal(limit, new NotebookExecutionOptions { CellTimeout = limit }.CellTimeout);
    }
}
