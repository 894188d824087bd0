using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace ScoreNotebooks.Torch.Networks;

/// <summary>
/// The multilayer perceptron inside every network of this library: Linear, SiLU, …, Linear, with
/// weights drawn from a seeded generator.
/// </summary>
/// <remarks>
/// SiLU (x·sigmoid(x)) rather than ReLU: the exact Hyvärinen and sliced losses differentiate the
/// network's Jacobian once more, and a piecewise-linear network has a zero second derivative
/// almost everywhere. Every Linear layer with fan-in m gets weights and biases uniform on
/// [−1/√m, 1/√m], the distribution PyTorch's default initialisation gives, but drawn from a
/// generator seeded here, so a seed fixes the network whatever else used the global generator.
/// </remarks>
internal static class Mlp
{
    public static Sequential Build(int inputs, int outputs, int hiddenWidth, int hiddenLayers)
    {
        var layers = new List<(string, Module<Tensor, Tensor>)>();
        int width = inputs;
        for (int i = 0; i < hiddenLayers; i++)
        {
            layers.Add(($"linear{i}", Linear(width, hiddenWidth)));
            layers.Add(($"silu{i}", SiLU()));
            width = hiddenWidth;
        }
        layers.Add(("output", Linear(width, outputs)));
        return Sequential(layers);
    }

    /// <summary>Redraws every Linear layer of the module from a generator with the given seed.</summary>
    public static void Initialise(Module module, long seed)
    {
        using var generator = new Generator(unchecked((ulong)seed));
        using var noGrad = no_grad();
        foreach (var linear in module.modules().OfType<Linear>())
        {
            double bound = 1 / Math.Sqrt(linear.in_features);
            foreach (var parameter in new[] { linear.weight, linear.bias })
            {
                if (parameter is null)
                    continue;
                using var draw = rand(parameter.shape, ScalarType.Float32, generator: generator);
                parameter.copy_(draw.mul(2 * bound).sub(bound));
            }
        }
    }

    public static void CheckShape(int dimension, int hiddenWidth, int hiddenLayers)
    {
        Guard.Positive(dimension, nameof(dimension));
        Guard.Positive(hiddenWidth, nameof(hiddenWidth));
        Guard.Positive(hiddenLayers, nameof(hiddenLayers));
    }

    /// <summary>Checks a batch of points is (B, d).</summary>
    public static void CheckPoints(Tensor x, int dimension, string paramName)
    {
        ArgumentNullException.ThrowIfNull(x, paramName);
        if (x.dim() != 2 || x.shape[1] != dimension)
            throw new ArgumentException($"{paramName} has shape ({string.Join(", ", x.shape)}); expected (B, {dimension}), one point per row.", paramName);
    }
}
