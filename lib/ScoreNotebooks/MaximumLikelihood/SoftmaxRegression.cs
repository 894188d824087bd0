using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;

namespace ScoreNotebooks.MaximumLikelihood;

/// <summary>
/// Multinomial logistic regression: p(y = k | x) = softmax(W x + b)ₖ, fitted by penalised maximum likelihood — the
/// mean negative log-likelihood plus (γ/2)‖W‖²_F, which is convex and, for γ &gt; 0, strictly convex in W — with
/// MathNet's L-BFGS.
/// </summary>
/// <remarks>
/// The gradient of the objective is (1/n) Σᵢ (pᵢ − e_{yᵢ}) xᵢᵀ + γW for W and (1/n) Σᵢ (pᵢ − e_{yᵢ}) for b, with pᵢ the
/// predicted class probabilities; at the fitted parameters it is zero to within the requested tolerance, which is the
/// whole optimality condition of a convex problem. The biases are not penalised.
/// </remarks>
public sealed class SoftmaxRegression
{
    private SoftmaxRegression(Matrix<double> weights, Vector<double> biases, int iterations)
    {
        Weights = weights;
        Biases = biases;
        Iterations = iterations;
    }

    /// <summary>W, a K×d matrix: row k scores class k.</summary>
    public Matrix<double> Weights { get; }

    /// <summary>b, one bias per class.</summary>
    public Vector<double> Biases { get; }

    /// <summary>The number of classes K.</summary>
    public int ClassCount => Weights.RowCount;

    /// <summary>The number of features d.</summary>
    public int Dimension => Weights.ColumnCount;

    /// <summary>The L-BFGS iterations the fit took.</summary>
    public int Iterations { get; }

    /// <summary>Fits W and b to labelled features.</summary>
    /// <param name="features">n ≥ 1 points, one per row of an n×d matrix, finite.</param>
    /// <param name="labels">n labels in 0 … K − 1.</param>
    /// <param name="classCount">K ≥ 2.</param>
    /// <param name="ridge">γ ≥ 0, the weight of (γ/2)‖W‖²_F; with γ = 0 separable data has no finite optimum.</param>
    /// <param name="gradientTolerance">The fit stops when the gradient's largest entry is below this, &gt; 0.</param>
    /// <param name="maximumIterations">At most this many L-BFGS iterations, ≥ 1.</param>
    /// <exception cref="ArgumentNullException">features or labels is null.</exception>
    /// <exception cref="ArgumentException">Labels and rows differ in number, a label is outside 0 … K − 1, or a feature is not
    /// finite.</exception>
    /// <exception cref="ArgumentOutOfRangeException">K &lt; 2, γ &lt; 0, a tolerance ≤ 0 or maximumIterations &lt; 1.</exception>
    /// <exception cref="InvalidOperationException">The optimiser stopped before the gradient fell below the tolerance.</exception>
    public static SoftmaxRegression Fit(Matrix<double> features, IReadOnlyList<int> labels, int classCount, double ridge = 1e-2,
        double gradientTolerance = 1e-7, int maximumIterations = 1000)
    {
        Check(features, labels, classCount, ridge);
        Guard.Positive(gradientTolerance, nameof(gradientTolerance));
        if (maximumIterations < 1)
            throw new ArgumentOutOfRangeException(nameof(maximumIterations), maximumIterations, "maximumIterations must be ≥ 1.");
        int parameters = classCount * (features.ColumnCount + 1);
        var objective = ObjectiveFunction.Gradient(theta => ObjectiveUnchecked(features, labels, classCount, ridge, theta));
        var minimizer = new LimitedMemoryBfgsMinimizer(gradientTolerance, 0, 0, 10, maximumIterations);
        MinimizationResult result;
        try
        {
            result = minimizer.FindMinimum(objective, Vector<double>.Build.Dense(parameters));
        }
        catch (Exception e) when (e is MaximumIterationsException or OptimizationException)
        {
            throw new InvalidOperationException(
                $"the fit did not converge to a gradient below {gradientTolerance:G3} in {maximumIterations} iterations ({e.Message}); " +
                "raise maximumIterations or the ridge, or scale the features.", e);
        }
        var (weights, biases) = Unpack(result.MinimizingPoint, classCount, features.ColumnCount);
        return new SoftmaxRegression(weights, biases, result.Iterations);
    }

    /// <summary>
    /// The penalised mean negative log-likelihood −(1/n) Σᵢ log softmax(W xᵢ + b)_{yᵢ} + (γ/2)‖W‖²_F and its gradient, at
    /// θ = (W row by row, then b).
    /// </summary>
    /// <param name="features">n×d features.</param>
    /// <param name="labels">n labels in 0 … K − 1.</param>
    /// <param name="classCount">K.</param>
    /// <param name="ridge">γ ≥ 0.</param>
    /// <param name="theta">K·d + K parameters.</param>
    /// <exception cref="ArgumentException">As for <see cref="Fit"/>, or theta has the wrong length.</exception>
    public static (double Value, Vector<double> Gradient) Objective(Matrix<double> features, IReadOnlyList<int> labels,
        int classCount, double ridge, Vector<double> theta)
    {
        Check(features, labels, classCount, ridge);
        Guard.NotNull(theta, nameof(theta));
        if (theta.Count != classCount * (features.ColumnCount + 1))
            throw new ArgumentException(
                $"theta has {theta.Count} entries, expected K·(d + 1) = {classCount * (features.ColumnCount + 1)}.", nameof(theta));
        return ObjectiveUnchecked(features, labels, classCount, ridge, theta);
    }

