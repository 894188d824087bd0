namespace ScoreNotebooks.ScoreMatching;

/// <summary>
/// The three terms of the one-dimensional integration by parts behind score matching, on [−L, L].
/// </summary>
/// <param name="Limit">The half-width L &gt; 0 of the interval.</param>
/// <param name="CrossTerm">∫₋ₗᴸ p(x) s_θ(x) (log p)′(x) dx, the cross term of the explicit objective.</param>
/// <param name="BoundaryTerm">[p s_θ]₋ₗᴸ = p(L) s_θ(L) − p(−L) s_θ(−L), which vanishes as L → ∞.</param>
/// <param name="DivergenceTerm">−∫₋ₗᴸ p(x) s_θ′(x) dx, the term score matching keeps.</param>
/// <remarks>
/// Since p (log p)′ = p′, the cross term is ∫ s_θ p′ dx = [p s_θ]₋ₗᴸ − ∫ p s_θ′ dx, so
/// CrossTerm = BoundaryTerm + DivergenceTerm for every L, up to quadrature error.
/// </remarks>
public readonly record struct IntegrationByPartsTerms(double Limit, double CrossTerm, double BoundaryTerm, double DivergenceTerm)
{
    /// <summary>CrossTerm − (BoundaryTerm + DivergenceTerm): zero up to quadrature error.</summary>
    public double Residual => CrossTerm - (BoundaryTerm + DivergenceTerm);
}
