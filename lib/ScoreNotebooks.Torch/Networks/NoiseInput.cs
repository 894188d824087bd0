namespace ScoreNotebooks.Torch.Networks;

/// <summary>What a noise-conditional network is told about the noise: the level σ or a time t.</summary>
public enum NoiseInput
{
    /// <summary>
    /// The noise standard deviation σ &gt; 0, embedded as log σ (levels span decades). The input is
    /// scaled by 1/√(1 + σ²) and the output divided by σ, so that the network's own output stays of
    /// order one at every level, as the true score of q_σ is of order 1/σ (Song &amp; Ermon 2020,
    /// "Improved techniques for training score-based generative models", NeurIPS, Sec. 3.4; Karras
    /// et al. 2022, NeurIPS, Table 1, for the input scale with unit data variance).
    /// </summary>
    Sigma,

    /// <summary>A time t, embedded as it is; input and output are not scaled (Song et al. 2021, ICLR).</summary>
    Time,
}
