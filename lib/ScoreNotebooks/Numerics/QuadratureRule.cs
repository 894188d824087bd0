namespace ScoreNotebooks.Numerics;

/// <summary>A composite Newton–Cotes rule on equally spaced nodes; see <see cref="Quadrature"/>.</summary>
public enum QuadratureRule
{
    /// <summary>
    /// The composite trapezoid rule on k ≥ 2 nodes: weights h·(½, 1, …, 1, ½), error O(h²).
    /// For smooth integrands that decay to 0 at both ends it is spectrally accurate, because
    /// the Euler–Maclaurin correction terms vanish with the end derivatives.
    /// </summary>
    Trapezoid,

    /// <summary>The composite Simpson rule on an odd number k ≥ 3 of nodes: weights (h/3)·(1, 4, 2, 4, …, 2, 4, 1), error O(h⁴).</summary>
    Simpson,
}
