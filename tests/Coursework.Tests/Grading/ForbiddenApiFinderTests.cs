using ScoreNotebooks.Coursework.Grading;
using ScoreNotebooks.Coursework.Markup;

namespace ScoreNotebooks.Coursework.Tests.Grading;

/// <summary>
/// The forbidden-API finder on an answer cell compiled after a setup cell that references the Release library: every
/// spelling that binds to a forbidden API is found, with its line; names that merely look alike are not.
/// </summary>
[Collection("Grading")]
public class ForbiddenApiFinderTests(GradingLibraries libraries)
{
    private const string Between = "ScoreNotebooks.Divergences.KullbackLeibler.Between";
    private const string GaussianType = "ScoreNotebooks.Distributions.Gaussian";

    private string Setup() =>
        $"#r \"{typeof(MathNet.Numerics.LinearAlgebra.Vector<double>).Assembly.Location}\"\n" +
        $"#r \"{Path.Combine(libraries.Root, "artifacts", "bin", "ScoreNotebooks", "release", "ScoreNotebooks.dll")}\"\n" +
        "using ScoreNotebooks.Distributions;\nusing ScoreNotebooks.Divergences;\n" +
        "Gaussian p = Gaussian.Standard(2), q = Gaussian.Standard(2);\nvar rng = new Random(1);";

    /// <summary>The uses found in <paramref name="answer"/> (cell 2) when its exercise forbids <paramref name="forbidden"/>.</summary>
    private List<ForbiddenUse> Find(string answer, params string[] forbidden)
    {
        var cell = new ExerciseNotebook().Code("").Build().Cells[0];
        var exercise = new Exercise("ex1", ExerciseKind.Auto, 2,
            [new GradedCell(cell, CellRole.Answer, "ex1", "ex1", null, []) { Forbidden = forbidden }], []);
        using var folder = new TempFolder();
        return ForbiddenApiFinder.Find(folder.Path,
            [new ForbiddenApiFinder.ChainCell(1, Setup(), null, null), new ForbiddenApiFinder.ChainCell(2, answer, null, exercise)]).ToList();
    }

    private static string Where(IEnumerable<ForbiddenUse> uses) => string.Join("; ", uses.Select(u => $"{u.Api}@{u.CellNumber}:{u.Line}:{u.How}"));

    [Theory]
    [InlineData("double kl = KullbackLeibler.Between(p, q);", 1)]
    [InlineData("using K = ScoreNotebooks.Divergences.KullbackLeibler;\nvar kl = K.Between(p, q);", 2)]
    [InlineData("using static ScoreNotebooks.Divergences.KullbackLeibler;\n\nvar kl = Between(p, q);", 3)]
    [InlineData("var kl = ScoreNotebooks.Divergences.KullbackLeibler.Between(p, q);", 1)]
    [InlineData("Func<Gaussian, Gaussian, double> f = KullbackLeibler.Between;\nvar kl = f(p, q);", 1)]
    [InlineData("var g = KullbackLeibler.Between;", 1)]
    public void ANameThatBindsToTheForbiddenMember_IsFound_WithItsLine(string answer, int line)
    {
        var use = Assert.Single(Find(answer, Between));
        Assert.Equal((Between, 2, line, "uses"), (use.Api, use.CellNumber, use.Line, use.How));
        Assert.Equal($"answer cell 2, line {line} uses {Between}, which exercise ex1 may not use; the exercise scores 0", use.Message);
    }

    [Theory]
    [InlineData("var m = typeof(KullbackLeibler).GetMethod(\"Between\");\nvar kl = (double)m!.Invoke(null, [p, q])!;", 1)]
    [InlineData("var t = Type.GetType(\"ScoreNotebooks.Divergences.KullbackLeibler, ScoreNotebooks\")!;\n" +
                "var kl = t.GetMethods().First(m => m.Name == \"Be\" + \"tween\");", 1)]
    [InlineData("var name = nameof(KullbackLeibler.Between);\nvar m = typeof(KullbackLeibler).GetMethod(name);", 1)]
    public void AReflectionString_NamingTheMemberOrItsType_IsFound(string answer, int line)
    {
        var uses = Find(answer, Between, "ScoreNotebooks.Divergences.KullbackLeibler");
        Assert.Contains(uses, u => u.Line == line && u.How == "names in a reflection string");
    }

    [Fact]
    public void AnExtensionMethodCall_IsFound()
    {
        var use = Assert.Single(Find("double[] xs = [1.0, 2.0];\ndouble total = xs.Sum();", "System.Linq.Enumerable.Sum"));
        Assert.Equal(2, use.Line);
    }

