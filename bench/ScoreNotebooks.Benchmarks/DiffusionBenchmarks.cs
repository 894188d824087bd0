using BenchmarkDotNet.Attributes;
using MathNet.Numerics.LinearAlgebra;
using ScoreNotebooks.Datasets;
using ScoreNotebooks.Diffusion;
using ScoreNotebooks.Distributions;

namespace ScoreNotebooks.Benchmarks;

/// <summary>
/// The per-step costs of chapters 06 and 07 on the eight-Gaussians mixture under the VP SDE: one
/// reverse Euler–Maruyama step with the exact score (it rebuilds the noisy marginal at each t), and
/// the exact score with its divergence, which every stage of the ODE log-likelihood evaluates.
/// </summary>
[MemoryDiagnoser]
public class DiffusionBenchmarks
{
    private readonly VpSde sde = new();
    private GaussianMixture target = null!;
    private Func<Matrix<double>, double, Matrix<double>> score = null!;
    private Matrix<double> particles = null!;

    [Params(10_000)]
    public int Particles { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        target = ToyData.EightGaussians();
        score = sde.ExactScore(target);
        particles = sde.SamplePrior(new Random(2026), Particles, 2);
    }

    [Benchmark(Description = "CPU reference: one reverse Euler–Maruyama step, 10⁴ particles")]
    public Matrix<double> ReverseStep() => ReverseSampler.EulerMaruyama(new Random(1), sde, score, particles, steps: 1);

    [Benchmark(Description = "CPU reference: exact score and divergence of pₜ at 10⁴ points")]
    public Vector<double> ScoreAndDivergence() => sde.Marginal(target, 0.5).ScoreAndDivergence(particles).Divergence;
}
