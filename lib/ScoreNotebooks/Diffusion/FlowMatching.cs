using MathNet.Numerics.LinearAlgebra;
using ScoreNotebooks.Distributions;

namespace ScoreNotebooks.Diffusion;

/// <summary>
/// The conditional optimal-transport path of flow matching (Lipman et al. 2023; Liu et al. 2023) from z ~ N(0, I) at
/// t = 0 to data x₁ ~ p at t = 1, xₜ = (1 − t) z + t x₁, for Gaussian-mixture data: its marginal law and its exact
/// marginal velocity, the field a flow-matching network learns.
/// </summary>
/// <remarks>
/// Given component k, (x₁, xₜ) is jointly Gaussian: xₜ ~ N(t μₖ, Cₖ) with Cₖ = (1 − t)² I + t² Σₖ, and
/// E[x₁ | xₜ, k] = μₖ + t Σₖ Cₖ⁻¹ (xₜ − t μₖ). The conditional velocity x₁ − z equals (x₁ − xₜ)/(1 − t), so the marginal
/// velocity is u(x, t) = E[x₁ − z | xₜ = x] = (E[x₁ | xₜ = x] − x)/(1 − t), with the mixture over k weighted by the
/// responsibilities under the marginal. It carries pₜ along (∂ₜpₜ + ∇·(pₜ u) = 0), which the tests check by finite
/// differences.
/// </remarks>
public static class FlowMatching
{
    /// <summary>The law pₜ of xₜ = (1 − t) z + t x₁: the mixture Σₖ πₖ N(t μₖ, (1 − t)² I + t² Σₖ).</summary>
    /// <param name="data">The data law p, a Gaussian mixture.</param>
    /// <param name="t">The time t ∈ [0, 1); at t = 0 every component is N(0, I).</param>
    /// <exception cref="ArgumentNullException">data is null.</exception>
    /// <exception cref="ArgumentException">t is not finite.</exception>
    /// <exception cref="ArgumentOutOfRangeException">t ∉ [0, 1).</exception>
    public static GaussianMixture Marginal(GaussianMixture data, double t)
    {
        Guard.NotNull(data, nameof(data));
        CheckTime(t);
        var identity = Matrix<double>.Build.DenseIdentity(data.Dimension);
        return new GaussianMixture(data.Weights,
            data.Components.Select(c => new Gaussian(t * c.Mean, (1 - t) * (1 - t) * identity + t * t * c.Covariance)));
    }

    /// <summary>The exact marginal velocity u(x, t) = (E[x₁ | xₜ = x] − x)/(1 − t) at every row of x.</summary>
    /// <param name="data">The data law p, a Gaussian mixture of dimension d.</param>
    /// <param name="x">n points, one per row of an n×d matrix, finite.</param>
    /// <param name="t">The time t ∈ [0, 1).</param>
    /// <returns>An n×d matrix, one velocity per row.</returns>
    /// <exception cref="ArgumentNullException">data or x is null.</exception>
    /// <exception cref="ArgumentException">x has the wrong number of columns or a non-finite entry; t is not finite.</exception>
    /// <exception cref="ArgumentOutOfRangeException">t ∉ [0, 1).</exception>
    public static Matrix<double> Velocity(GaussianMixture data, Matrix<double> x, double t)
    {
        Guard.NotNull(data, nameof(data));
        Guard.Batch(x, data.Dimension, nameof(x));
        var marginal = Marginal(data, t);
        var r = marginal.Responsibilities(x);
        var expected = Matrix<double>.Build.Dense(x.RowCount, x.ColumnCount);
        for (int k = 0; k < data.Components.Count; k++)
        {
            var component = data.Components[k];
            // Rows of E[x₁ | xₜ, k]: μₖ + t Σₖ Cₖ⁻¹ (x − t μₖ), with Cₖ symmetric, so row-wise (x − t μₖ) Cₖ⁻¹ Σₖ t.
            var centred = x.Clone();
            for (int i = 0; i < centred.RowCount; i++)
                centred.SetRow(i, centred.Row(i) - t * component.Mean);
            var gain = marginal.Components[k].Covariance.Cholesky().Solve(t * component.Covariance);
            var conditional = centred * gain;
            for (int i = 0; i < x.RowCount; i++)
                expected.SetRow(i, expected.Row(i) + r[i, k] * (component.Mean + conditional.Row(i)));
        }
        return (expected - x) / (1 - t);
    }

    private static void CheckTime(double t)
    {
        Guard.Finite(t, nameof(t));
        if (t < 0 || t >= 1)
            throw new ArgumentOutOfRangeException(nameof(t), t, "t must lie in [0, 1): at t = 1 the path reaches the data, where the velocity need not exist.");
    }
}