    [Fact]
    public void AForbiddenType_IsFound_InEveryConstructionAndMemberUse()
    {
        var uses = Find("var a = Gaussian.Standard(1);\nGaussian b = new(p.Mean, p.Covariance);\ndouble s = q.LogDensity(q.Mean);", GaussianType);
        Assert.Equal("1 2 3", string.Join(" ", uses.Select(u => u.Line).Distinct()));
        Assert.All(uses, u => Assert.Equal(GaussianType, u.Api));
    }

    [Theory]
    [InlineData("var estimate = KullbackLeibler.MonteCarlo(p, q, rng, 100);")]
    [InlineData("double Between(Gaussian a, Gaussian b) => 0.5;\nvar kl = Between(p, q);")]
    [InlineData("Console.WriteLine(nameof(KullbackLeibler.Between));")]
    [InlineData("Console.WriteLine(\"KullbackLeibler.Between is what we avoid\");")]
    [InlineData("using K = ScoreNotebooks.Divergences.KullbackLeibler;\nvar e = K.MonteCarlo(p, q, rng, 10);")]
    public void AnAllowedMemberOfTheSameType_ALocalMethodOfTheSameName_AndNameof_AreNotUses(string answer)
    {
        Assert.True(Find(answer, Between).Count == 0, Where(Find(answer, Between)));
    }

    [Fact]
    public void WithoutForbiddenApis_NothingIsCompiled()
    {
        Assert.Empty(ForbiddenApiFinder.Find("/nonexistent", [new ForbiddenApiFinder.ChainCell(1, "this does not compile", null, null)]));
    }

    [Fact]
    public void AnAnswerThatDoesNotCompile_LeavesLaterAnswersChecked()
    {
        var cells = new ExerciseNotebook().Code("").Code("").Build().Cells;
        var first = new Exercise("ex1", ExerciseKind.Auto, 1, [new GradedCell(cells[0], CellRole.Answer, "ex1", "ex1", null, [])], []);
        var second = new Exercise("ex2", ExerciseKind.Auto, 1,
            [new GradedCell(cells[1], CellRole.Answer, "ex2", "ex2", null, []) { Forbidden = [Between] }], []);
        using var folder = new TempFolder();

        var uses = ForbiddenApiFinder.Find(folder.Path, [new ForbiddenApiFinder.ChainCell(1, Setup(), null, null),
            new ForbiddenApiFinder.ChainCell(2, "double Broken() => undefinedName;", null, first),
            new ForbiddenApiFinder.ChainCell(3, "var kl = KullbackLeibler.Between(p, q);", null, second)]);

        var use = Assert.Single(uses);
        Assert.Equal(("ex2", Between, 3, 1), (use.ExerciseId, use.Api, use.CellNumber, use.Line));
    }

    [Fact]
    public async Task AForbiddenMemberOfAPackageTheEngineDoesNotCarry_IsFound_OnceThePackageIsRestored()
    {
        const string Version = "Tiny.Extra.Info.Version";
        using var feed = new ScoreNotebooks.Notebooks.Tests.Packages.LocalFeed().Add("Tiny.Extra", "1.0.0");
        var cell = new ExerciseNotebook().Code("").Build().Cells[0];
        var exercise = new Exercise("ex1", ExerciseKind.Auto, 1,
            [new GradedCell(cell, CellRole.Answer, "ex1", "ex1", null, []) { Forbidden = [Version] }], []);
        ForbiddenApiFinder.ChainCell[] chain =
        [
            new(1, "#r \"nuget: Tiny.Extra, 1.0.0\"", null, null),
            new(2, "using Tiny.Extra;\nstring v = Info.Version;", null, exercise),
        ];

        var cache = new ScoreNotebooks.Notebooks.Packages.PackageCache(feed.CacheFolder);
        var restored = await feed.Session(cache).ExecuteAsync("#r \"nuget: Tiny.Extra, 1.0.0\"", 1);
        Assert.Equal(ScoreNotebooks.Notebooks.Execution.CellStatus.Succeeded, restored.Status);

        var withCache = ForbiddenApiFinder.Find(feed.NotebookFolder, chain, cache);
        var without = ForbiddenApiFinder.Find(feed.NotebookFolder, chain);

        var use = Assert.Single(withCache);
        Assert.Equal((Version, 2, 2), (use.Api, use.CellNumber, use.Line));
        Assert.Empty(without);
    }
}
