using MathNet.Numerics.LinearAlgebra;
using ScoreNotebooks.Numerics;

namespace ScoreNotebooks.MaximumLikelihood;

/// <summary>
/// An energy-based model p_θ(x) = exp(−E_θ(x)) / Z(θ) on ℝᵈ whose normaliser Z is computed by
/// quadrature on a tensor grid over the box [a, b]ᵈ with k nodes per axis: kᵈ energy evaluations.
/// </summary>
/// <remarks>
/// log Z = log Σ_{i₁…i_d} w_{i₁} ⋯ w_{i_d} exp(−E(x_{i₁}, …, x_{i_d})), with the 1D weights of
/// <see cref="Quadrature.Weights"/>, accumulated in log space so that large energies neither
/// overflow nor underflow. The mass outside the box is ignored, so the box must hold essentially all
/// of it. The cost kᵈ is what makes normalised likelihoods intractable beyond a few dimensions
/// (<see cref="QuadratureEvaluations"/>). The score ∇ₓ log p_θ = −∇ₓE_θ does not involve Z at all.
/// </remarks>
public sealed class EnergyBasedModel
{
    /// <summary>The largest grid, in nodes, that the constructor will evaluate.</summary>
    public const double MaximumGridPoints = 1e7;

    private readonly Func<Vector<double>, double> energy;
    private readonly Func<Vector<double>, Vector<double>>? energyGradient;

    /// <summary>Creates the model and computes log Z on the grid.</summary>
    /// <param name="dimension">The dimension d ≥ 1, with kᵈ ≤ 10⁷.</param>
    /// <param name="energy">The energy E(x); finite or +∞ (zero density) at every node, never NaN or −∞.</param>
    /// <param name="lower">The lower end a of every axis, finite.</param>
    /// <param name="upper">The upper end b &gt; a of every axis, finite.</param>
    /// <param name="pointsPerDimension">Nodes per axis k (odd and ≥ 3 for Simpson, ≥ 2 for trapezoid).</param>
    /// <param name="rule">The 1D rule whose tensor product is used; Simpson by default.</param>
    /// <param name="energyGradient">The exact ∇E(x), or null to differentiate E by central finite differences.</param>
    /// <exception cref="ArgumentNullException">energy is null.</exception>
    /// <exception cref="ArgumentException">
    /// Bad bounds or rule, kᵈ &gt; 10⁷ (ParamName "pointsPerDimension"), an energy that is NaN or −∞ at a node
    /// (ParamName "energy"), or an energy that is +∞ on the whole grid (ParamName "energy").
    /// </exception>
    /// <exception cref="ArgumentOutOfRangeException">d &lt; 1 or too few points for the rule.</exception>
    public EnergyBasedModel(
        int dimension,
        Func<Vector<double>, double> energy,
        double lower,
        double upper,
        int pointsPerDimension,
        QuadratureRule rule = QuadratureRule.Simpson,
        Func<Vector<double>, Vector<double>>? energyGradient = null)
    {
        Dimension = Guard.Positive(dimension, nameof(dimension));
        this.energy = Guard.NotNull(energy, nameof(energy));
        this.energyGradient = energyGradient;
        var weights = Quadrature.Weights(rule, lower, upper, pointsPerDimension);
        var nodes = Quadrature.Nodes(lower, upper, pointsPerDimension);
        double count = QuadratureEvaluations(dimension, pointsPerDimension);
        if (count > MaximumGridPoints)
            throw new ArgumentException(
                $"{pointsPerDimension}^{dimension} = {count:G3} grid nodes exceeds {MaximumGridPoints:G1}; use fewer points or a lower dimension.",
                nameof(pointsPerDimension));
        Lower = lower;
        Upper = upper;
        PointsPerDimension = pointsPerDimension;
        Rule = rule;
        GridPointCount = (long)count;
        LogNormaliser = ComputeLogNormaliser(nodes, weights);
    }

    /// <summary>The number of energy evaluations kᵈ a tensor grid of k nodes per axis needs in d dimensions.</summary>
    /// <param name="dimension">The dimension d ≥ 1.</param>
    /// <param name="pointsPerDimension">Nodes per axis k ≥ 1.</param>
    /// <returns>kᵈ as a double (exact up to 2⁵³, +∞ beyond double range) so that it can be plotted for any d.</returns>
    /// <exception cref="ArgumentOutOfRangeException">d &lt; 1 or k &lt; 1.</exception>
    public static double QuadratureEvaluations(int dimension, int pointsPerDimension)
    {
        Guard.Positive(dimension, nameof(dimension));
        Guard.Positive(pointsPerDimension, nameof(pointsPerDimension));
        return Math.Pow(pointsPerDimension, dimension);
    }

    /// <summary>The dimension d ≥ 1.</summary>
    public int Dimension { get; }

    /// <summary>The lower end a of the box [a, b]ᵈ.</summary>
    public double Lower { get; }

    /// <summary>The upper end b &gt; a of the box [a, b]ᵈ.</summary>
    public double Upper { get; }

    /// <summary>Nodes per axis k.</summary>
    public int PointsPerDimension { get; }

    /// <summary>The 1D quadrature rule of the tensor grid.</summary>
    public QuadratureRule Rule { get; }

