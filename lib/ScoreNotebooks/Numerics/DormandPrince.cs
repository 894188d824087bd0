using MathNet.Numerics.LinearAlgebra;

namespace ScoreNotebooks.Numerics;

/// <summary>
/// The Dormand–Prince 5(4) method with adaptive step size: a fifth-order step with an embedded
/// fourth-order error estimate, the method behind MATLAB's ode45 and SciPy's RK45 (Dormand &amp; Prince 1980,
/// "A family of embedded Runge–Kutta formulae", J. Comput. Appl. Math. 6: 19–26).
/// </summary>
/// <remarks>
/// <para>
/// Each step evaluates seven stages, the last at the new point, so it is reused as the first stage of
/// the next step ("first same as last"): six evaluations per step. The error estimate eᵢ is the
/// difference of the fifth- and fourth-order results; with scale scᵢ = atol + rtol · max(|yᵢ|, |ŷᵢ|) the
/// step is accepted when err = √((1/m) Σᵢ (eᵢ/scᵢ)²) ≤ 1, and the next step is
/// h · min(5, max(0.2, 0.9 err^(−1/5))), never growing right after a rejection. The first step is
/// chosen by the starting-step algorithm of Hairer, Nørsett &amp; Wanner (1993), "Solving Ordinary
/// Differential Equations I", Sec. II.4 (coefficients in Table 5.2 of Sec. II.5).
/// </para>
/// <para>
/// The tolerance bounds the local error of each step; the global error is usually of the same order,
/// but it is not guaranteed (it also depends on how the errors propagate).
/// </para>
/// </remarks>
public sealed class DormandPrince : OdeMethod
{
    private const double Safety = 0.9, MinFactor = 0.2, MaxFactor = 5.0;

    // Butcher tableau (Hairer, Nørsett & Wanner 1993, Table II.5.2).
    private const double C2 = 1.0 / 5, C3 = 3.0 / 10, C4 = 4.0 / 5, C5 = 8.0 / 9;
    private const double A21 = 1.0 / 5;
    private const double A31 = 3.0 / 40, A32 = 9.0 / 40;
    private const double A41 = 44.0 / 45, A42 = -56.0 / 15, A43 = 32.0 / 9;
    private const double A51 = 19372.0 / 6561, A52 = -25360.0 / 2187, A53 = 64448.0 / 6561, A54 = -212.0 / 729;
    private const double A61 = 9017.0 / 3168, A62 = -355.0 / 33, A63 = 46732.0 / 5247, A64 = 49.0 / 176, A65 = -5103.0 / 18656;
    private const double B1 = 35.0 / 384, B3 = 500.0 / 1113, B4 = 125.0 / 192, B5 = -2187.0 / 6784, B6 = 11.0 / 84;

    // E = b − b̂: fifth-order weights minus the embedded fourth-order ones (b̂₇ = 1/40).
    private const double E1 = 71.0 / 57600, E3 = -71.0 / 16695, E4 = 71.0 / 1920, E5 = -17253.0 / 339200, E6 = 22.0 / 525, E7 = -1.0 / 40;

    /// <summary>Creates the method with relative and absolute tolerances.</summary>
    /// <param name="relativeTolerance">rtol &gt; 0, the error allowed per unit of |y| (1e−6 by default).</param>
    /// <param name="absoluteTolerance">atol &gt; 0, the error allowed where y is near 0 (1e−6 by default).</param>
    /// <param name="maxSteps">The most steps, accepted and rejected together, before giving up (≥ 1).</param>
    /// <exception cref="ArgumentException">A tolerance is not finite.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A tolerance ≤ 0, or maxSteps &lt; 1.</exception>
    public DormandPrince(double relativeTolerance = 1e-6, double absoluteTolerance = 1e-6, int maxSteps = 100_000)
    {
        RelativeTolerance = Guard.Positive(relativeTolerance, nameof(relativeTolerance));
        AbsoluteTolerance = Guard.Positive(absoluteTolerance, nameof(absoluteTolerance));
        MaxSteps = Guard.Positive(maxSteps, nameof(maxSteps));
    }

    /// <summary>The relative tolerance rtol &gt; 0.</summary>
    public double RelativeTolerance { get; }

    /// <summary>The absolute tolerance atol &gt; 0.</summary>
    public double AbsoluteTolerance { get; }

    /// <summary>The most steps (accepted and rejected) allowed, ≥ 1.</summary>
    public int MaxSteps { get; }

    /// <inheritdoc />
    public override string ToString() => $"Dormand–Prince 5(4) (rtol = {RelativeTolerance:G3}, atol = {AbsoluteTolerance:G3})";

