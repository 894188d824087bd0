using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ScoreNotebooks.Notebooks.Execution;
using ScoreNotebooks.Notebooks.Packages;

namespace ScoreNotebooks.Notebooks.Tests.Packages;

/// <summary>
/// A compiled-not-run chain binds names from packages the engine does not carry through the sets the package cache holds,
/// as a session loads them, and never restores one itself; restoring a notebook's packages ahead of its session leaves
/// the session nothing to restore.
/// </summary>
public class SubmissionChainPackageTests
{
    private static ISymbol? InfoSymbol(SemanticModel model)
    {
        var info = model.SyntaxTree.GetRoot().DescendantNodes().OfType<IdentifierNameSyntax>().First(n => n.Identifier.ValueText == "Info");
        return model.GetSymbolInfo(info).Symbol;
    }

    [Fact]
    public void NamesFromAPackageNotCarried_BindThroughTheCache_OnceItsSetIsRestored()
    {
        using var feed = new LocalFeed().Add("Tiny.A", "1.0.0").Add("Tiny.B", "2.0.0");
        string[] cells = ["#r \"nuget: Tiny.A, 1.0.0\"\nvar a = 1;", "#r \"nuget: Tiny.B, 2.0.0\"\nvar v = Tiny.A.Info.Version + Tiny.B.Info.Version;"];
        var cache = new PackageCache(feed.CacheFolder);
        SubmissionChain.RestorePackages(feed.NotebookFolder, cells.Select(c => (c, (string?)null)), cache);
        var chain = new SubmissionChain(feed.NotebookFolder) { PackageCache = cache };

        chain.Add(cells[0], 1);
        var model = chain.Add(cells[1], 2)!;

        var symbol = InfoSymbol(model);
        Assert.NotNull(symbol);
        Assert.Equal("Tiny.A.Info", symbol.ToDisplayString());
        Assert.Equal("Tiny.A", symbol.ContainingAssembly.Name);
    }

    [Fact]
    public void TheChain_NeverRestoresAPackageItself()
    {
        using var feed = new LocalFeed().Add("Tiny.A", "1.0.0");
        var cache = new PackageCache(feed.CacheFolder);
        var chain = new SubmissionChain(feed.NotebookFolder) { PackageCache = cache };

        var model = chain.Add("#r \"nuget: Tiny.A, 1.0.0\"\nvar v = Tiny.A.Info.Version;", 1)!;

        Assert.Null(InfoSymbol(model));
        Assert.Equal(0, cache.RestoresRun);
    }

    [Fact]
    public void WithoutACache_NamesFromAPackageNotCarried_BindToNothing()
    {
        using var feed = new LocalFeed().Add("Tiny.A", "1.0.0");
        var chain = new SubmissionChain(feed.NotebookFolder);

        var model = chain.Add("#r \"nuget: Tiny.A, 1.0.0\"\nvar v = Tiny.A.Info.Version;", 1)!;

        Assert.Null(InfoSymbol(model));
    }

    [Fact]
    public void APackageThatCannotBeRestored_IsSkipped_AndTheNextSetIsStillRestored()
    {
        using var feed = new LocalFeed().Add("Tiny.A", "1.0.0");
        string[] cells = ["#r \"nuget: Tiny.Nowhere, 1.0.0\"\nvar v = Tiny.Nowhere.Info.Version;", "#r \"nuget: Tiny.A, 1.0.0\"\nvar w = Tiny.A.Info.Version;"];
        var cache = new PackageCache(feed.CacheFolder);
        SubmissionChain.RestorePackages(feed.NotebookFolder, cells.Select(c => (c, (string?)null)), cache);
        var chain = new SubmissionChain(feed.NotebookFolder) { PackageCache = cache };

        var missing = chain.Add(cells[0], 1)!;
        var next = chain.Add(cells[1], 2)!;

        Assert.Null(InfoSymbol(missing));
        Assert.Equal("Tiny.A.Info", InfoSymbol(next)?.ToDisplayString());
    }

    [Fact]
    public void RestoringAhead_StopsWhenCancelled()
    {
        using var feed = new LocalFeed().Add("Tiny.A", "1.0.0");
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => SubmissionChain.RestorePackages(feed.NotebookFolder,
            [("#r \"nuget: Tiny.A, 1.0.0\"", null)], new PackageCache(feed.CacheFolder), cancelled.Token));
    }

    [Fact]
    public async Task RestoringANotebooksPackagesAhead_LeavesItsSessionNothingToRestore()
    {
        using var feed = new LocalFeed().Add("Tiny.A", "1.0.0").Add("Tiny.B", "2.0.0").Add("Tiny.B", "2.1.0");
        string[] cells = ["#r \"nuget: Tiny.A, 1.0.0\"\nTiny.A.Info.Version", "#r \"nuget: Tiny.B\"\nTiny.B.Info.Version"];

        SubmissionChain.RestorePackages(feed.NotebookFolder, cells.Select(c => (c, (string?)null)), new PackageCache(feed.CacheFolder));
        feed.MakeSourcesUnreachable();
        var cache = new PackageCache(feed.CacheFolder);
        var session = feed.Session(cache);
        var first = await CellRun.Of(session, cells[0], 1);
        var second = await CellRun.Of(session, cells[1], 2);

        Assert.True(first.Succeeded && second.Succeeded, $"{first}\n{second}");
        Assert.Equal("2.1.0", second.Result);
        Assert.Equal(0, cache.RestoresRun);
    }
}
