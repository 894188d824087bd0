using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ScoreNotebooks.Notebooks.Execution;

namespace ScoreNotebooks.Notebooks.Tests.Execution;

/// <summary>
/// A compiled-not-run chain treats a cell that does not compile as a session does: the cell is bound as far as it goes,
/// later cells continue without its definitions, and a file it referenced is given to the next cell.
/// </summary>
public class SubmissionChainRecoveryTests
{
    private static ISymbol? SymbolOf(SemanticModel model, string name) =>
        model.GetSymbolInfo(model.SyntaxTree.GetRoot().DescendantNodes().OfType<IdentifierNameSyntax>()
            .Last(n => n.Identifier.ValueText == name)).Symbol;

    [Fact]
    public void CellsAfterOneThatDoesNotCompile_BindToTheCellsBeforeIt()
    {
        using var folder = new TempFolder();
        var chain = new SubmissionChain(folder.Path);
        chain.Add("int Good() => 1;", 1);

        var broken = chain.Add("int Broken() => undefinedName;\nvar g = Good();", 2)!;
        var next = chain.Add("var a = Good();\nvar b = Broken();", 3)!;

        Assert.Equal("Good", SymbolOf(broken, "Good")?.Name);
        Assert.Equal("Good", SymbolOf(next, "Good")?.Name);
        Assert.Null(SymbolOf(next, "Broken"));
    }

    [Fact]
    public void TwoCellsInARowThatDoNotCompile_LeaveTheChainGoing()
    {
        using var folder = new TempFolder();
        var chain = new SubmissionChain(folder.Path);
        chain.Add("int Good() => 1;", 1);
        chain.Add("int A() => nope;", 2);
        chain.Add("int B() => nope;", 3);

        var model = chain.Add("var x = Good();", 4)!;

        Assert.Equal("Good", SymbolOf(model, "Good")?.Name);
        Assert.DoesNotContain(model.Compilation.GetDiagnostics(), d => d.Severity == DiagnosticSeverity.Error);
    }

    [Fact]
    public void AFileReferencedOnlyByACellThatDoesNotCompile_IsGivenToTheNextCell()
    {
        using var folder = new TempFolder();
        TinyAssembly.Emit(Path.Combine(folder.Path, "Tiny.dll"));
        var chain = new SubmissionChain(folder.Path);
        chain.Add("var a = 1;", 1);
        chain.Add("#r \"Tiny.dll\"\nvar b = undefinedName;", 2);

        var model = chain.Add("var c = Tiny.Answer.Value;", 3)!;

        Assert.Equal("Value", SymbolOf(model, "Value")?.Name);
    }
}
