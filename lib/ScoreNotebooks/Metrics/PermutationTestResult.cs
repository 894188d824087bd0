namespace ScoreNotebooks.Metrics;

/// <summary>The outcome of a two-sample permutation test.</summary>
/// <param name="Statistic">The test statistic on the observed split of the pooled sample (for MMD, the unbiased MMD²ᵤ; any real).</param>
/// <param name="PValue">
/// p = (1 + #{b : T_b ≥ T_obs}) / (1 + B) ∈ [1/(1 + B), 1], the permutation p-value that counts the observed
/// split as one of the permutations, so it is never 0 and the test is exact at its level (Phipson &amp; Smyth 2010).
/// </param>
/// <param name="Permutations">The number B ≥ 1 of random relabellings drawn.</param>
public sealed record PermutationTestResult(double Statistic, double PValue, int Permutations);
