namespace ScoreNotebooks.Plotting;

/// <summary>
/// One drawn arrow: a shaft from <see cref="Tail"/> (the point where the vector was evaluated)
/// to <see cref="Tip"/>, and two barbs from the tip to <see cref="LeftBarb"/> and <see cref="RightBarb"/>.
/// </summary>
/// <param name="Index">The row of the point and vector this arrow draws, ≥ 0.</param>
/// <param name="Tail">Start of the shaft: the point itself.</param>
/// <param name="Tip">End of the shaft: Tail + ℓ · s/|s|, with ℓ the scaled length (Tail when s = 0).</param>
/// <param name="LeftBarb">End of the barb turned +θ from the backward shaft direction.</param>
/// <param name="RightBarb">End of the barb turned −θ from the backward shaft direction.</param>
/// <param name="Magnitude">The magnitude |s| ≥ 0 of the vector, before scaling.</param>
public readonly record struct Arrow(
    int Index,
    (double X, double Y) Tail,
    (double X, double Y) Tip,
    (double X, double Y) LeftBarb,
    (double X, double Y) RightBarb,
    double Magnitude)
{
    /// <summary>The drawn shaft length ℓ = |Tip − Tail| ≥ 0.</summary>
    public double Length => Math.Sqrt((Tip.X - Tail.X) * (Tip.X - Tail.X) + (Tip.Y - Tail.Y) * (Tip.Y - Tail.Y));
}
