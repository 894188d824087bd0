using BenchmarkDotNet.Attributes;
using MathNet.Numerics.LinearAlgebra;
using ScoreNotebooks.Distributions;
using ScoreNotebooks.ScoreMatching;
using ScoreNotebooks.Torch;
using ScoreNotebooks.Torch.Distributions;
using ScoreNotebooks.Torch.ScoreMatching;
using TorchSharp;
using static TorchSharp.torch;

namespace ScoreNotebooks.Benchmarks;

/// <summary>
/// The divergence of a score in d dimensions, as chapter 03 computes it: exactly by automatic differentiation
/// (d backward passes) against Hutchinson's estimate with one Gaussian probe (one backward pass), for the exact
/// score of a four-component isotropic Gaussian mixture at 128 points, d = 2 … 100.
/// </summary>
/// <remarks>
/// Chapter 03 counts the backward passes and checks both results against the closed-form Laplacian; the seconds
/// are measured here, so that the executed chapter stays the same from run to run. LibTorch on one thread, as in
/// the chapters.
/// </remarks>
[MemoryDiagnoser]
public class DivergenceCostBenchmarks
{
    private Func<Tensor, Tensor> score = null!;
    private Tensor points = null!;
    private Tensor probes = null!;

    [Params(2, 10, 50, 100)]
    public int Dimension { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        TorchRuntime.EnsureLoaded();
        torch.set_num_threads(1);
        var rng = new Random(11);
        var means = Matrix<double>.Build.Dense(4, Dimension, (_, _) => MathNet.Numerics.Distributions.Normal.Sample(rng, 0, 2));
        var mixture = GaussianMixture.Isotropic([0.4, 0.3, 0.2, 0.1], means, 1.0);
        var exact = new TensorGaussianMixture(mixture, CPU);
        score = x => exact.Score(x);
        points = mixture.Sample(rng, 128).ToTensor(CPU);
        probes = ScoreDivergence.DrawProbes(new Generator(11), points, 1, ProbeDistribution.Gaussian);
    }

    [Benchmark(Baseline = true, Description = "exact divergence: d backward passes")]
    public float Exact()
    {
        using var scope = NewDisposeScope();
        return ScoreDivergence.Exact(score, points).sum().item<float>();
    }

    [Benchmark(Description = "Hutchinson, one Gaussian probe: one backward pass")]
    public float OneProbe()
    {
        using var scope = NewDisposeScope();
        return ScoreDivergence.Hutchinson(score, points, probes).sum().item<float>();
    }
}
