using BenchmarkDotNet.Attributes;
using MathNet.Numerics.LinearAlgebra;
using ScoreNotebooks.Datasets;
using ScoreNotebooks.Distributions;
using ScoreNotebooks.Sampling;

namespace ScoreNotebooks.Benchmarks;

/// <summary>
/// One unadjusted Langevin step for 10⁴ particles driven by the exact score of the eight-Gaussians
/// mixture: the cost that dominates sampling in chapters 02 and 05.
/// </summary>
[MemoryDiagnoser]
public class LangevinStepBenchmarks
{
    private GaussianMixture target = null!;
    private Matrix<double> particles = null!;

    [Params(10_000)]
    public int Particles { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        target = ToyData.EightGaussians();
        particles = Matrix<double>.Build.Random(Particles, 2, 2026);
    }

    [Benchmark(Description = "CPU reference: score of 10⁴ points")]
    public Matrix<double> ExactScore() => target.Score(particles);

    [Benchmark(Description = "CPU reference: one Langevin step, 10⁴ particles")]
    public Matrix<double> OneStep() => Langevin.Run(new Random(1), target, particles, stepSize: 1e-3, steps: 1);
}
