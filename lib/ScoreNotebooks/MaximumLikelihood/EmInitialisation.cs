namespace ScoreNotebooks.MaximumLikelihood;

/// <summary>How <see cref="ExpectationMaximization"/> chooses the initial component means.</summary>
/// <remarks>
/// Either way every component starts with the data's (biased) covariance, raised to the covariance floor, and weight 1/K; only the
/// means differ, and they are always data points drawn with the caller's random source.
/// </remarks>
public enum EmInitialisation
{
    /// <summary>
    /// k-means++ seeding (Arthur &amp; Vassilvitskii 2007): the first mean is a uniformly random point; each
    /// next one is a point drawn with probability proportional to D(x)², its squared distance to the nearest
    /// mean chosen so far. Spreads the means over the modes.
    /// </summary>
    KMeansPlusPlus,

    /// <summary>K distinct data points drawn uniformly without replacement.</summary>
    RandomPoints,
}
