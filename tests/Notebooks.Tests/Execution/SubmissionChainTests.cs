using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Scripting;
using ScoreNotebooks.Notebooks.Execution;

namespace ScoreNotebooks.Notebooks.Tests.Execution;

/// <summary>
/// Each cell is a submission that continues the chain of the cells that ran, and a submission sees the
/// references of those before it, so a reference is given to the chain once; a reference that only a
/// failed cell carried is given to the next cell.
/// </summary>
public class SubmissionChainTests
{
    private static async Task Succeeds(ScriptSession session, string source, int cellNumber)
    {
        var result = await session.ExecuteAsync(source, cellNumber);
        Assert.True(result.Status == CellStatus.Succeeded, $"cell {cellNumber}: {result.Error?.ErrorValue}");
    }

    private static List<Script> Chain(ScriptSession session)
    {
        var chain = new List<Script>();
        for (var script = session.LastSubmission; script is not null; script = script.Previous)
            chain.Add(script);
        chain.Reverse();
        return chain;
    }

    [Fact]
    public async Task EveryReference_IsGivenToTheChainOnce_SoLaterCellsCarryNone()
    {
        // Roslyn adds a submission's own references to all those of the submissions before it without
        // removing duplicates: a chain in which every cell repeated them held N copies in cell N.
        var session = new ScriptSession(Path.GetTempPath());
        await Succeeds(session, "var a = 1;", 1);
        await Succeeds(session, "#r \"nuget: MathNet.Numerics, 5.0.0\"\nvar b = a + 1;", 2);
        await Succeeds(session, "var c = b + MathNet.Numerics.SpecialFunctions.Factorial(3);", 3);
        await Succeeds(session, "Console.WriteLine(c);", 4);

        var chain = Chain(session);
        Assert.Equal(4, chain.Count);
        var given = chain.SelectMany(script => script.Options.MetadataReferences).ToList();
        Assert.Equal(given.Count, given.Distinct(ReferenceEqualityComparer.Instance).Count());
        Assert.NotEmpty(chain[0].Options.MetadataReferences);
        Assert.Equal(["MathNet.Numerics.dll"],
            chain[1].Options.MetadataReferences.OfType<PortableExecutableReference>().Select(r => Path.GetFileName(r.FilePath)));
        Assert.Empty(chain[2].Options.MetadataReferences);
        Assert.Empty(chain[3].Options.MetadataReferences);
    }

    [Fact]
    public async Task FileReference_OfACellThatFailed_IsGivenToTheNextCell()
    {
        using var folder = new TempFolder();
        TinyAssembly.Emit(Path.Combine(folder.Path, "Tiny.dll"));
        var session = new ScriptSession(folder.Path);
        await Succeeds(session, "var a = 1;", 1);
        var failed = await session.ExecuteAsync("#r \"Tiny.dll\"\nvar b = undefinedName;", 2);
        Assert.Equal("CompilationError", failed.Error?.ErrorName);

        var result = await session.ExecuteAsync("a + Tiny.Answer.Value", 3);

        Assert.True(result.Status == CellStatus.Succeeded, result.Error?.ErrorValue);
        Assert.Equal("43", result.Outputs.Single().Data["text/plain"]);
    }

    [Fact]
    public async Task FirstCell_ThatFailed_LeavesTheNextCellAllTheReferences()
    {
        var session = new ScriptSession(Path.GetTempPath());
        var failed = await session.ExecuteAsync("throw new InvalidOperationException(\"first\");", 1);
        Assert.Equal(nameof(InvalidOperationException), failed.Error?.ErrorName);

        var result = await session.ExecuteAsync("typeof(System.Text.Json.JsonSerializer).Name", 2);

        Assert.True(result.Status == CellStatus.Succeeded, result.Error?.ErrorValue);
        Assert.Equal("JsonSerializer", result.Outputs.Single().Data["text/plain"]);
    }
}
