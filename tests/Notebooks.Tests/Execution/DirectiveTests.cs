using ScoreNotebooks.Notebooks.Execution;
using ScoreNotebooks.Notebooks.Running;
using ScoreNotebooks.Notebooks.Tests.Packages;

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
    public async Task NugetReference_ToAPackageNotCarried_IsRestored_AndAFailureNamesIt()
    {
        using var feed = new LocalFeed();
        var (outputs, error, ok) = await RunCell("var a = 1;\n#r \"nuget: Some.Unknown.Package, 1.2.3\"", feed.NotebookFolder);
        Assert.False(ok);
        Assert.Equal(["stdout:Restoring Some.Unknown.Package 1.2.3 …\n", "error:PackageRestoreFailed"], outputs);
        Assert.Contains("'Some.Unknown.Package' version 1.2.3", error);
        Assert.Contains("line 2", error);
        Assert.Contains(feed.FeedFolder, error);
    }

    [Fact]
    public async Task DirectiveErrors_NameTheirCellOnce()
    {
        using var feed = new LocalFeed();
        var (_, error, ok) = await RunCell("var a = 1;\n#r \"nuget: Some.Unknown.Package, 1.2.3\"", feed.NotebookFolder);
        Assert.False(ok);
        Assert.Contains("PackageRestoreFailed in cell 1, line 2: ", error);
        Assert.DoesNotContain("cell 1: cell 1", error);
    }

    [Fact]
    public async Task NugetReference_ToACarriedPackage_IsTheEnginesOwnCopy_WithoutARestore()
    {
        using var feed = new LocalFeed();
        feed.MakeSourcesUnreachable();
        var (outputs, error, ok) = await RunCell(
            "#r \"nuget: MathNet.Numerics, 5.0.0\"\ntypeof(MathNet.Numerics.Constants).Assembly.Location", feed.NotebookFolder);
        Assert.True(ok, error);
        Assert.Equal([$"result:{typeof(MathNet.Numerics.Constants).Assembly.Location}"], outputs);
    }

    [Theory]
    [InlineData("5.0.0")]
    [InlineData("5.0")]
    [InlineData("5.0.0.0")]
    public async Task NugetReference_VersionsNuGetTreatsAsEqual_Resolve(string version)
    {
        var (outputs, error, ok) = await RunCell($"#r \"nuget: mathnet.numerics, {version}\"\nMathNet.Numerics.SpecialFunctions.Factorial(4)");
        Assert.True(ok, error);
        Assert.Equal(["result:24"], outputs);
    }

    [Theory]
    [InlineData("#r \"nuget: \"", "line 1", "nuget: Name")]
    [InlineData("#r \"nuget: A, 1.0, extra\"", "line 1", "nuget: Name, Version")]
    [InlineData("var a = 1;\n#!time\na", "line 2", "'#!time'")]
    [InlineData("#i \"nuget: https://example.org/feed\"", "line 1", "package sources")]
    [InlineData("Console.Write(1);\n#!markdown\nprose", "line 2", "'#!markdown' part-way")]
    [InlineData("#r \"nuget: Humanizer.Core, 2.*\"", "line 1", "'2.*' is not a version")]
    [InlineData("#r \"nuget: Humanizer/Core, 2.14.1\"", "line 1", "'Humanizer/Core' is not a NuGet package id")]
    public async Task UnusableDirectives_FailTheCellNamingTheLine(string source, string line, string detail)
    {
        var (outputs, error, ok) = await RunCell(source);
        Assert.False(ok);
        Assert.Equal(["error:UnsupportedDirective"], outputs);
        Assert.Contains($"cell 1, {line}", error);
        Assert.Contains(detail, error);
    }

    [Fact]
    public void Directives_AreBlankedSoCompilerLinesAreCellLines()
    {
        var parsed = CellDirectives.Parse("#!csharp\n#r \"nuget: Plotly.NET\"\n#r \"lib/A.dll\"\nvar x = 1;\n#!c#\nx");
        Assert.Equal("csharp", parsed.Language);
        Assert.Null(parsed.Problem);
        Assert.Equal("\n\n\nvar x = 1;\n\nx", parsed.Code);
        Assert.Equal(["#r \"nuget: Plotly.NET\"@2", "#r \"lib/A.dll\"@3"], parsed.References.Select(r => $"{r}@{r.Line}"));
    }

    [Theory]
    [InlineData("#!fsharp\nlet x = 1", null, "fsharp")]
    [InlineData("#!F#\nlet x = 1", null, "fsharp")]
    [InlineData("let x = 1", "F#", "fsharp")]
    [InlineData("#!csharp\n1", "fsharp", "csharp")]
    [InlineData("1", "C#", "csharp")]
    [InlineData("var a = 1;\n#!pwsh\nGet-Date", null, "pwsh")]
    [InlineData("#!md\n# title", null, "markdown")]
    public void Language_ComesFromTheFirstLineThenMetadata(string source, string? metadata, string language)
    {
        Assert.Equal(language, CellDirectives.Parse(source, metadata).Language);
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
        TinyAssembly.Emit(Path.Combine(folder.Path, "lib", "Tiny.dll"));
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
