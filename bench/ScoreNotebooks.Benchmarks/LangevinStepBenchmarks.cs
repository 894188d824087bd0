using BenchmarkDotNet.Attributes;
using MathNet.Numerics.LinearAlgebra;
using ScoreNotebooks.Datasets;
using ScoreNotebooks.Distributions;
using ScoreNotebooks.Sampling;
using ScoreNotebooks.Torch;
using ScoreNotebooks.Torch.Distributions;
using ScoreNotebooks.Torch.Sampling;
using TorchSharp;
using static TorchSharp.torch;

namespace ScoreNotebooks.Benchmarks;

/// <summary>
/// One unadjusted Langevin step for 10⁴ particles driven by the exact score of the eight-Gaussians
/// mixture: the cost that dominates sampling in chapters 02 and 05, on the double-precision CPU
/// reference and on TorchSharp (float32, CPU).
/// </summary>
/// <remarks>
/// MemoryDiagnoser counts managed allocations only; the tensors' storage lives in LibTorch's native
/// heap and does not appear in the Allocated column. LibTorch runs on one thread, like the
/// single-threaded CPU reference (and the tests and chapters).
/// </remarks>
[MemoryDiagnoser]
public class LangevinStepBenchmarks
{
    private GaussianMixture target = null!;
    private Matrix<double> particles = null!;
    private TensorGaussianMixture tensorTarget = null!;
    private Tensor tensorParticles = null!;
    private Generator generator = null!;

    [Params(10_000)]
    public int Particles { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        target = ToyData.EightGaussians();
        particles = Matrix<double>.Build.Random(Particles, 2, 2026);
        TorchRuntime.EnsureLoaded();
        torch.set_num_threads(1);
        tensorTarget = new TensorGaussianMixture(target, CPU);
        tensorParticles = particles.ToTensor(CPU);
        generator = new Generator(1);
    }

    [Benchmark(Description = "CPU reference: score of 10⁴ points")]
    public Matrix<double> ExactScore() => target.Score(particles);

    [Benchmark(Description = "CPU reference: one Langevin step, 10⁴ particles")]
    public Matrix<double> OneStep() => Langevin.Run(new Random(1), target, particles, stepSize: 1e-3, steps: 1);

    [Benchmark(Description = "TorchSharp CPU: score of 10⁴ points")]
    public void TensorExactScore()
    {
        using var scope = NewDisposeScope();
        tensorTarget.Score(tensorParticles);
    }

    [Benchmark(Description = "TorchSharp CPU: one Langevin step, 10⁴ particles")]
    public void TensorOneStep()
    {
        using var scope = NewDisposeScope();
        TensorLangevin.Run(x => tensorTarget.Score(x), tensorParticles, 1e-3, 1, generator);
    }
}
