using MathNet.Numerics.LinearAlgebra;
using ScoreNotebooks.Numerics;

namespace ScoreNotebooks.ScoreMatching;

/// <summary>
/// Gaussian radial basis features φⱼ(x) = exp(−‖x − cⱼ‖² / (2h²)) at m centres cⱼ ∈ ℝᵈ with bandwidth h &gt; 0.
/// </summary>
/// <remarks>
/// ∂φⱼ/∂xₖ = −φⱼ(x) (xₖ − cⱼₖ) / h². A score W φ(x) built on them is a sum of smooth bumps and
/// decays to 0 far from every centre.
/// </remarks>
public sealed class RbfFeatures : IFeatureMap
{
    private readonly Matrix<double> centres;

    /// <summary>Creates features at the rows of an m×d matrix of centres.</summary>
    /// <param name="centres">The centres c₁ … cₘ, one per row, finite; m ≥ 1, d ≥ 1.</param>
    /// <param name="bandwidth">The bandwidth h &gt; 0.</param>
    /// <exception cref="ArgumentNullException">centres is null.</exception>
    /// <exception cref="ArgumentException">centres is empty or has a non-finite entry, or h is not finite.</exception>
    /// <exception cref="ArgumentOutOfRangeException">h ≤ 0.</exception>
    public RbfFeatures(Matrix<double> centres, double bandwidth)
    {
        Guard.Finite(centres, nameof(centres));
        if (centres.RowCount == 0 || centres.ColumnCount == 0)
            throw new ArgumentException($"centres is {centres.RowCount}×{centres.ColumnCount}; it needs m ≥ 1 rows and d ≥ 1 columns.", nameof(centres));
        Bandwidth = Guard.Positive(bandwidth, nameof(bandwidth));
        this.centres = centres.Clone();
    }

    /// <summary>Centres on the tensor grid of k equally spaced values per axis of [a, b]ᵈ (m = kᵈ features).</summary>
    /// <param name="lower">The lower end a, finite.</param>
    /// <param name="upper">The upper end b &gt; a, finite.</param>
    /// <param name="pointsPerDimension">Centres per axis k ≥ 2.</param>
    /// <param name="dimension">The dimension d ≥ 1, with kᵈ ≤ 10 000.</param>
    /// <param name="bandwidth">The bandwidth h &gt; 0.</param>
    /// <exception cref="ArgumentException">Bad bounds, h not finite, or kᵈ &gt; 10 000 (ParamName "pointsPerDimension").</exception>
    /// <exception cref="ArgumentOutOfRangeException">k &lt; 2, d &lt; 1 or h ≤ 0.</exception>
    public static RbfFeatures OnGrid(double lower, double upper, int pointsPerDimension, int dimension, double bandwidth)
    {
        Guard.Positive(dimension, nameof(dimension));
        var axis = Quadrature.Nodes(lower, upper, pointsPerDimension);
        double count = Math.Pow(pointsPerDimension, dimension);
        if (count > 10_000)
            throw new ArgumentException($"{pointsPerDimension}^{dimension} = {count:G3} centres is more than 10 000.", nameof(pointsPerDimension));
        int m = (int)count;
        var grid = Matrix<double>.Build.Dense(m, dimension);
        for (int row = 0; row < m; row++)
        {
            int rest = row;
            for (int k = dimension - 1; k >= 0; k--)
            {
                grid[row, k] = axis[rest % pointsPerDimension];
                rest /= pointsPerDimension;
            }
        }
        return new RbfFeatures(grid, bandwidth);
    }

    /// <inheritdoc />
    public int InputDimension => centres.ColumnCount;

    /// <inheritdoc />
    public int FeatureCount => centres.RowCount;

    /// <summary>The bandwidth h &gt; 0.</summary>
    public double Bandwidth { get; }

    /// <summary>A copy of the centres, an m×d matrix with one centre per row.</summary>
    public Matrix<double> Centres => centres.Clone();

    /// <inheritdoc />
    /// <remarks>φⱼ(x) = exp(−‖x − cⱼ‖² / (2h²)) ∈ (0, 1].</remarks>
    public Vector<double> Features(Vector<double> x)
    {
        Guard.Point(x, InputDimension, nameof(x));
        return Vector<double>.Build.Dense(FeatureCount, j => Bump(x, j));
    }

    /// <inheritdoc />
    /// <remarks>Jⱼₖ = −φⱼ(x) (xₖ − cⱼₖ) / h².</remarks>
    public Matrix<double> Jacobian(Vector<double> x)
    {
        Guard.Point(x, InputDimension, nameof(x));
        double inverseSquare = 1 / (Bandwidth * Bandwidth);
        var jacobian = Matrix<double>.Build.Dense(FeatureCount, InputDimension);
        for (int j = 0; j < FeatureCount; j++)
        {
            double phi = Bump(x, j);
            for (int k = 0; k < InputDimension; k++)
                jacobian[j, k] = -phi * (x[k] - centres[j, k]) * inverseSquare;
        }
        return jacobian;
    }

    /// <inheritdoc />
    public override string ToString() => $"RbfFeatures(m={FeatureCount}, d={InputDimension}, h={Bandwidth:G4})";

    private double Bump(Vector<double> x, int j)
    {
        double squared = 0;
        for (int k = 0; k < InputDimension; k++)
        {
            double gap = x[k] - centres[j, k];
            squared += gap * gap;
        }
        return Math.Exp(-squared / (2 * Bandwidth * Bandwidth));
    }
}
