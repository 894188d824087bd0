using BenchmarkDotNet.Attributes;
using ScoreNotebooks.Datasets;
using ScoreNotebooks.Torch;
using ScoreNotebooks.Torch.Networks;
using ScoreNotebooks.Torch.ScoreMatching;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ScoreNotebooks.Benchmarks;

/// <summary>
/// One denoising-score-matching training step of the 2D score MLP (2 hidden layers of 128, SiLU)
/// at batch 512 on TorchSharp's CPU backend: noise draw, forward, loss, backward and Adam update,
/// the unit of work behind chapter 04's training curves.
/// </summary>
/// <remarks>
/// LibTorch runs on one thread, as the tests and chapters do: on the two-core machines the series
/// targets, its OpenMP pool is several times slower than one thread whenever the cores are busy.
/// MemoryDiagnoser counts managed allocations only; tensor storage is native.
/// </remarks>
[MemoryDiagnoser]
public class DenoisingTrainingStepBenchmarks
{
    private ScoreMlp network = null!;
    private Adam optimizer = null!;
    private Tensor batch = null!;
    private Generator generator = null!;

    [Params(512)]
    public int BatchSize { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        TorchRuntime.EnsureLoaded();
        torch.set_num_threads(1);
        network = new ScoreMlp(2, hiddenWidth: 128, hiddenLayers: 2, seed: 1, device: CPU);
        optimizer = optim.Adam(network.parameters(), 1e-3);
        batch = ToyData.EightGaussians().Sample(new Random(2026), BatchSize).ToTensor(CPU);
        generator = new Generator(1);
    }

    [Benchmark(Description = "TorchSharp CPU: DSM training step, 2D MLP, batch 512")]
    public void TrainingStep()
    {
        using var scope = NewDisposeScope();
        optimizer.zero_grad();
        var loss = ScoreMatchingLoss.Denoising(network.forward, batch, 0.5, generator);
        loss.backward();
        optimizer.step();
    }
}
