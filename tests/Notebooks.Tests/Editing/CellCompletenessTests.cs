using ScoreNotebooks.Notebooks.Editing;

namespace ScoreNotebooks.Notebooks.Tests.Editing;

public class CellCompletenessTests
{
    [Theory]
    [InlineData("1 + 2")]
    [InlineData("var x = 1;")]
    [InlineData("for (int i = 0; i < 3; i++) { }")]
    [InlineData("#r \"nuget: MathNet.Numerics, 5.0.0\"")]
    [InlineData("#!csharp\nConsole.WriteLine(1);")]
    [InlineData("")]
    [InlineData("   \n")]
    public void ParsingCode_IsComplete(string code)
    {
        Assert.Equal(CodeCompleteness.Complete, CellCompleteness.Check(code, out string indent));
        Assert.Equal("", indent);
    }

    [Theory]
    [InlineData("if (true) {", "    ")]
    [InlineData("class A {\n    void M() {", "        ")]
    [InlineData("Math.Max(1,", "")]
    [InlineData("var x = 1", "")]
    [InlineData("var s = \"abc", "")]
    [InlineData("/* a comment", "")]
    [InlineData("var raw = \"\"\"\nline", "")]
    [InlineData("for (;;)", "")]
    public void CodeThatStopsBeforeItsEnd_IsIncomplete_WithTheIndentOfItsOpenBraces(string code, string expectedIndent)
    {
        Assert.Equal(CodeCompleteness.Incomplete, CellCompleteness.Check(code, out string indent));
        Assert.Equal(expectedIndent, indent);
    }

    [Theory]
    [InlineData("var = ;")]
    [InlineData("x)")]
    [InlineData("var s = \"open\nvar t = 1;")]
    [InlineData("}\nvar y = 2;")]
    public void CodeWithAnErrorBeforeItsEnd_IsInvalid(string code)
    {
        Assert.Equal(CodeCompleteness.Invalid, CellCompleteness.Check(code, out _));
    }
}
