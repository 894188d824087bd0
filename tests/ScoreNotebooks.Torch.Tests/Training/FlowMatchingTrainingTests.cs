using MathNet.Numerics.LinearAlgebra;
using ScoreNotebooks.Datasets;
using ScoreNotebooks.Diffusion;
using ScoreNotebooks.Distributions;
using ScoreNotebooks.Divergences;
using ScoreNotebooks.Torch.Networks;
using ScoreNotebooks.Torch.ScoreMatching;
using ScoreNotebooks.Torch.Training;
using static TorchSharp.torch;

namespace ScoreNotebooks.Torch.Tests.Training;

/// <summary>
/// Conditional flow matching on mixture data, where the marginal velocity is exact: the loss of the zero field is known in
/// closed form and splits into the floor plus the exact velocity's mean square; the loss of the exact velocity is the
/// floor; a network's loss exceeds the floor by its velocity error; and a small network trained at a fixed seed learns
/// the field.
/// </summary>
public class FlowMatchingTrainingTests : TorchTest
{
    // The exact velocity as a tensor function, row by row on the CPU (each row has its own time).
    private static Func<Tensor, Tensor, Tensor> Exact(GaussianMixture data) => (x, t) =>
    {
        var points = x.ToMatrix();
        var times = t.to(ScalarType.Float64).data<double>().ToArray();
        var result = Matrix<double>.Build.Dense(points.RowCount, points.ColumnCount);
        for (int i = 0; i < points.RowCount; i++)
            result.SetRow(i, FlowMatching.Velocity(data, points.Row(i).ToRowMatrix(), Math.Min(times[i], 1 - 1e-7)).Row(0));
        return result.ToTensor(x.device);
    };

    [Fact]
    public void TheZeroField_LosesEOfTheSquaredDistance_WhichIsTheFloorPlusTheExactVelocitysMeanSquare()
    {
        // E‖x − z‖² = Σₖ πₖ (tr Σₖ + ‖μₖ‖²) + d exactly; by the decomposition it also equals floor + E‖u‖².
        var data = ToyData.TwoModes();
        double exact = data.Weights.Select((w, k) => w * (data.Components[k].Covariance.Trace()
            + data.Components[k].Mean.DotProduct(data.Components[k].Mean))).Sum() + data.Dimension;
        var floor = FlowMatching.IrreducibleLoss(data, new Random(61), 20_000);
        var square = VelocityError.Estimate((x, _) => zeros_like(x), data, new Random(62), 20_000);

        double se = Math.Sqrt(Math.Pow(floor.StandardError, 2) + Math.Pow(square.StandardError, 2));
        Assert.True(Math.Abs(floor.Value + square.Value - exact) < 4 * se,
            $"floor {floor} + E‖u‖² {square} against {exact:G6} (standard error {se:G3})");

        using var x0 = data.Sample(new Random(63), 20_000).ToTensor();
        using var zeroLoss = FlowMatchingLoss.ConditionalOt((x, _) => zeros_like(x), x0, new Generator(64));
        Assert.InRange(zeroLoss.item<float>(), exact * 0.97, exact * 1.03);
    }

    [Fact]
    public void TheExactVelocity_LosesTheFloor()
    {
        var data = ToyData.EightGaussians();
        var floor = FlowMatching.IrreducibleLoss(data, new Random(65), 4000);
        using var x0 = data.Sample(new Random(66), 4000).ToTensor();

        double loss = FlowMatchingLoss.ConditionalOt(Exact(data), x0, new Generator(67)).item<float>();

        double z = (loss - floor.Value) / (Math.Sqrt(2) * floor.StandardError);
        Assert.True(Math.Abs(z) < 4, $"loss of the exact velocity {loss:G6} against the floor {floor} ({z:F2} standard errors)");
        Assert.True(floor.Value > 0.2, $"the floor {floor} must be well above 0: the regression target is noisy");
    }

