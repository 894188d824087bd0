using static TorchSharp.torch;

namespace ScoreNotebooks.Torch.Diffusion;

/// <summary>
/// The classical fourth-order Runge–Kutta method on a state made of several tensors, with N equal steps from
/// t₀ to t₁ (either direction): the same scheme as the CPU reference's <see cref="Numerics.RungeKutta4"/>, kept on
/// the tensors' device.
/// </summary>
/// <remarks>
/// With h = (t₁ − t₀)/N: k₁ = f(tᵢ, yᵢ), k₂ = f(tᵢ + h/2, yᵢ + h k₁/2), k₃ = f(tᵢ + h/2, yᵢ + h k₂/2),
/// k₄ = f(tᵢ₊₁, yᵢ + h k₃), yᵢ₊₁ = yᵢ + h (k₁ + 2k₂ + 2k₃ + k₄)/6 (Hairer, Nørsett &amp; Wanner 1993, Sec. II.1).
/// tᵢ comes from the index and the last time is exactly t₁, as in the CPU method. Runs without gradients; f may
/// enable them for itself (an autograd divergence).
/// </remarks>
internal static class TensorRungeKutta4
{
    /// <summary>Yields (i, tᵢ, yᵢ) for i = 0, …, N; each yielded state is owned by the caller and is the next step's input (never disposed here).</summary>
    public static IEnumerable<(int Step, double Time, Tensor[] State)> Steps(Func<double, Tensor[], Tensor[]> f, double t0, Tensor[] y0, double t1, int steps)
    {
        var y = y0;
        yield return (0, t0, y);
        double h = (t1 - t0) / steps;
        for (int i = 0; i < steps; i++)
        {
            double t = t0 + i * h;
            double next = i + 1 == steps ? t1 : t0 + (i + 1) * h;
            y = Step(f, t, next, h, y);
            yield return (i + 1, next, y);
        }
    }

    private static Tensor[] Step(Func<double, Tensor[], Tensor[]> f, double t, double next, double h, Tensor[] y)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var k1 = f(t, y);
        var k2 = f(t + h / 2, Axpy(y, h / 2, k1));
        var k3 = f(t + h / 2, Axpy(y, h / 2, k2));
        var k4 = f(next, Axpy(y, h, k3));
        var result = new Tensor[y.Length];
        for (int j = 0; j < y.Length; j++)
        {
            var increment = k1[j].add(k2[j].mul(2)).add(k3[j].mul(2)).add(k4[j]).mul(h / 6);
            result[j] = y[j].add(increment).MoveToOuterDisposeScope();
        }
        return result;
    }

    private static Tensor[] Axpy(Tensor[] y, double a, Tensor[] k)
    {
        var result = new Tensor[y.Length];
        for (int j = 0; j < y.Length; j++)
            result[j] = y[j].add(k[j].mul(a));
        return result;
    }
}
