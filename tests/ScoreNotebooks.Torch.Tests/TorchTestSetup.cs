using TorchSharp;

namespace ScoreNotebooks.Torch.Tests;

/// <summary>Loads TorchSharp once per test run and keeps LibTorch to one thread (CI machines have two cores).</summary>
internal static class TorchTestSetup
{
    private static readonly Lazy<bool> Done = new(() =>
    {
        TorchRuntime.EnsureLoaded();
        torch.set_num_threads(1);
        torch.manual_seed(2026);
        return true;
    });

    public static void Ensure() => _ = Done.Value;
}

/// <summary>Base class of every test that touches a tensor.</summary>
public abstract class TorchTest
{
    protected TorchTest() => TorchTestSetup.Ensure();
}
