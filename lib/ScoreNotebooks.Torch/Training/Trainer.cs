using System.Diagnostics;
using ScoreNotebooks.Torch.Networks;
using ScoreNotebooks.Torch.ScoreMatching;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace ScoreNotebooks.Torch.Training;

/// <summary>
/// Training as a sequence: each element is one Adam step on a minibatch, with its loss, so a
/// notebook can plot the curve, stop early, or just run it to the end.
/// </summary>
/// <remarks>
/// Adam (Kingma &amp; Ba 2015) with its default moments (β₁ = 0.9, β₂ = 0.999). A CPU generator seeded
/// with <see cref="TrainingOptions.Seed"/> draws the minibatch rows (uniformly, with replacement)
/// and is passed to the loss for its own noise, so the same seed and the same initial network give
/// the same curve. Arguments are checked when a method is called. Each enumeration trains further
/// from the network's current parameters, with a fresh optimiser and a freshly seeded generator.
/// A progress line (step, loss, mean loss since the last line) is printed as configured.
/// </remarks>
public static partial class Trainer
{
    /// <summary>Minimises any loss of a minibatch over some parameters.</summary>
    /// <param name="parameters">The parameters to train, e.g. <c>network.parameters()</c>.</param>
    /// <param name="data">The training points, shape (n, d), n ≥ 1.</param>
    /// <param name="loss">The loss of a minibatch (B, d), given the generator for any noise it draws; a scalar tensor.</param>
    /// <param name="options">The settings, or null for the defaults.</param>
    /// <returns>One <see cref="TrainingStep"/> per step, lazily.</returns>
    /// <exception cref="ArgumentNullException">parameters, data or loss is null.</exception>
    /// <exception cref="ArgumentException">data is not (n, d) with n ≥ 1; there are no parameters; an option is out of range (ParamName "options").</exception>
    public static IEnumerable<TrainingStep> Run(IEnumerable<Parameter> parameters, Tensor data, Func<Tensor, Generator, Tensor> loss, TrainingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(loss);
        ScoreDivergence.CheckPoints(data);
        var list = parameters.ToList();
        if (list.Count == 0)
            throw new ArgumentException("parameters is empty; there is nothing to train.", nameof(parameters));
        options ??= new TrainingOptions();
        Check(options);
        return Iterate(list, data, loss, options);
    }

    /// <summary>Trains a score network with denoising score matching at one noise level σ.</summary>
    /// <param name="network">The score network s_θ(x̂) ≈ ∇log q_σ(x̂), e.g. a <see cref="ScoreMlp"/>.</param>
    /// <param name="data">The clean training points, shape (n, d).</param>
    /// <param name="sigma">The noise standard deviation σ &gt; 0.</param>
    /// <param name="options">The settings, or null for the defaults.</param>
    /// <remarks>The loss is <see cref="ScoreMatchingLoss.Denoising(Func{Tensor, Tensor}, Tensor, double, Generator)"/>; its floor is <see cref="IrreducibleLoss.Denoising"/>.</remarks>
    /// <exception cref="ArgumentNullException">network or data is null.</exception>
    /// <exception cref="ArgumentException">As for <see cref="Run"/>, or σ is not finite.</exception>
    /// <exception cref="ArgumentOutOfRangeException">σ ≤ 0.</exception>
    public static IEnumerable<TrainingStep> Denoising(Module<Tensor, Tensor> network, Tensor data, double sigma, TrainingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        Guard.Positive(sigma, nameof(sigma));
        return Run(network.parameters(), data, (batch, generator) => ScoreMatchingLoss.Denoising(network.forward, batch, sigma, generator), options);
    }

