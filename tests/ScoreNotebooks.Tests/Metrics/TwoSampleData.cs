using MathNet.Numerics.LinearAlgebra;
using ScoreNotebooks.Distributions;

namespace ScoreNotebooks.Tests.Metrics;

/// <summary>Samples and naive pairwise sums shared by the two-sample metric tests.</summary>
internal static class TwoSampleData
{
    /// <summary>n points of N(μ, s² I) in d dimensions, with μ = shift·e₁.</summary>
    public static Matrix<double> Normal(Random rng, int n, int d, double shift = 0, double s = 1)
    {
        var mean = Vector<double>.Build.Dense(d);
        mean[0] = shift;
        return Gaussian.Isotropic(mean, s).Sample(rng, n);
    }

    /// <summary>‖a − b‖ from the coordinates directly, with no expansion into norms and dot products.</summary>
    public static double Distance(Vector<double> a, Vector<double> b)
    {
        double sum = 0;
        for (int k = 0; k < a.Count; k++)
            sum += (a[k] - b[k]) * (a[k] - b[k]);
        return Math.Sqrt(sum);
    }

    /// <summary>The mean of f(aᵢ, bⱼ) over all pairs, or over i ≠ j when a and b are the same sample.</summary>
    public static double PairMean(Matrix<double> a, Matrix<double> b, Func<Vector<double>, Vector<double>, double> f, bool sameSample)
    {
        double sum = 0;
        long count = 0;
        for (int i = 0; i < a.RowCount; i++)
        {
            for (int j = 0; j < b.RowCount; j++)
            {
                if (sameSample && i == j)
                    continue;
                sum += f(a.Row(i), b.Row(j));
                count++;
            }
        }
        return sum / count;
    }

    /// <summary>Every pairwise distance of the rows of x stacked on y, sorted, and their textbook median.</summary>
    public static double NaiveMedianDistance(Matrix<double> x, Matrix<double> y)
    {
        var pooled = Enumerable.Range(0, x.RowCount).Select(x.Row).Concat(Enumerable.Range(0, y.RowCount).Select(y.Row)).ToList();
        var distances = new List<double>();
        for (int i = 0; i < pooled.Count; i++)
        {
            for (int j = i + 1; j < pooled.Count; j++)
                distances.Add(Distance(pooled[i], pooled[j]));
        }
        distances.Sort();
        int c = distances.Count;
        return c % 2 == 1 ? distances[c / 2] : 0.5 * (distances[c / 2 - 1] + distances[c / 2]);
    }
}
