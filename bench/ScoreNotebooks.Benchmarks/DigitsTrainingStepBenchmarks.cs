using System.Globalization;
using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using ScoreNotebooks.Diffusion;
using ScoreNotebooks.Torch;
using ScoreNotebooks.Torch.Networks;
using ScoreNotebooks.Torch.ScoreMatching;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ScoreNotebooks.Benchmarks;

/// <summary>
/// One training step of chapter 08's digit diffusion network, exactly as <c>Trainer.DenoisingOverTime</c> runs it:
/// a minibatch of 256 rows drawn with replacement from 12 944 rows of 64 pixels, tᵢ ~ U[ε, 1], noise, the σ²-weighted
/// denoising loss over time (<see cref="ScoreMatchingLoss.DenoisingOverTime(Func{Tensor, Tensor, Tensor}, Tensor, Sde, Generator, Func{double, double}?)"/>),
/// backward and an Adam step (lr 2e−3), for the network
/// <c>new TimeConditionalScoreNetwork(new VpSde(), 64, hiddenWidth: 256, hiddenLayers: 3, fourierFeatures: 16, dataStd: 0.6, seed: 84)</c>.
/// bench/pytorch/digits_step.py times the same step in PyTorch; bench/pytorch/README.md compares both with the core's FLOP limit.
/// </summary>
/// <remarks>
/// <para>
/// FLOPs of one step, counted from <c>ConditionedMlp</c> and <c>Mlp.Build</c>: the MLP's input is the scaled point
/// (64) and the Fourier features of log(σ/α) (2 · 16 = 32), 96 in all; its Linear layers are 96→256, 256→256,
/// 256→256 and 256→64, so Σ in·out = 24 576 + 65 536 + 65 536 + 16 384 = 172 032 multiply-adds per row.
/// Forward = 2 · 256 · 172 032 = 88 080 384 FLOPs ≈ 88.1 MFLOP. Backward ≈ 2 × forward (the weight gradient and the
/// input gradient are one matrix product each), so a step ≈ 3 × forward = 264 241 152 FLOPs ≈ 264.2 MFLOP.
/// Exactly, the first layer's input gradient is never formed (the input needs no gradient), which leaves
/// 2 · 256 · (2 · 172 032 + 147 456) = 251 658 240 ≈ 251.7 MFLOP, 4.8 % less.
/// </para>
/// <para>
/// Neglected (all linear in B · width or in the parameter count, about 5 MFLOP or 2 % together, mostly SiLU and Adam): biases and their gradients, SiLU forward and backward,
/// the Fourier features (B · 16 products, sines and cosines), the input scaling, the loss, Adam's update of the
/// 172 032 + 832 parameters (about 15 operations each), and the per-step overhead that no FLOP count sees: the
/// minibatch gather, the CPU round trips that evaluate α(t) and σ(t) in double, and TorchSharp's dispose scopes.
/// </para>
/// <para>
/// The data are uniform on [−1, 1] rather than the dequantised digits: the cost of a step does not depend on the values.
/// LibTorch runs on one thread, as the chapters do. MemoryDiagnoser counts managed allocations only; tensor storage is native.
/// </para>
/// <para>
/// BenchmarkDotNet reports wall-clock time, which on a shared two-core machine measures the neighbours as much as the
/// step. The benchmark therefore also sums the CPU time of its own thread over every step it runs (two
/// <c>clock_gettime(CLOCK_THREAD_CPUTIME_ID)</c> calls, about a microsecond) and prints the CPU milliseconds per step in
/// the log at the end ("// DigitsTrainingStep: … ms CPU/step"), the same figure digits_step.py prints as "per CPU second".
/// On other systems than Linux that line is left out.
/// </para>
/// </remarks>
[MemoryDiagnoser]
public class DigitsTrainingStepBenchmarks
{
    /// <summary>Multiply-adds of the network's Linear layers per row: 96·256 + 256·256 + 256·256 + 256·64.</summary>
    public const long MultiplyAddsPerRow = 96 * 256 + 256 * 256 + 256 * 256 + 256 * 64;

