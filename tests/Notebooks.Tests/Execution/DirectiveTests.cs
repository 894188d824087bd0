using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using ScoreNotebooks.Notebooks.Running;

namespace ScoreNotebooks.Notebooks.Tests.Execution;

public class DirectiveTests
{
    private static async Task<(List<string> Outputs, string Error, bool Succeeded)> RunCell(string source, string? folder = null)
    {
        var notebook = new TestNotebook().Code(source).Build();
        var result = await NotebookExecutor.ExecuteAsync(notebook, folder ?? Path.GetTempPath());
        return (Outputs.Summary(notebook.Cells[0]), Outputs.ErrorText(notebook.Cells[0]), result.Succeeded);
    }

    [Fact]
    public async Task NugetReference_ToACarriedPackage_LoadsIt()
    {
        var (outputs, error, ok) = await RunCell(
            "#r \"nuget: MathNet.Numerics, 5.0.0\"\nusing MathNet.Numerics.LinearAlgebra;\nVector<double>.Build.Dense(3, 1.5).Sum()");
        Assert.True(ok, error);
        Assert.Equal(["result:4.5"], outputs);
    }

    [Fact]
    public async Task NugetReference_WithoutVersion_LoadsTheCarriedOne()
    {
        var (outputs, error, ok) = await RunCell("#r \"nuget: Plotly.NET\"\ntypeof(Plotly.NET.GenericChart).Name");
        Assert.True(ok, error);
        Assert.Equal(["result:GenericChart"], outputs);
    }

    [Fact]
    public async Task NugetReference_ToAPackageNotCarried_FailsNamingIt()
    {
        var (outputs, error, ok) = await RunCell("var a = 1;\n#r \"nuget: Some.Unknown.Package, 1.2.3\"");
        Assert.False(ok);
        Assert.Equal(["error:DirectiveError"], outputs);
        Assert.Contains("'Some.Unknown.Package'", error);
        Assert.Contains("line 2", error);
        Assert.Contains("MathNet.Numerics 5.0.0", error);
    }

    [Fact]
    public async Task NugetReference_ToAnotherVersion_FailsNamingBothVersions()
    {
        var (_, error, ok) = await RunCell("#r \"nuget: MathNet.Numerics, 4.15.0\"");
        Assert.False(ok);
        Assert.Contains("version 4.15.0", error);
        Assert.Contains("MathNet.Numerics 5.0.0", error);
    }

    [Fact]
    public async Task FileReference_IsRelativeToTheNotebookFolder()
    {
        using var folder = new TempFolder();
        Directory.CreateDirectory(Path.Combine(folder.Path, "lib"));
        string assembly = Path.Combine(folder.Path, "lib", "Tiny.dll");
        var compilation = CSharpCompilation.Create("Tiny",
            [CSharpSyntaxTree.ParseText("namespace Tiny { public static class Answer { public static int Value => 42; } }")],
            [MetadataReference.CreateFromFile(typeof(object).Assembly.Location)],
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        Assert.True(compilation.Emit(assembly).Success);
        var (outputs, error, ok) = await RunCell("#r \"lib/Tiny.dll\"\nTiny.Answer.Value", folder.Path);
        Assert.True(ok, error);
        Assert.Equal(["result:42"], outputs);
    }

    [Fact]
    public async Task FileReference_ToAMissingFile_FailsNamingThePath()
    {
        var (_, error, ok) = await RunCell("#r \"../nowhere/Missing.dll\"");
        Assert.False(ok);
        Assert.Contains("Missing.dll", error);
        Assert.Contains("no such file", error);
    }
}