    /// <summary>kᵈ, the number of grid nodes and hence energy evaluations spent on Z.</summary>
    public long GridPointCount { get; }

    /// <summary>log Z = log ∫_{[a,b]ᵈ} exp(−E(x)) dx by quadrature, any real number.</summary>
    public double LogNormaliser { get; }

    /// <summary>The energy E(x), finite or +∞.</summary>
    /// <exception cref="ArgumentException">x has the wrong dimension or a non-finite entry; E(x) is NaN or −∞ (ParamName "energy").</exception>
    public double Energy(Vector<double> x)
    {
        Guard.Point(x, Dimension, nameof(x));
        return CheckedEnergy(x);
    }

    /// <summary>The unnormalised log-density −E(x), which needs no Z.</summary>
    /// <exception cref="ArgumentException">As for <see cref="Energy"/>.</exception>
    public double UnnormalisedLogDensity(Vector<double> x) => -Energy(x);

    /// <summary>The log-density log p_θ(x) = −E(x) − log Z, in [−∞, ∞).</summary>
    /// <exception cref="ArgumentException">As for <see cref="Energy"/>.</exception>
    public double LogDensity(Vector<double> x) => -Energy(x) - LogNormaliser;

    /// <summary>The log-density at every row of an n×d matrix; returns a vector of length n.</summary>
    /// <exception cref="ArgumentException">xs does not have d columns, has a non-finite entry, or E is NaN or −∞ at a row.</exception>
    public Vector<double> LogDensity(Matrix<double> xs)
    {
        Guard.Batch(xs, Dimension, nameof(xs));
        return Vector<double>.Build.Dense(xs.RowCount, i => -CheckedEnergy(xs.Row(i)) - LogNormaliser);
    }

    /// <summary>The score ∇ₓ log p_θ(x) = −∇ₓE(x) ∈ ℝᵈ, the same for every normaliser.</summary>
    /// <remarks>−∇E from the exact gradient if one was given, otherwise central differences of E (2d evaluations).</remarks>
    /// <exception cref="ArgumentException">
    /// x has the wrong dimension or a non-finite entry; the gradient returns the wrong length or a non-finite value
    /// (ParamName "energyGradient"); E is not finite near x (ParamName "f", from the finite differences).
    /// </exception>
    public Vector<double> Score(Vector<double> x)
    {
        Guard.Point(x, Dimension, nameof(x));
        if (energyGradient is null)
            return -FiniteDifferences.Gradient(energy, x);
        var gradient = energyGradient(x);
        if (gradient is null || gradient.Count != Dimension || gradient.Any(v => !double.IsFinite(v)))
            throw new ArgumentException(
                $"energyGradient returned {(gradient is null ? "null" : $"[{string.Join(", ", gradient)}]")}; expected {Dimension} finite entries.",
                nameof(energyGradient));
        return -gradient;
    }

    /// <summary>The score at every row of an n×d matrix; returns an n×d matrix.</summary>
    /// <exception cref="ArgumentException">As for <see cref="Score(Vector{double})"/>, or xs does not have d columns.</exception>
    public Matrix<double> Score(Matrix<double> xs)
    {
        Guard.Batch(xs, Dimension, nameof(xs));
        var result = Matrix<double>.Build.Dense(xs.RowCount, Dimension);
        for (int i = 0; i < xs.RowCount; i++)
            result.SetRow(i, Score(xs.Row(i)));
        return result;
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"EnergyBasedModel(d={Dimension}, grid {PointsPerDimension}^{Dimension} = {GridPointCount} on [{Lower:G4}, {Upper:G4}]^{Dimension}, log Z={LogNormaliser:G6})";

    private double CheckedEnergy(Vector<double> x)
    {
        double e = energy(x);
        if (double.IsNaN(e) || double.IsNegativeInfinity(e))
            throw new ArgumentException($"energy is {e} at [{string.Join(", ", x.Select(v => v.ToString("G6")))}]; it must be finite or +∞.", nameof(energy));
        return e;
    }

    private double ComputeLogNormaliser(double[] nodes, double[] weights)
    {
        int k = nodes.Length;
        var index = new int[Dimension];
        var x = Vector<double>.Build.Dense(Dimension);
        // Streaming log-sum-exp: keep the running maximum m and Σ exp(aᵢ − m), rescaling when m grows.
        double max = double.NegativeInfinity, sum = 0;
        for (long node = 0; node < GridPointCount; node++)
        {
            double logWeight = 0;
            for (int j = 0; j < Dimension; j++)
            {
                x[j] = nodes[index[j]];
                logWeight += Math.Log(weights[index[j]]);
            }
            double term = logWeight - CheckedEnergy(x);
            if (term > max)
            {
                sum = sum * Math.Exp(max - term) + 1;
                max = term;
            }
            else if (!double.IsNegativeInfinity(term))
            {
                sum += Math.Exp(term - max);
            }
            Advance(index, k);
        }
        if (double.IsNegativeInfinity(max))
            throw new ArgumentException("energy is +∞ at every grid node, so Z = 0 on this box.", nameof(energy));
        return max + Math.Log(sum);
    }

    private static void Advance(int[] index, int k)
    {
        for (int j = index.Length - 1; j >= 0; j--)
        {
            if (++index[j] < k)
                return;
            index[j] = 0;
        }
    }
}
