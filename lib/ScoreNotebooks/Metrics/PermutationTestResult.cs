namespace ScoreNotebooks.Metrics;

/// <summary>The outcome of a two-sample permutation test.</summary>
/// <param name="Statistic">The test statistic on the observed split of the pooled sample (for MMD, the unbiased MMD²ᵤ; any real).</param>
/// <param name="PValue">
/// p = (1 + #{b : T_b ≥ T_obs}) / (1 + B) ∈ [1/(1 + B), 1], the permutation p-value that counts the observed
/// split as one of the permutations, so it is never 0 and the test is exact at its level (Phipson &amp; Smyth 2010).
/// </param>
/// <param name="Permutations">The number B ≥ 1 of random relabellings drawn.</param>
/// <param name="NullMean">The mean of the B relabelled statistics T_b: the statistic's mean under H₀, estimated.</param>
/// <param name="NullStandardDeviation">The standard deviation of the T_b (divisor B − 1): the statistic's spread under
/// H₀, estimated; NaN when B = 1.</param>
/// <remarks>
/// The p-value cannot fall below 1/(1 + B), however far out the observed statistic lies; <see cref="NullDeviations"/>
/// says how far, in units of the null's spread.
/// </remarks>
public sealed record PermutationTestResult(
    double Statistic, double PValue, int Permutations, double NullMean, double NullStandardDeviation)
{
    /// <summary>(T_obs − null mean) / null standard deviation: how many of the null's standard deviations the
    /// observed statistic lies above its mean under H₀ (NaN when B = 1).</summary>
    public double NullDeviations => (Statistic - NullMean) / NullStandardDeviation;
}
