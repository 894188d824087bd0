using BenchmarkDotNet.Attributes;
using MathNet.Numerics.LinearAlgebra;
using ScoreNotebooks.Distributions;
using ScoreNotebooks.Torch;
using ScoreNotebooks.Torch.Networks;
using ScoreNotebooks.Torch.ScoreMatching;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ScoreNotebooks.Benchmarks;

/// <summary>
/// One training step (loss, backward, Adam update) of a score MLP in d dimensions under each objective of chapters 03–04:
/// Hyvärinen's exact score matching (its divergence term takes d backward passes), sliced score matching with one direction
/// per point (one extra backward pass) and denoising score matching (none), on 256 points of a four-component Gaussian
/// mixture, d = 2 … 100 and 784.
/// </summary>
/// <remarks>
/// The network keeps its width (2 hidden layers of 128), so a forward pass grows only through the first and last layers;
/// exact score matching's cost grows like d times that. LibTorch on one thread, as in the chapters.
/// </remarks>
[MemoryDiagnoser]
public class ObjectiveCostBenchmarks
{
    private ScoreMlp network = null!;
    private Adam optimizer = null!;
    private Tensor batch = null!;
    private Generator generator = null!;

    [Params(2, 10, 30, 100, 784)]
    public int Dimension { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        TorchRuntime.EnsureLoaded();
        torch.set_num_threads(1);
        var rng = new Random(12);
        var means = Matrix<double>.Build.Dense(4, Dimension, (_, _) => MathNet.Numerics.Distributions.Normal.Sample(rng, 0, 2));
        var mixture = GaussianMixture.Isotropic([0.4, 0.3, 0.2, 0.1], means, 1.0);
        network = new ScoreMlp(Dimension, hiddenWidth: 128, hiddenLayers: 2, seed: 1, device: CPU);
        optimizer = optim.Adam(network.parameters(), 1e-3);
        batch = mixture.Sample(rng, 256).ToTensor(CPU);
        generator = new Generator(1);
    }

    [Benchmark(Baseline = true, Description = "denoising score matching: no derivative of the score")]
    public void Denoising() => Step(() => ScoreMatchingLoss.Denoising(network.forward, batch, 0.5, generator));

    [Benchmark(Description = "sliced score matching, one direction: one extra backward pass")]
    public void Sliced() => Step(() => ScoreMatchingLoss.Sliced(network.forward, batch, generator));

    [Benchmark(Description = "exact score matching: d backward passes for the divergence")]
    public void Exact() => Step(() => ScoreMatchingLoss.Hyvarinen(network.forward, batch));

    private void Step(Func<Tensor> loss)
    {
        using var scope = NewDisposeScope();
        optimizer.zero_grad();
        loss().backward();
        optimizer.step();
    }
}
