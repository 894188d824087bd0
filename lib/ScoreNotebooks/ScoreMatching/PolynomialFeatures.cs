using System.Collections.ObjectModel;
using MathNet.Numerics.LinearAlgebra;

namespace ScoreNotebooks.ScoreMatching;

/// <summary>
/// All monomials x^α = x₁^α₁ ⋯ x_d^α_d of total degree |α| ≤ D on ℝᵈ, the constant 1 and the linear
/// terms xₖ included: m = C(d + D, D) features.
/// </summary>
/// <remarks>
/// Ordered by total degree, then by descending powers of the earlier coordinates: for d = 2, D = 2,
/// φ = (1, x₁, x₂, x₁², x₁x₂, x₂²). ∂x^α/∂xₖ = αₖ x^{α − eₖ}. With D = 1 a linear score model
/// s = Wφ = b + Ax is exactly the affine family that contains every Gaussian score.
/// </remarks>
public sealed class PolynomialFeatures : IFeatureMap
{
    private readonly int[][] exponents;

    /// <summary>Creates the monomials of degree ≤ D in d variables.</summary>
    /// <param name="degree">The maximal total degree D ≥ 1.</param>
    /// <param name="dimension">The input dimension d ≥ 1, with C(d + D, D) ≤ 10 000.</param>
    /// <exception cref="ArgumentOutOfRangeException">D &lt; 1 or d &lt; 1.</exception>
    /// <exception cref="ArgumentException">More than 10 000 monomials (ParamName "degree").</exception>
    public PolynomialFeatures(int degree, int dimension)
    {
        Degree = Guard.Positive(degree, nameof(degree));
        InputDimension = Guard.Positive(dimension, nameof(dimension));
        double count = MathNet.Numerics.SpecialFunctions.Binomial(dimension + degree, degree);
        if (count > 10_000)
            throw new ArgumentException($"degree {degree} in {dimension} variables gives {count:G3} monomials, more than 10 000.", nameof(degree));
        var list = new List<int[]>();
        for (int total = 0; total <= degree; total++)
            AddCompositions(new int[dimension], 0, total, list);
        exponents = list.ToArray();
        Exponents = new ReadOnlyCollection<IReadOnlyList<int>>(exponents.Select(a => (IReadOnlyList<int>)Array.AsReadOnly(a)).ToArray());
    }

    /// <summary>The maximal total degree D ≥ 1.</summary>
    public int Degree { get; }

    /// <inheritdoc />
    public int InputDimension { get; }

    /// <inheritdoc />
    public int FeatureCount => exponents.Length;

    /// <summary>The exponent vectors α of the features, in feature order; each has d entries ≥ 0 summing to ≤ D.</summary>
    public IReadOnlyList<IReadOnlyList<int>> Exponents { get; }

    /// <inheritdoc />
    /// <remarks>φⱼ(x) = Πₖ xₖ^αⱼₖ, with 0⁰ = 1.</remarks>
    public Vector<double> Features(Vector<double> x)
    {
        Guard.Point(x, InputDimension, nameof(x));
        return Vector<double>.Build.Dense(FeatureCount, j => Monomial(x, exponents[j], -1));
    }

    /// <inheritdoc />
    /// <remarks>Jⱼₖ = αⱼₖ x^{αⱼ − eₖ} (zero when αⱼₖ = 0).</remarks>
    public Matrix<double> Jacobian(Vector<double> x)
    {
        Guard.Point(x, InputDimension, nameof(x));
        var jacobian = Matrix<double>.Build.Dense(FeatureCount, InputDimension);
        for (int j = 0; j < FeatureCount; j++)
        {
            for (int k = 0; k < InputDimension; k++)
            {
                if (exponents[j][k] > 0)
                    jacobian[j, k] = exponents[j][k] * Monomial(x, exponents[j], k);
            }
        }
        return jacobian;
    }

    /// <inheritdoc />
    public override string ToString() => $"PolynomialFeatures(degree={Degree}, d={InputDimension}, m={FeatureCount})";

    // Π xᵢ^αᵢ, with the power of coordinate `lowered` reduced by one (none when lowered = −1).
    private static double Monomial(Vector<double> x, int[] alpha, int lowered)
    {
        double product = 1;
        for (int i = 0; i < alpha.Length; i++)
        {
            int power = i == lowered ? alpha[i] - 1 : alpha[i];
            for (int p = 0; p < power; p++)
                product *= x[i];
        }
        return product;
    }

    private static void AddCompositions(int[] alpha, int position, int remaining, List<int[]> list)
    {
        if (position == alpha.Length - 1)
        {
            alpha[position] = remaining;
            list.Add((int[])alpha.Clone());
            return;
        }
        for (int power = remaining; power >= 0; power--)
        {
            alpha[position] = power;
            AddCompositions(alpha, position + 1, remaining - power, list);
        }
    }
}
