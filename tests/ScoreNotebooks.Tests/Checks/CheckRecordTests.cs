using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using ScoreNotebooks.Checks;
using ScoreNotebooks.Divergences;

namespace ScoreNotebooks.Tests.Checks;

/// <summary>Each check hands a structured record to a published display sink, and nothing without one.</summary>
// Console and the AppContext sink are process-wide: keep these tests from interleaving with the other check tests.
[Collection("Console")]
public class CheckRecordTests
{
    /// <summary>Runs <paramref name="action"/> with a sink published, returning the records whose "what" starts with the prefix.</summary>
    private static List<(string Mime, JsonObject Record)> Records(string prefix, Action action)
    {
        var seen = new ConcurrentQueue<(string, string)>();
        var previousOut = Console.Out;
        Console.SetOut(new StringWriter());
        AppContext.SetData(CheckRecord.DisplaySinkName, (Action<string, string>)((mime, json) => seen.Enqueue((mime, json))));
        try { action(); }
        finally
        {
            AppContext.SetData(CheckRecord.DisplaySinkName, null);
            Console.SetOut(previousOut);
        }
        // Other test classes may call Check meanwhile; keep only this test's records.
        return seen.Select(s => (s.Item1, JsonNode.Parse(s.Item2)!.AsObject()))
            .Where(r => ((string?)r.Item2["what"])!.StartsWith(prefix, StringComparison.Ordinal)).ToList();
    }

    [Fact]
    public void Close_Passing_PublishesAnAbsoluteRecord()
    {
        var (mime, record) = Assert.Single(Records("rec-close", () => Check.Close("rec-close KL", 0.5001, 0.5, 1e-3)));
        Assert.Equal("application/vnd.scorenotebooks.check+json", mime);
        Assert.True((bool)record["passed"]!);
        Assert.Equal((0.5001, 0.5, 1e-3), ((double)record["measured"]!, (double)record["expected"]!, (double)record["tolerance"]!));
        Assert.Equal("absolute", (string?)record["kind"]);
        Assert.StartsWith("|difference| ", (string?)record["detail"]);
    }

    [Fact]
    public void Relative_Failing_PublishesTheRecordBeforeThrowing()
    {
        var records = Records("rec-rel", () => Assert.Throws<CheckFailedException>(() => Check.Relative("rec-rel σ", 1.1, 1.0, 0.01)));
        var (_, record) = Assert.Single(records);
        Assert.False((bool)record["passed"]!);
        Assert.Equal("relative", (string?)record["kind"]);
        Assert.Equal("rec-rel σ", (string?)record["what"]);
        Assert.Equal(0.01, (double)record["tolerance"]!);
    }

    [Fact]
    public void WithinStandardErrors_PublishesTheEstimateAndK()
    {
        var estimate = new MonteCarloEstimate(1.0, 0.1, 100);
        var (_, record) = Assert.Single(Records("rec-mc", () => Check.WithinStandardErrors("rec-mc", estimate, 1.25, 3)));
        Assert.Equal(("standard-errors", 1.0, 1.25, 3.0),
            ((string?)record["kind"], (double)record["measured"]!, (double)record["expected"]!, (double)record["tolerance"]!));
        Assert.Contains("2.5 standard errors", (string?)record["detail"]);
    }

    [Fact]
    public void That_PublishesAStatementWithoutNumbers()
    {
        var (_, record) = Assert.Single(Records("rec-that", () => Check.That("rec-that monotone", true, "20 iterations")));
        Assert.Equal("statement", (string?)record["kind"]);
        Assert.Equal("20 iterations", (string?)record["detail"]);
        Assert.Null(record["measured"]);
        Assert.Null(record["tolerance"]);
    }

    [Fact]
    public void WithoutASink_ChecksOnlyPrint()
    {
        AppContext.SetData(CheckRecord.DisplaySinkName, null);
        var previousOut = Console.Out;
        var writer = new StringWriter();
        Console.SetOut(writer);
        try { Check.Close("rec-none", 1, 1, 0); }
        finally { Console.SetOut(previousOut); }
        Assert.StartsWith("PASS  rec-none", writer.ToString());
    }
}
