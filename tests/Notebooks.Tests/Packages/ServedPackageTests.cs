using ScoreNotebooks.Notebooks.Execution;
using ScoreNotebooks.Notebooks.Packages;

namespace ScoreNotebooks.Notebooks.Tests.Packages;

/// <summary>
/// Packages from the user's own package sources (the NuGet settings of a folder with no NuGet.config of
/// its own), restored into a temporary cache.
/// </summary>
public class ServedPackageTests
{
    private static ScriptSession Session(TempFolder folder) =>
        new(folder.Path) { PackageCache = new PackageCache(Path.Combine(folder.Path, "cache")) };

    [Fact]
    public async Task APackageTheEngineDoesNotCarry_IsRestored_AndUsableInTheSameCellAndLaterCells()
    {
        using var folder = new TempFolder();
        var session = Session(folder);

        var first = await CellRun.Of(session, "#r \"nuget: Humanizer.Core, 2.14.1\"\nusing Humanizer;\n\"some_title_here\".Humanize()", 1);
        var later = await CellRun.Of(session, "\"PascalCaseWords\".Humanize()", 2);

        Assert.True(first.Succeeded, first.ToString());
        Assert.Equal("some title here", first.Result);
        Assert.Contains("Restoring Humanizer.Core 2.14.1 …", first.Text);
        Assert.Matches(@"Restored in \d+ s", first.Text);
        Assert.True(later.Succeeded, later.ToString());
        Assert.Equal("Pascal case words", later.Result);
    }

    [Fact]
    public async Task APackageThatDependsOnACarriedAssembly_UsesTheHostsCopy()
    {
        // FSharpx.Collections 2.1.2 asks for FSharp.Core >= 4.3.4; the engine has FSharp.Core loaded for Plotly.NET.
        using var folder = new TempFolder();
        string host = typeof(Microsoft.FSharp.Core.Unit).Assembly.Location;

        var run = await CellRun.Of(Session(folder), """
            #r "nuget: FSharpx.Collections, 2.1.2"
            var vector = FSharpx.Collections.PersistentVector.ofSeq(new[] { 1, 2, 3 }).Conj(4);
            Console.WriteLine(vector.Length);
            var loaded = AppDomain.CurrentDomain.GetAssemblies().Where(a => a.GetName().Name == "FSharp.Core").ToList();
            Console.WriteLine(loaded.Count);
            loaded[0].Location
            """);

        Assert.True(run.Succeeded, run.ToString());
        Assert.Contains("4\n1\n", run.Text);
        Assert.Equal(host, run.Result);
    }
}