    /// <summary>Trains a noise-conditional score network with σ²-weighted denoising score matching over many levels.</summary>
    /// <param name="network">The network s_θ(x̂, σ), e.g. a <see cref="NoiseConditionalScoreNetwork"/>.</param>
    /// <param name="data">The clean training points, shape (n, d).</param>
    /// <param name="levels">The noise levels σ₁, …, σ_L &gt; 0.</param>
    /// <param name="options">The settings, or null for the defaults.</param>
    /// <remarks>The loss is <see cref="ScoreMatchingLoss.DenoisingMultiScale(Func{Tensor, Tensor, Tensor}, Tensor, IReadOnlyList{double}, Generator)"/>; its floor is <see cref="IrreducibleLoss.DenoisingMultiScale"/>.</remarks>
    /// <exception cref="ArgumentNullException">network, data or levels is null.</exception>
    /// <exception cref="ArgumentException">As for <see cref="Run"/>, or a level is not finite and &gt; 0.</exception>
    public static IEnumerable<TrainingStep> DenoisingMultiScale(Module<Tensor, Tensor, Tensor> network, Tensor data, IReadOnlyList<double> levels, TrainingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        Func<Tensor, Tensor, Tensor> score = network is DenoiserNetwork denoiser ? denoiser.Score : network.forward;
        return DenoisingMultiScale(network.parameters(), score, data, levels, options);
    }

    /// <summary>Trains the parameters behind any noise-conditional score with σ²-weighted denoising score matching.</summary>
    /// <param name="parameters">The parameters to train.</param>
    /// <param name="score">The score s_θ(x̂, σ) they define.</param>
    /// <param name="data">The clean training points, shape (n, d).</param>
    /// <param name="levels">The noise levels σ₁, …, σ_L &gt; 0.</param>
    /// <param name="options">The settings, or null for the defaults.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">As for <see cref="Run"/>, or a level is not finite and &gt; 0.</exception>
    public static IEnumerable<TrainingStep> DenoisingMultiScale(
        IEnumerable<Parameter> parameters, Func<Tensor, Tensor, Tensor> score, Tensor data, IReadOnlyList<double> levels, TrainingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(score);
        ScoreMatchingLoss.LevelTensor(levels, nameof(levels)).Dispose();
        var copy = levels.ToArray();
        return Run(parameters, data, (batch, generator) => ScoreMatchingLoss.DenoisingMultiScale(score, batch, copy, generator), options);
    }

    private static IEnumerable<TrainingStep> Iterate(List<Parameter> parameters, Tensor data, Func<Tensor, Generator, Tensor> loss, TrainingOptions options)
    {
        using var generator = new Generator(unchecked((ulong)options.Seed));
        using var optimizer = optim.Adam(parameters, options.LearningRate);
        var device = parameters[0].device;
        var progress = new TrainingProgress(options.Steps, options.ProgressEvery ?? Math.Max(1, options.Steps / 10), options.ProgressWriter ?? Console.Out);
        var clock = Stopwatch.StartNew();
        for (int t = 1; t <= options.Steps; t++)
        {
            double value;
            using (var scope = NewDisposeScope())
            {
                var rows = randint(0, data.shape[0], [options.BatchSize], ScalarType.Int64, generator: generator).to(data.device);
                var batch = data.index_select(0, rows).to(device);
                optimizer.zero_grad();
                var current = loss(batch, generator);
                if (current is null || current.numel() != 1)
                    throw new ArgumentException($"loss returned {(current is null ? "null" : $"shape ({string.Join(", ", current.shape)})")}; it must be a scalar.", nameof(loss));
                current.backward();
                optimizer.step();
                value = current.item<float>();
            }
            if (!double.IsFinite(value))
                throw new ArgumentException($"the loss became {value} at step {t}; lower options.LearningRate (now {options.LearningRate:G3}).", nameof(options));
            var step = new TrainingStep(t, value, clock.Elapsed);
            progress.Record(step);
            yield return step;
        }
    }

    private static void Check(TrainingOptions options)
    {
        if (options.Steps < 1)
            throw new ArgumentException($"options.Steps is {options.Steps}; it must be ≥ 1.", nameof(options));
        if (options.BatchSize < 1)
            throw new ArgumentException($"options.BatchSize is {options.BatchSize}; it must be ≥ 1.", nameof(options));
        if (!double.IsFinite(options.LearningRate) || options.LearningRate <= 0)
            throw new ArgumentException($"options.LearningRate is {options.LearningRate}; it must be finite and > 0.", nameof(options));
        if (options.ProgressEvery < 0)
            throw new ArgumentException($"options.ProgressEvery is {options.ProgressEvery}; it must be ≥ 0 (0 turns progress off).", nameof(options));
    }
}
