using ScoreNotebooks.Torch;
using TorchSharp;

namespace ScoreNotebooks.Torch.Tests.Runtime;

public class SmokeTests
{
    [Fact]
    public void Loads()
    {
        TorchRuntime.EnsureLoaded();
        using var t = torch.ones(3).sum();
        Assert.Equal(3f, t.item<float>());
    }
}