    private static (double Value, Vector<double> Gradient) ObjectiveUnchecked(Matrix<double> features, IReadOnlyList<int> labels,
        int classCount, double ridge, Vector<double> theta)
    {
        int n = features.RowCount, d = features.ColumnCount;
        var (weights, biases) = Unpack(theta, classCount, d);
        var probabilities = SoftmaxRows(features, weights, biases); // (n, K)
        double value = 0;
        var residual = probabilities.Clone(); // pᵢ − e_{yᵢ}
        for (int i = 0; i < n; i++)
        {
            value -= Math.Log(Math.Max(probabilities[i, labels[i]], double.Epsilon));
            residual[i, labels[i]] -= 1;
        }
        value = value / n + 0.5 * ridge * weights.FrobeniusNorm() * weights.FrobeniusNorm();
        var weightGradient = residual.TransposeThisAndMultiply(features) / n + ridge * weights; // (K, d)
        var biasGradient = residual.ColumnSums() / n;
        var gradient = Vector<double>.Build.Dense(theta.Count);
        for (int k = 0; k < classCount; k++)
        {
            for (int j = 0; j < d; j++)
                gradient[k * d + j] = weightGradient[k, j];
            gradient[classCount * d + k] = biasGradient[k];
        }
        return (value, gradient);
    }

    /// <summary>The class probabilities of every row: an n×K matrix whose rows sum to 1.</summary>
    /// <exception cref="ArgumentException">features does not have d columns or is not finite.</exception>
    public Matrix<double> Probabilities(Matrix<double> features)
    {
        Guard.Batch(features, Dimension, nameof(features));
        return SoftmaxRows(features, Weights, Biases);
    }

    /// <summary>The most probable class of every row.</summary>
    /// <exception cref="ArgumentException">features does not have d columns or is not finite.</exception>
    public int[] Predict(Matrix<double> features)
    {
        var p = Probabilities(features);
        return Enumerable.Range(0, p.RowCount).Select(i => p.Row(i).MaximumIndex()).ToArray();
    }

    /// <summary>The share of rows whose predicted class is their label.</summary>
    /// <exception cref="ArgumentException">Labels and rows differ in number, or features does not have d columns.</exception>
    public double Accuracy(Matrix<double> features, IReadOnlyList<int> labels)
    {
        Guard.NotNull(labels, nameof(labels));
        var predicted = Predict(features);
        if (labels.Count != predicted.Length)
            throw new ArgumentException($"labels has {labels.Count} entries for {predicted.Length} rows.", nameof(labels));
        return predicted.Where((k, i) => k == labels[i]).Count() / (double)predicted.Length;
    }

    private static Matrix<double> SoftmaxRows(Matrix<double> features, Matrix<double> weights, Vector<double> biases)
    {
        var logits = features.TransposeAndMultiply(weights); // (n, K)
        for (int i = 0; i < logits.RowCount; i++)
        {
            double max = double.NegativeInfinity;
            for (int k = 0; k < logits.ColumnCount; k++)
            {
                logits[i, k] += biases[k];
                max = Math.Max(max, logits[i, k]);
            }
            double total = 0;
            for (int k = 0; k < logits.ColumnCount; k++)
            {
                logits[i, k] = Math.Exp(logits[i, k] - max);
                total += logits[i, k];
            }
            for (int k = 0; k < logits.ColumnCount; k++)
                logits[i, k] /= total;
        }
        return logits;
    }

    private static (Matrix<double> Weights, Vector<double> Biases) Unpack(Vector<double> theta, int classCount, int d) =>
        (Matrix<double>.Build.Dense(classCount, d, (k, j) => theta[k * d + j]),
         Vector<double>.Build.Dense(classCount, k => theta[classCount * d + k]));

    private static void Check(Matrix<double> features, IReadOnlyList<int> labels, int classCount, double ridge)
    {
        Guard.Finite(features, nameof(features));
        Guard.NotNull(labels, nameof(labels));
        if (classCount < 2)
            throw new ArgumentOutOfRangeException(nameof(classCount), classCount, "classCount must be ≥ 2.");
        Guard.NonNegative(ridge, nameof(ridge));
        if (labels.Count != features.RowCount)
            throw new ArgumentException($"labels has {labels.Count} entries for {features.RowCount} rows of features.", nameof(labels));
        for (int i = 0; i < labels.Count; i++)
        {
            if (labels[i] < 0 || labels[i] >= classCount)
                throw new ArgumentException($"labels[{i}] is {labels[i]}; every label must be in 0 … {classCount - 1}.", nameof(labels));
        }
    }
}
