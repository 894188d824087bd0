using ScoreNotebooks.Notebooks.Running;

namespace ScoreNotebooks.Notebooks.Tests.Running;

/// <summary>
/// The setup cell of the TorchSharp chapters runs in the engine from the notebooks folder: it loads
/// the Release build of ScoreNotebooks.Torch by its ../artifacts path, TorchSharp initialises (with
/// the corrected native shim where libstdc++ needs it), and later cells train and sample.
/// </summary>
public class TorchSetupCellTests(ReleaseLibraries libraries) : IClassFixture<ReleaseLibraries>
{
    // The lines a chapter's setup cell uses; README.md shows the same.
    public const string SetupCell = """
        #r "nuget: MathNet.Numerics, 5.0.0"
        #r "../artifacts/bin/ScoreNotebooks/release/ScoreNotebooks.dll"
        #r "../artifacts/bin/ScoreNotebooks.Torch/release/TorchSharp.dll"
        #r "../artifacts/bin/ScoreNotebooks.Torch/release/ScoreNotebooks.Torch.dll"
        using MathNet.Numerics.LinearAlgebra;
        using ScoreNotebooks.Datasets;
        using ScoreNotebooks.Torch;
        using ScoreNotebooks.Torch.Distributions;
        using ScoreNotebooks.Torch.Networks;
        using ScoreNotebooks.Torch.Sampling;
        using ScoreNotebooks.Torch.Training;
        using TorchSharp;
        using static TorchSharp.torch;
        TorchRuntime.EnsureLoaded();
        torch.set_num_threads(1);   // small networks: one thread beats LibTorch's pool on 2 busy cores
        torch.manual_seed(2026);
        var rng = new Random(2026);
        Console.WriteLine(TorchDevice.Describe());
        """;

    [Fact]
    public async Task SetupCell_LoadsTorchSharp_AndLaterCellsTrainAndSample()
    {
        Assert.True(Directory.Exists(Path.Combine(libraries.Root, "lib", "ScoreNotebooks.Torch")), "lib/ScoreNotebooks.Torch is missing");
        var notebook = new TestNotebook()
            .Code(SetupCell)
            .Code("""
                var data = ToyData.EightGaussians().Sample(rng, 256).ToTensor();
                var net = new ScoreMlp(2, hiddenWidth: 16, seed: 1);
                var steps = Trainer.Denoising(net, data, 0.5, new TrainingOptions { Steps = 4, BatchSize = 32, ProgressEvery = 2 }).ToList();
                """)
            .Code("""
                var exact = new TensorGaussianMixture(ToyData.TwoModes());
                var x = TensorLangevin.Run(p => exact.Score(p), zeros(8, 2), 0.01, 5, new Generator(1));
                x.ToMatrix().RowCount
                """)
            .Build();
        var result = await NotebookExecutor.ExecuteAsync(notebook, Path.Combine(libraries.Root, "notebooks"),
            new NotebookExecutionOptions { CellTimeout = TimeSpan.FromSeconds(120) });

        Assert.True(result.Succeeded, result.Failure + string.Join("\n", notebook.Cells.Select(Outputs.ErrorText)));
        Assert.StartsWith("stdout:TorchSharp device: cpu", Outputs.Summary(notebook.Cells[0]).Single());
        var progress = Outputs.Summary(notebook.Cells[1]);
        Assert.Contains("step 2/4  loss", string.Join("", progress));
        Assert.Equal(["result:8"], Outputs.Summary(notebook.Cells[2]));
    }
}
