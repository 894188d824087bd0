using MathNet.Numerics.LinearAlgebra;
using ScoreNotebooks.Diffusion;
using ScoreNotebooks.Distributions;
using ScoreNotebooks.Divergences;
using static TorchSharp.torch;

namespace ScoreNotebooks.Torch.Training;

/// <summary>
/// The mean squared error E ‖v(xₜ, t) − u(xₜ, t)‖² of a velocity against the exact flow-matching velocity u of mixture data,
/// with t ~ U[0, 1) and xₜ = (1 − t) z + t x: the amount by which the flow-matching loss of v exceeds its floor.
/// </summary>
public static class VelocityError
{
    /// <summary>Monte Carlo estimate of E ‖v(xₜ, t) − u(xₜ, t)‖² over n independent (t, x, z).</summary>
    /// <param name="velocity">v(x, t): (B, d) and (B) → (B, d).</param>
    /// <param name="data">The data law, a Gaussian mixture.</param>
    /// <param name="rng">The random source: for each term t, then x (with its component), then z.</param>
    /// <param name="samples">n ≥ 2.</param>
    /// <param name="device">Where v is evaluated; null for <see cref="TorchDevice.Current"/>.</param>
    /// <exception cref="ArgumentNullException">velocity, data or rng is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">samples &lt; 2.</exception>
    public static MonteCarloEstimate Estimate(Func<Tensor, Tensor, Tensor> velocity, GaussianMixture data, Random rng,
        int samples = 5000, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(velocity);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(rng);
        if (samples < 2)
            throw new ArgumentOutOfRangeException(nameof(samples), samples, "samples must be ≥ 2 for a standard error.");
        int d = data.Dimension;
        var times = new double[samples];
        var points = Matrix<double>.Build.Dense(samples, d);
        for (int i = 0; i < samples; i++)
        {
            times[i] = rng.NextDouble();
            var x = data.Sample(rng, 1).Row(0);
            var z = Vector<double>.Build.Dense(d, _ => MathNet.Numerics.Distributions.Normal.Sample(rng, 0.0, 1.0));
            var xt = (1 - times[i]) * z + times[i] * x;
            points.SetRow(i, xt);
        }
        var exact = FlowMatching.Velocity(data, points, times);
        Matrix<double> model;
        using (var scope = NewDisposeScope())
        using (var noGrad = no_grad())
        {
            var target = device ?? TorchDevice.Current;
            var t = tensor(times.Select(v => (float)v).ToArray(), [samples], ScalarType.Float32, target);
            model = velocity(points.ToTensor(target), t).ToMatrix();
        }
        if (model.RowCount != samples || model.ColumnCount != d)
            throw new ArgumentException($"velocity returned {model.RowCount}×{model.ColumnCount} for {samples}×{d} points.", nameof(velocity));
        var terms = new double[samples];
        for (int i = 0; i < samples; i++)
        {
            var r = model.Row(i) - exact.Row(i);
            terms[i] = r.DotProduct(r);
        }
        return MonteCarloEstimate.FromTerms(terms);
    }
}
