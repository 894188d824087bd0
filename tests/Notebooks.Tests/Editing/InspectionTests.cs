using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using ScoreNotebooks.Notebooks.Execution;

namespace ScoreNotebooks.Notebooks.Tests.Editing;

public class InspectionTests
{
    private static async Task<ScriptSession> SessionWith(string cell, string? folder = null)
    {
        var session = new ScriptSession(folder ?? Path.GetTempPath());
        var result = await session.ExecuteAsync(cell, 1);
        Assert.True(result.Status == CellStatus.Succeeded, result.Error?.ErrorValue);
        return session;
    }

    [Fact]
    public async Task NameBeforeTheCursor_GivesItsSignature_AndTheFrameworkDocComment()
    {
        var session = await SessionWith("var unused = 0;");
        var description = session.Inspect("Math.Sqrt", 9);
        Assert.NotNull(description);
        Assert.Equal(["double Math.Sqrt(double d)"], description.Signatures);
        Assert.Contains("square root", description.Documentation);
        Assert.Contains("Parameters:\n  d: ", description.Documentation);
    }

    [Fact]
    public async Task InsideTheParenthesesOfACall_GivesEveryOverload_UntilTheArgumentsPickOne()
    {
        var session = await SessionWith("var unused = 0;");
        int overloads = typeof(Math).GetMethods(BindingFlags.Public | BindingFlags.Static).Count(m => m.Name == "Max");
        Assert.Equal(overloads, session.Inspect("Math.Max(", 9)!.Signatures.Count);
        Assert.Equal(["int Math.Max(int val1, int val2)"], session.Inspect("Math.Max(1, 2)", 10)!.Signatures);
    }

    [Fact]
    public async Task VariablesOfEarlierCells_AndTheDisplayFunction_AreDescribed()
    {
        var session = await SessionWith("var rng = new Random(1);");
        Assert.Equal(["(variable) Random rng"], session.Inspect("rng.Next()", 2)!.Signatures);
        var display = session.Inspect("display(1)", 3)!;
        Assert.Equal(["void display(object? value)"], display.Signatures);
        Assert.Contains("display_data output of the running cell", display.Documentation);
    }

    [Fact]
    public async Task AReferencedLibrary_ShowsTheDocCommentOfItsXmlFile()
    {
        using var folder = new TempFolder();
        EmitDocumented(Path.Combine(folder.Path, "Documented.dll"));
        var session = await SessionWith("#r \"Documented.dll\"", folder.Path);
        var description = session.Inspect("Documented.Gauss.Density(0.5)", 22)!;
        Assert.Equal(["double Documented.Gauss.Density(double x)"], description.Signatures);
        Assert.Equal("The standard normal density φ(x).\n\nParameters:\n  x: Any real number.\n\nReturns: φ(x) = exp(−x²/2)/√(2π).",
            description.Documentation);
    }

    [Theory]
    [InlineData("1 + 2", 1)]
    [InlineData("// Math.Sqrt", 12)]
    [InlineData("", 0)]
    public async Task NothingThatNamesASymbol_GivesNull(string code, int position)
    {
        var session = await SessionWith("var unused = 0;");
        Assert.Null(session.Inspect(code, position));
    }

    private static void EmitDocumented(string path)
    {
        const string source = """
            namespace Documented
            {
                /// <summary>Densities.</summary>
                public static class Gauss
                {
                    /// <summary>The standard normal density φ(<paramref name="x"/>).</summary>
                    /// <param name="x">Any real number.</param>
                    /// <returns>φ(x) = exp(−x²/2)/√(2π).</returns>
                    public static double Density(double x) => System.Math.Exp(-x * x / 2) / System.Math.Sqrt(2 * System.Math.PI);
                }
            }
            """;
        var compilation = CSharpCompilation.Create("Documented",
            [CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(documentationMode: DocumentationMode.Diagnose))],
            [MetadataReference.CreateFromFile(typeof(object).Assembly.Location)],
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        using var dll = File.Create(path);
        using var xml = File.Create(Path.ChangeExtension(path, ".xml"));
        var result = compilation.Emit(dll, xmlDocumentationStream: xml);
        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
    }
}
