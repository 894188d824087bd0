using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace ScoreNotebooks.Notebooks.Tests;

/// <summary>A one-class library compiled inside the tests, for <c>#r "path.dll"</c>: <c>Tiny.Answer.Value</c> is 42.</summary>
internal static class TinyAssembly
{
    public static void Emit(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var compilation = CSharpCompilation.Create("Tiny",
            [CSharpSyntaxTree.ParseText("namespace Tiny { public static class Answer { public static int Value => 42; } }")],
            [MetadataReference.CreateFromFile(typeof(object).Assembly.Location)],
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var result = compilation.Emit(path);
        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
    }
}
