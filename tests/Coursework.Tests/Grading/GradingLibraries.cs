namespace ScoreNotebooks.Coursework.Tests.Grading;

/// <summary>Builds, once for the grading tests, the Release libraries their notebooks' setup cells reference.</summary>
public sealed class GradingLibraries
{
    public GradingLibraries()
    {
        Root = ReleaseLibraries.FindRoot();
        // The CPU library and its plots: what chapter 01 and the small test notebooks reference.
        ReleaseLibraries.Build(Root, "lib/ScoreNotebooks.Plotting");
    }

    public string Root { get; }
}

/// <summary>The tests that run notebooks in workers: one at a time, since each run starts processes of its own.</summary>
[CollectionDefinition("Grading")]
public sealed class GradingCollection : ICollectionFixture<GradingLibraries>;
