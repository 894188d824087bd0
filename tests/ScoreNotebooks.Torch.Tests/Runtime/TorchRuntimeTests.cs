using ScoreNotebooks.Torch.Runtime;
using TorchSharp;

namespace ScoreNotebooks.Torch.Tests.Runtime;

public class TorchRuntimeTests : TorchTest
{
    [Fact]
    public void EnsureLoaded_LeavesTorchSharpWorking_AndIsIdempotent()
    {
        TorchRuntime.EnsureLoaded();
        Assert.True(TorchRuntime.IsLoaded);
        using var sum = torch.arange(1, 5, dtype: torch.ScalarType.Float32).sum();
        Assert.Equal(10f, sum.item<float>());
        Assert.Contains(TorchRuntime.LoadReport, line => line.StartsWith("TorchSharp 0.107.0"));
    }

    [SkippableFact]
    public void OnASystemWithoutGlibcxx3432_TheCorrectedShimIsLoaded_FromOutsideTheNuGetCache()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "the shim correction is Linux-only");
        string libstdcxx = File.ReadLines("/proc/self/maps").Select(l => l.IndexOf('/') is int i and >= 0 ? l[i..] : "")
            .First(p => Path.GetFileName(p).StartsWith("libstdc++.so", StringComparison.Ordinal));
        bool old = !ElfImage.Read(libstdcxx).DefinedVersions().Contains("GLIBCXX_3.4.32");
        var report = TorchRuntime.LoadReport;
        var loadedShim = report.Single(l => l.StartsWith("loaded ") && l.EndsWith(NativeFiles.ShimFileName))["loaded ".Length..];
        if (old)
        {
            Assert.Contains("torchsharp-glibcxx", loadedShim);
            Assert.DoesNotContain(".nuget", loadedShim);
            Assert.True(ShimPatch.IsPatched(loadedShim));
        }
        else
        {
            Assert.DoesNotContain("torchsharp-glibcxx", loadedShim);
        }
    }

    [SkippableFact]
    public void ShimCopies_ReportTheSameLine_WhetherTheyWriteTheCopyOrReuseIt()
    {
        // Chapter 00 prints the load report: the first run after a build writes the corrected shim and later runs reuse
        // it, and both must print the same text.
        Skip.IfNot(OperatingSystem.IsLinux(), "the shim correction is Linux-only");
        string? original = NativeFiles.Find(NativeFiles.SearchFolders(typeof(torch).Assembly), NativeFiles.ShimFileName);
        Skip.If(original is null, "TorchSharp's shim was not found");
        Skip.IfNot(ShimPatch.Needs(ElfImage.Read(original!)), "this shim needs no correction");
        var found = new List<string>();
        string target = ShimCopies.Prepare(original!, found);
        File.Delete(target);   // the loaded copy stays mapped; the next call must write a new one
        var written = new List<string>();
        var reused = new List<string>();

        Assert.Equal(target, ShimCopies.Prepare(original!, written));
        Assert.Equal(target, ShimCopies.Prepare(original!, reused));

        Assert.Equal(written, reused);
        Assert.Equal(found, written);
    }

    [Theory]
    [InlineData(null, false, "cpu")]
    [InlineData("", true, "cuda")]
    [InlineData(null, true, "cuda")]
    [InlineData("CPU", true, "cpu")]
    [InlineData(" cuda:1 ", true, "cuda:1")]
    public void Choose_PrefersTheSetting_ThenCuda_ThenCpu(string? setting, bool cuda, string expected)
    {
        Assert.Equal(expected, TorchDevice.Choose(setting, cuda).Name);
    }

    [Theory]
    [InlineData("gpu", "use cpu, cuda or cuda:N")]
    [InlineData("cuda:x", "use cpu, cuda or cuda:N")]
    [InlineData("cuda", "reports no CUDA device")]
    public void Choose_RejectsABadOrUnavailableSetting_NamingTheVariable(string setting, string message)
    {
        var e = Assert.Throws<InvalidOperationException>(() => TorchDevice.Choose(setting, cudaAvailable: false));
        Assert.Contains(TorchDevice.EnvironmentVariable, e.Message);
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void Describe_NamesTheDeviceAndVersions()
    {
        string line = TorchDevice.Describe();
        Assert.StartsWith($"TorchSharp device: {TorchDevice.Current.type.ToString().ToLowerInvariant()}", line);
        Assert.Contains("TorchSharp 0.107.0", line);
    }
}
