namespace ScoreNotebooks.ScoreMatching;

/// <summary>The distribution of the probe vectors v in Hutchinson's trace estimator (<see cref="HutchinsonTrace"/>).</summary>
/// <remarks>Both have E[v vᵀ] = I, which is all that unbiasedness needs.</remarks>
public enum ProbeDistribution
{
    /// <summary>
    /// Independent ±1 entries with probability ½ each. Var[vᵀAv] = 2 Σ_{i≠j} Aᵢⱼ² for symmetric A:
    /// no diagonal contribution, the smallest variance among probes with E[vvᵀ] = I (Hutchinson 1990).
    /// </summary>
    Rademacher,

    /// <summary>Independent standard normal entries, v ~ N(0, I). Var[vᵀAv] = 2‖A‖²_F for symmetric A.</summary>
    Gaussian,
}