    /// <summary>The minibatch size of chapter 08.</summary>
    public const int BatchSize = 256;

    /// <summary>FLOPs of one forward pass of the Linear layers: 2 · B · Σ in·out = 88 080 384.</summary>
    public const long ForwardFlops = 2L * BatchSize * MultiplyAddsPerRow;

    /// <summary>FLOPs of one step by the 3 × forward rule: 264 241 152.</summary>
    public const long StepFlops = 3 * ForwardFlops;

    private const int Rows = 12_944;   // 8 dequantised copies of the 1 618 training digits
    private const int Pixels = 64;

    private VpSde sde = null!;
    private TimeConditionalScoreNetwork network = null!;
    private Adam optimizer = null!;
    private Tensor data = null!;
    private Generator generator = null!;
    private long steps;
    private long cpuNanoseconds;

    [GlobalSetup]
    public void Setup()
    {
        TorchRuntime.EnsureLoaded();
        torch.set_num_threads(1);
        sde = new VpSde();
        network = new TimeConditionalScoreNetwork(sde, Pixels, hiddenWidth: 256, hiddenLayers: 3,
            fourierFeatures: 16, dataStd: 0.6, seed: 84, device: CPU);
        long weights = network.parameters().Where(p => p.dim() == 2).Sum(p => p.numel());
        if (weights != MultiplyAddsPerRow)
            throw new InvalidOperationException($"the network has {weights} Linear weights; the FLOP count assumes {MultiplyAddsPerRow}.");
        optimizer = optim.Adam(network.parameters(), 2e-3);
        using (var init = new Generator(2026))
            data = rand([Rows, Pixels], ScalarType.Float32, generator: init).mul_(2).sub_(1);
        generator = new Generator(85);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        if (steps > 0 && cpuNanoseconds > 0)
        {
            double ms = cpuNanoseconds / 1e6 / steps, rate = 1e3 / ms;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"// DigitsTrainingStep: {steps} steps, {ms:F3} ms CPU/step = {rate:F1} steps per CPU second = {rate * StepFlops / 1e9:F1} GFLOP/s ({StepFlops / 1e6:F1} MFLOP/step)"));
        }
        optimizer.Dispose();
        network.Dispose();
        data.Dispose();
        generator.Dispose();
    }

    /// <summary>The body of <c>Trainer</c>'s loop for one step, with the loss <c>Trainer.DenoisingOverTime</c> passes it.</summary>
    [Benchmark(Description = "TorchSharp CPU, 1 thread: chapter 08 digits step, 64→(96)→256×3→64, batch 256, ≈ 264 MFLOP")]
    public float TrainingStep()
    {
        long start = ThreadCpuNanoseconds();
        float value;
        using (var scope = NewDisposeScope())
        {
            var rows = randint(0, data.shape[0], [BatchSize], ScalarType.Int64, generator: generator);
            var batch = data.index_select(0, rows);
            optimizer.zero_grad();
            var loss = ScoreMatchingLoss.DenoisingOverTime(network.forward, batch, sde, generator);
            loss.backward();
            optimizer.step();
            value = loss.item<float>();
        }
        long end = ThreadCpuNanoseconds();
        if (start >= 0 && end >= start)
        {
            cpuNanoseconds += end - start;
            steps++;
        }
        return value;
    }

    // CPU time of the calling thread in ns, or −1 where clock_gettime is unavailable (not Linux).
    private static long ThreadCpuNanoseconds()
    {
        if (!OperatingSystem.IsLinux())
            return -1;
        return clock_gettime(ClockThreadCpuTimeId, out var time) == 0 ? time.Seconds * 1_000_000_000 + time.Nanoseconds : -1;
    }

    private const int ClockThreadCpuTimeId = 3;

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", SetLastError = false)]
    private static extern int clock_gettime(int clockId, out TimeSpec time);
}