    [Fact]
    public void LossAboveTheFloor_IsTheVelocityError_ForAnUntrainedNetwork()
    {
        var data = ToyData.EightGaussians();
        using var net = new VelocityNetwork(2, 32, 2, seed: 68);
        var generator = new Generator(69);
        var rng = new Random(70);
        var batchLosses = new double[10];
        for (int b = 0; b < batchLosses.Length; b++)
        {
            using var x0 = data.Sample(rng, 2000).ToTensor();
            using var noGrad = no_grad();
            batchLosses[b] = FlowMatchingLoss.ConditionalOt(net.forward, x0, generator).item<float>();
        }
        var loss = MonteCarloEstimate.FromTerms(batchLosses);
        var floor = FlowMatching.IrreducibleLoss(data, new Random(71), 10_000);
        var error = VelocityError.Estimate(net.forward, data, new Random(72), 10_000);

        double se = Math.Sqrt(Math.Pow(loss.StandardError, 2) + Math.Pow(floor.StandardError, 2) + Math.Pow(error.StandardError, 2));
        double gap = loss.Value - floor.Value - error.Value;
        Assert.True(Math.Abs(gap) < 4 * se, $"loss {loss} − floor {floor} − error {error} = {gap:G4} (standard error {se:G3})");
        Assert.True(error.Value > 10 * se, $"the untrained network's error {error} must be large enough for the check to mean something");
    }

    [Fact]
    public void TrainingAVelocityNetwork_CutsItsVelocityErrorTenfold_AndRepeatsExactly()
    {
        var data = ToyData.TwoModes();
        using var points = data.Sample(new Random(73), 4000).ToTensor();
        var options = new TrainingOptions { Steps = 600, BatchSize = 256, LearningRate = 3e-3, Seed = 74, ProgressEvery = 0 };

        using var net = new VelocityNetwork(data.Dimension, hiddenWidth: 64, hiddenLayers: 2, seed: 75);
        var before = VelocityError.Estimate(net.forward, data, new Random(76), 3000);
        var losses = Trainer.FlowMatching(net, points, options).Select(step => step.Loss).ToList();
        var after = VelocityError.Estimate(net.forward, data, new Random(76), 3000);
        using var again = new VelocityNetwork(data.Dimension, hiddenWidth: 64, hiddenLayers: 2, seed: 75);
        var lossesAgain = Trainer.FlowMatching(again, points, options).Select(step => step.Loss).ToList();

        Assert.True(after.Value < before.Value / 10, $"velocity error {before} before training, {after} after");
        Assert.Equal(losses, lossesAgain);
    }

    [Fact]
    public void Velocity_OnAMatrix_EqualsForward_AndRefusesATimeOutsideZeroToOne()
    {
        using var net = new VelocityNetwork(2, 16, 1, seed: 77);
        var points = Matrix<double>.Build.DenseOfRowArrays([0.5, -1.0], [2.0, 0.3]);

        var onMatrix = net.Velocity(points, 0.4);
        Matrix<double> direct;
        using (var noGrad = no_grad())
            direct = net.forward(points.ToTensor(), tensor(0.4f)).ToMatrix();

        Assert.True((onMatrix - direct).InfinityNorm() < 1e-6);
        Assert.Equal("t", Assert.Throws<ArgumentOutOfRangeException>(() => net.Velocity(points, 1.5)).ParamName);
    }

    [Fact]
    public void TheLoss_RefusesTimesOutsideZeroToOne_AndNoiseOfAnotherShape()
    {
        using var x = ones(4, 2);
        using var goodTimes = full(4, 0.5f);
        using var badTimes = full(4, 1.5f);
        using var goodNoise = zeros(4, 2);
        using var badNoise = zeros(4, 3);
        Func<Tensor, Tensor, Tensor> zero = (p, _) => zeros_like(p);

        Assert.Equal("times", Assert.Throws<ArgumentOutOfRangeException>(() => FlowMatchingLoss.ConditionalOt(zero, x, badTimes, goodNoise)).ParamName);
        Assert.Equal("noise", Assert.Throws<ArgumentException>(() => FlowMatchingLoss.ConditionalOt(zero, x, goodTimes, badNoise)).ParamName);
        Assert.Equal("velocity", Assert.Throws<ArgumentException>(() =>
            FlowMatchingLoss.ConditionalOt((p, _) => zeros(4, 1), x, goodTimes, goodNoise)).ParamName);
    }
}
