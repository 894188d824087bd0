using ScoreNotebooks.Notebooks.Packages;

namespace ScoreNotebooks.Notebooks.Tests.Packages;

/// <summary>Restores from a package source in the test's folder, so versions and failures are known exactly.</summary>
public class PackageCacheTests
{
    [Fact]
    public async Task WithoutVersion_TakesTheHighestStableVersion_AndSaysSo()
    {
        using var feed = new LocalFeed().Add("Tiny.Versions", "1.0.0").Add("Tiny.Versions", "1.5.0").Add("Tiny.Versions", "2.0.0-beta");
        var cache = new PackageCache(feed.CacheFolder);

        var run = await CellRun.Of(feed.Session(cache), "#r \"nuget: Tiny.Versions\"\nTiny.Versions.Info.Version");

        Assert.True(run.Succeeded, run.ToString());
        Assert.Equal("1.5.0", run.Result);
        Assert.Contains("Tiny.Versions: no version given, took 1.5.0, the highest stable version", run.Text);
        Assert.Contains("Restoring Tiny.Versions (highest stable version) …", run.Text);
        Assert.Equal(1, cache.RestoresRun);
    }

    [Fact]
    public async Task SecondSession_UsesTheCache_WithoutDotnet_EvenWithTheSourcesUnreachable()
    {
        using var feed = new LocalFeed().Add("Tiny.Versions", "1.0.0").Add("Tiny.Versions", "1.5.0");
        var session = feed.Session();
        var first = await CellRun.Of(session, "#r \"nuget: Tiny.Versions\"\nTiny.Versions.Info.Version", 1);
        var pinned = await CellRun.Of(session, "#r \"nuget: Tiny.Versions, 1.5.0\"\nTiny.Versions.Info.Version", 2);
        Assert.True(first.Succeeded && pinned.Succeeded, $"{first}\n{pinned}");
        feed.MakeSourcesUnreachable();
        var cache = new PackageCache(feed.CacheFolder);

        var unversioned = await CellRun.Of(feed.Session(cache), "#r \"nuget: Tiny.Versions\"\nTiny.Versions.Info.Version");
        var versioned = await CellRun.Of(feed.Session(cache), "#r \"nuget: Tiny.Versions, 1.5.0\"\nTiny.Versions.Info.Version");

        Assert.True(unversioned.Succeeded, unversioned.ToString());
        Assert.True(versioned.Succeeded, versioned.ToString());
        Assert.Equal(("1.5.0", "1.5.0"), (unversioned.Result, versioned.Result));
        Assert.Contains("Tiny.Versions: no version given, using 1.5.0, the highest stable version when it was first restored", unversioned.Text);
        Assert.DoesNotContain("Restoring", unversioned.Text + versioned.Text);
        Assert.Equal(0, cache.RestoresRun);
    }

    [Fact]
    public async Task UnreachableSource_FailsNamingPackageVersionAndSource()
    {
        using var feed = new LocalFeed();
        feed.MakeSourcesUnreachable();

        var run = await CellRun.Of(feed.Session(), "var a = 1;\n#r \"nuget: Tiny.Versions, 1.0.0\"");

        Assert.False(run.Succeeded);
        Assert.Equal(PackageRestoreException.RestoreFailed, run.ErrorName);
        Assert.StartsWith("cell 1, line 2: NuGet package 'Tiny.Versions' version 1.0.0 could not be restored from the package source " +
                          LocalFeed.UnreachableSource, run.Error);
        Assert.Contains("NU1301", run.Error);
        Assert.Contains("could not be reached", run.Error);
    }

    [Theory]
    [InlineData("Tiny.Nowhere", "1.2.3", "NU1101", "check the id")]
    [InlineData("Tiny.Versions", "1.0.1", "NU1102", "change the version")]
    public async Task MissingPackageOrVersion_FailsNamingPackageVersionAndSource(string id, string version, string code, string remedy)
    {
        // 1.1.0 is served: a version asked for is exact, never "this or the next one served".
        using var feed = new LocalFeed().Add("Tiny.Versions", "1.0.0").Add("Tiny.Versions", "1.1.0");

        var run = await CellRun.Of(feed.Session(), $"#r \"nuget: {id}, {version}\"");

        Assert.False(run.Succeeded);
        Assert.Equal(PackageRestoreException.RestoreFailed, run.ErrorName);
        Assert.Contains($"NuGet package '{id}' version {version} could not be restored from the package source {feed.FeedFolder}", run.Error);
        Assert.Contains(code, run.Error);
        Assert.Contains(remedy, run.Error);
    }