    private protected override IEnumerable<OdeStep> Iterate(Func<double, Vector<double>, Vector<double>> f, double t0, Vector<double> y0, double t1)
    {
        var y = y0;
        double t = t0;
        yield return new OdeStep(0, t, y, 0, 0);
        if (t1 == t0)
            yield break;
        double direction = Math.Sign(t1 - t0);
        var k1 = f(t, y);
        int evaluations = 1, accepted = 0, rejected = 0;
        double h = InitialStep(f, t, t1, y, k1, ref evaluations);
        bool justRejected = false;
        while (true)
        {
            if (accepted + rejected >= MaxSteps)
                throw new InvalidOperationException(
                    $"Dormand–Prince took {MaxSteps} steps and reached t = {t:G6} of {t1:G6}; loosen the tolerances or raise maxSteps.");
            double remaining = Math.Abs(t1 - t);
            bool last = h >= remaining;
            double signed = last ? t1 - t : direction * h;
            double tNew = last ? t1 : t + signed;
            var (yNew, k7, error) = Stage(f, t, tNew, y, k1, signed);
            evaluations += 6;
            double err = ErrorNorm(error, y, yNew);
            if (err <= 1)
            {
                accepted++;
                t = tNew;
                y = yNew;
                k1 = k7;
                yield return new OdeStep(accepted, t, y, evaluations, rejected);
                if (last)
                    yield break;
            }
            else
            {
                rejected++;
            }
            double factor = err == 0 ? MaxFactor : Math.Clamp(Safety * Math.Pow(err, -0.2), MinFactor, MaxFactor);
            if (justRejected)
                factor = Math.Min(factor, 1);
            justRejected = err > 1;
            h = Math.Abs(signed) * factor;
            if (h <= 16 * double.Epsilon || h < 1e-14 * Math.Max(Math.Abs(t), Math.Abs(t1 - t0)))
                throw new InvalidOperationException(
                    $"Dormand–Prince step size fell to {h:G3} at t = {t:G6}: the right-hand side is too stiff or singular there for rtol = {RelativeTolerance:G3}, atol = {AbsoluteTolerance:G3}.");
        }
    }

    // One trial step of signed size h from (t, y) to tNew = t + h with k1 = f(t, y): the fifth-order result,
    // its last stage f(tNew, ŷ) and the error estimate h Σ Eᵢ kᵢ. The stages at the new point use tNew itself,
    // which on the last step is exactly t₁, so f never sees a time past the end of the interval.
    private static (Vector<double> Y, Vector<double> K7, Vector<double> Error) Stage(
        Func<double, Vector<double>, Vector<double>> f, double t, double tNew, Vector<double> y, Vector<double> k1, double h)
    {
        var k2 = f(t + C2 * h, y + h * (A21 * k1));
        var k3 = f(t + C3 * h, y + h * (A31 * k1 + A32 * k2));
        var k4 = f(t + C4 * h, y + h * (A41 * k1 + A42 * k2 + A43 * k3));
        var k5 = f(t + C5 * h, y + h * (A51 * k1 + A52 * k2 + A53 * k3 + A54 * k4));
        var k6 = f(tNew, y + h * (A61 * k1 + A62 * k2 + A63 * k3 + A64 * k4 + A65 * k5));
        var yNew = y + h * (B1 * k1 + B3 * k3 + B4 * k4 + B5 * k5 + B6 * k6);
        var k7 = f(tNew, yNew);
        var error = h * (E1 * k1 + E3 * k3 + E4 * k4 + E5 * k5 + E6 * k6 + E7 * k7);
        return (yNew, k7, error);
    }

    // √((1/m) Σᵢ (eᵢ / scᵢ)²) with scᵢ = atol + rtol · max(|yᵢ|, |ŷᵢ|).
    private double ErrorNorm(Vector<double> error, Vector<double> y, Vector<double> yNew)
    {
        double sum = 0;
        for (int i = 0; i < error.Count; i++)
        {
            double scale = AbsoluteTolerance + RelativeTolerance * Math.Max(Math.Abs(y[i]), Math.Abs(yNew[i]));
            double ratio = error[i] / scale;
            sum += ratio * ratio;
        }
        return Math.Sqrt(sum / error.Count);
    }

    private double ScaledNorm(Vector<double> v, Vector<double> y)
    {
        double sum = 0;
        for (int i = 0; i < v.Count; i++)
        {
            double ratio = v[i] / (AbsoluteTolerance + RelativeTolerance * Math.Abs(y[i]));
            sum += ratio * ratio;
        }
        return Math.Sqrt(sum / v.Count);
    }

    // Hairer, Nørsett & Wanner (1993), Sec. II.4: a first guess from ‖y‖/‖f‖, one explicit Euler step to
    // estimate the second derivative, then h such that h⁵ · max(‖f‖, ‖f′‖) ≈ 0.01; never beyond the interval.
    private double InitialStep(
        Func<double, Vector<double>, Vector<double>> f, double t, double t1, Vector<double> y, Vector<double> f0, ref int evaluations)
    {
        double direction = Math.Sign(t1 - t), span = Math.Abs(t1 - t);
        double d0 = ScaledNorm(y, y), d1 = ScaledNorm(f0, y);
        double h0 = d0 < 1e-5 || d1 < 1e-5 ? 1e-6 : 0.01 * d0 / d1;
        h0 = Math.Min(h0, span);
        var f1 = f(h0 >= span ? t1 : t + direction * h0, y + (direction * h0) * f0);
        evaluations++;
        double d2 = ScaledNorm(f1 - f0, y) / h0;
        double dMax = Math.Max(d1, d2);
        double h1 = dMax <= 1e-15 ? Math.Max(1e-6, h0 * 1e-3) : Math.Pow(0.01 / dMax, 0.2);
        return Math.Min(Math.Min(100 * h0, h1), span);
    }
}
