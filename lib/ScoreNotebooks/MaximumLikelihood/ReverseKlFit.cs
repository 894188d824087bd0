using ScoreNotebooks.Distributions;

namespace ScoreNotebooks.MaximumLikelihood;

/// <summary>The result of <see cref="GaussianKlFit.Reverse(Func{double, double}, double, double, int)"/>: the Gaussian q minimising KL(q ‖ p).</summary>
/// <param name="Fit">The fitted 1D Gaussian q = N(m, s²).</param>
/// <param name="Divergence">
/// KL(q ‖ p) at the fit by quadrature; exact KL when log p is normalised, otherwise shifted by log Z of p.
/// </param>
/// <param name="Evaluations">The number of objective evaluations the optimiser used.</param>
public sealed record ReverseKlFit(Gaussian Fit, double Divergence, int Evaluations);