    [Fact]
    public async Task PackagesOfSeveralCells_FormOneSet_AndASecondVersionIsRefused()
    {
        using var feed = new LocalFeed().Add("Tiny.A", "1.0.0").Add("Tiny.B", "2.0.0").Add("Tiny.B", "2.1.0");
        var session = feed.Session();

        var first = await CellRun.Of(session, "#r \"nuget: Tiny.A, 1.0.0\"\nTiny.A.Info.Version", 1);
        var second = await CellRun.Of(session, "#r \"nuget: Tiny.B, 2.0.0\"\nTiny.A.Info.Version + \" \" + Tiny.B.Info.Version", 2);
        var again = await CellRun.Of(session, "#r \"nuget: Tiny.A, 1.0.0\"\n#r \"nuget: Tiny.B\"\nTiny.B.Info.Version", 3);
        var other = await CellRun.Of(session, "#r \"nuget: Tiny.B, 2.1.0\"", 4);

        Assert.True(first.Succeeded && second.Succeeded && again.Succeeded, $"{first}\n{second}\n{again}");
        Assert.Equal("1.0.0 2.0.0", second.Result);
        Assert.Equal("2.0.0", again.Result);
        Assert.DoesNotContain("Restoring", again.Text);
        Assert.Equal(PackageRestoreException.Conflict, other.ErrorName);
        Assert.Contains("'Tiny.B' version 2.1.0 is asked for, but this session already uses Tiny.B 2.0.0", other.Error);
        var manifests = Directory.GetFiles(Path.Combine(feed.CacheFolder, "sets"), RestoredSet.ManifestName, SearchOption.AllDirectories);
        Assert.Equal(2, manifests.Length); // {A 1.0.0} and {A 1.0.0, B 2.0.0}
    }

    [Fact]
    public async Task OneCellNamingAPackageWithAndWithoutAVersion_GetsTheVersionNamed()
    {
        using var feed = new LocalFeed().Add("Tiny.Versions", "1.0.0").Add("Tiny.Versions", "1.5.0");

        var run = await CellRun.Of(feed.Session(), "#r \"nuget: Tiny.Versions\"\n#r \"nuget: Tiny.Versions, 1.0.0\"\nTiny.Versions.Info.Version");

        Assert.True(run.Succeeded, run.ToString());
        Assert.Equal("1.0.0", run.Result);
    }

    [Fact]
    public async Task AssemblyNewerThanTheHostsCopy_FailsNamingBothVersions()
    {
        // A package that ships FSharp.Core 99: the engine has FSharp.Core loaded for Plotly.NET.
        using var feed = new LocalFeed().Add("Tiny.NewFSharpCore", "1.0.0", assembly: "FSharp.Core", assemblyVersion: "99.0.0.0");
        var host = typeof(Microsoft.FSharp.Core.Unit).Assembly.GetName().Version!;

        var run = await CellRun.Of(feed.Session(), "#r \"nuget: Tiny.NewFSharpCore, 1.0.0\"");

        Assert.False(run.Succeeded);
        Assert.Equal(PackageRestoreException.Conflict, run.ErrorName);
        Assert.Contains($"'Tiny.NewFSharpCore' needs FSharp.Core 99.0.0.0, but this engine already has FSharp.Core {host} loaded", run.Error);
    }

    [Fact]
    public async Task TwoEnginesRestoringTheSameNewSetAtOnce_BothSucceed_AndTheCacheHoldsOneCompleteSet()
    {
        using var feed = new LocalFeed().Add("Tiny.Versions", "1.0.0");
        var caches = new[] { new PackageCache(feed.CacheFolder), new PackageCache(feed.CacheFolder) };

        var runs = await Task.WhenAll(caches.Select(cache =>
            CellRun.Of(feed.Session(cache), "#r \"nuget: Tiny.Versions, 1.0.0\"\nTiny.Versions.Info.Version")));

        Assert.All(runs, run => Assert.True(run.Succeeded, run.ToString()));
        Assert.All(runs, run => Assert.Equal("1.0.0", run.Result));
        Assert.Equal(1, caches.Sum(c => c.RestoresRun)); // the second waited for the first and reused its set
        var set = Assert.Single(Directory.GetDirectories(Path.Combine(feed.CacheFolder, "sets")));
        Assert.NotNull(RestoredSet.TryRead(set));
        Assert.True(File.Exists(Path.Combine(set, "lib", "Tiny.Versions.dll")));
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(feed.CacheFolder, "work")));
    }

    [Fact]
    public async Task InterruptedRestore_FailsTheCellAsInterrupted_AndLeavesNothingInTheCache()
    {
        using var feed = new LocalFeed().Add("Tiny.Versions", "1.0.0");
        using var interrupt = new CancellationTokenSource();

        // Interrupted once the restore has begun: dotnet restore is then starting or running, and is stopped.
        var result = await feed.Session().ExecuteAsync("#r \"nuget: Tiny.Versions, 1.0.0\"", 1,
            onOutput: o => { if (o.Text?.StartsWith("Restoring", StringComparison.Ordinal) == true) interrupt.CancelAfter(500); },
            cancellationToken: interrupt.Token);

        Assert.Equal("Interrupted", result.Error?.ErrorName);
        Assert.Contains("interrupted while its packages were restored", result.Error?.ErrorValue);
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(feed.CacheFolder, "work")));
        Assert.False(Directory.Exists(Path.Combine(feed.CacheFolder, "sets")));
    }

    [Fact]
    public async Task ACacheFolderThatCannotBeWritten_FailsTheCellNamingIt()
    {
        using var feed = new LocalFeed().Add("Tiny.Versions", "1.0.0");
        string notAFolder = Path.Combine(feed.NotebookFolder, "file");
        File.WriteAllText(notAFolder, "");

        var run = await CellRun.Of(feed.Session(new PackageCache(notAFolder)), "#r \"nuget: Tiny.Versions, 1.0.0\"");

        Assert.Equal(PackageRestoreException.RestoreFailed, run.ErrorName);
        Assert.Contains($"could not be restored into the cache {notAFolder}", run.Error);
        Assert.Contains(PackageCache.FolderVariable, run.Error);
    }
}
