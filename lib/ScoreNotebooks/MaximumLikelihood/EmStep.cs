using ScoreNotebooks.Distributions;

namespace ScoreNotebooks.MaximumLikelihood;

/// <summary>One iteration of <see cref="ExpectationMaximization.Run"/>: the mixture after it and its fit to the data.</summary>
/// <param name="Iteration">The iteration t ≥ 0; t = 0 is the initialisation, before any update.</param>
/// <param name="MeanLogLikelihood">(1/n) Σᵢ log p_θₜ(xᵢ), the mean log-likelihood per point of <paramref name="Mixture"/>.</param>
/// <param name="Mixture">The mixture θₜ; an immutable object, so later iterations never change it.</param>
public sealed record EmStep(int Iteration, double MeanLogLikelihood, GaussianMixture Mixture);
