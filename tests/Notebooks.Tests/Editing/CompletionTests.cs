using System.Reflection;
using ScoreNotebooks.Notebooks.Editing;
using ScoreNotebooks.Notebooks.Execution;

namespace ScoreNotebooks.Notebooks.Tests.Editing;

/// <summary>Completions know what the cells that ran declared; the expected members come from reflection.</summary>
public class CompletionTests
{
    private static async Task<ScriptSession> SessionWith(string cell)
    {
        var session = new ScriptSession(Path.GetTempPath());
        var result = await session.ExecuteAsync(cell, 1);
        Assert.Equal(CellStatus.Succeeded, result.Status);
        return session;
    }

    private static string[] Texts(CompletionList list) => list.Items.Select(i => i.Text).ToArray();

    private static string[] Named(IEnumerable<MemberInfo> members, string prefix) =>
        members.Select(m => m.Name).Where(n => n.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && !n.Contains('_'))
            .Distinct().Order(StringComparer.OrdinalIgnoreCase).ToArray();

    [Fact]
    public async Task AfterADot_OnAVariableOfAnEarlierCell_GivesItsInstanceMembers()
    {
        var session = await SessionWith("var rng = new Random(1);");
        var list = session.Complete("rng.Ne", 6);
        Assert.Equal(Named(typeof(Random).GetMembers(BindingFlags.Public | BindingFlags.Instance), "Ne"), Texts(list));
        Assert.Equal((4, 6), (list.Start, list.End));
        Assert.All(list.Items, item => Assert.Equal("method", item.Kind));
    }

    [Fact]
    public async Task AfterADot_OnAType_GivesItsStaticMembers()
    {
        var session = await SessionWith("var unused = 0;");
        var list = session.Complete("Math.Co", 7);
        Assert.Equal(Named(typeof(Math).GetMembers(BindingFlags.Public | BindingFlags.Static), "Co"), Texts(list));
    }

    [Fact]
    public async Task AfterADot_OnANamespace_GivesItsNamespacesAndTypes()
    {
        var session = await SessionWith("var unused = 0;");
        Assert.Contains(session.Complete("System.Collections.Gen", 22).Items, i => i is { Text: "Generic", Kind: "namespace" });
        Assert.Contains(session.Complete("System.Collections.Generic.Li", 29).Items, i => i is { Text: "List", Kind: "class" });
    }

    [Fact]
    public async Task Members_OfATypeAnEarlierCellDeclared_AndExtensionMethods_AreOffered()
    {
        var session = await SessionWith("class Box { public int Value => 3; public void Vanish() { } }\nvar boxes = new List<Box>();");
        Assert.Equal(["Value", "Vanish"], Texts(session.Complete("new Box().V", 11)));
        Assert.Equal([("Value", "property"), ("Vanish", "method")], session.Complete("new Box().V", 11).Items.Select(i => (i.Text, i.Kind)));
        Assert.Contains("Where", Texts(session.Complete("boxes.Wh", 8)));
        Assert.Contains("Where", Texts(session.Complete("boxes?.Wh", 9)));
    }

    [Fact]
    public async Task WithoutADot_GivesVariablesInScope_TheDisplayFunction_AndKeywords()
    {
        var session = await SessionWith("double sigmaSquared = 4;\nint sigmaCount = 2;");
        var sigma = session.Complete("var s = sigma", 13);
        Assert.Equal([("sigmaCount", "variable"), ("sigmaSquared", "variable")], sigma.Items.Select(i => (i.Text, i.Kind)));
        Assert.Contains(session.Complete("dis", 3).Items, i => i is { Text: "display", Kind: "method" });
        Assert.Contains(session.Complete("fore", 4).Items, i => i is { Text: "foreach", Kind: "keyword" });
    }

    [Theory]
    [InlineData("// rng.Ne")]
    [InlineData("var s = \"rng.Ne")]
    [InlineData("var s = \"rng.Ne\" + /* rng.Ne")]
    public async Task InsideACommentOrAString_NothingIsOffered(string code)
    {
        var session = await SessionWith("var rng = new Random(1);");
        Assert.Empty(session.Complete(code, code.Length).Items);
    }

    [Fact]
    public async Task DirectiveLines_AreIgnored_AndPositionsStayThoseOfTheCell()
    {
        var session = await SessionWith("var unused = 0;");
        string code = "#r \"nuget: MathNet.Numerics, 5.0.0\"\n#!csharp\nMath.Sq";
        var list = session.Complete(code, code.Length);
        Assert.Equal(["Sqrt"], Texts(list));
        Assert.Equal(code.Length - 2, list.Start);
    }

    [Fact]
    public async Task FirstCell_CompletesBeforeAnyCellRan()
    {
        var session = new ScriptSession(Path.GetTempPath());
        Assert.Equal(["Sqrt"], Texts(session.Complete("Math.Sq", 7)));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(8)]
    public void Position_OutsideTheCode_IsRefused(int position)
    {
        var session = new ScriptSession(Path.GetTempPath());
        Assert.Throws<ArgumentOutOfRangeException>(() => session.Complete("Math.Sq", position));
    }
}
