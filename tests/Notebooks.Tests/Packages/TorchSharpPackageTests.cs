using System.Diagnostics;
using System.Runtime.InteropServices;
using ScoreNotebooks.Notebooks.Format;
using ScoreNotebooks.Notebooks.Packages;
using ScoreNotebooks.Torch.Runtime;

namespace ScoreNotebooks.Notebooks.Tests.Packages;

/// <summary>
/// <c>#r "nuget: TorchSharp-cpu, 0.107.0"</c> without the project's TorchSharp library: TorchSharp loads from
/// the engine's cache, with the corrected native shim where the system's libstdc++ needs it, and autograd works.
/// </summary>
/// <remarks>
/// The notebook runs in a runner process of its own: this test process may already hold the LibTorch that
/// the chapters' setup cells load from artifacts/, and one process cannot hold two copies of LibTorch.
/// </remarks>
public class TorchSharpPackageTests
{
    private const string Cell = """
        #r "nuget: TorchSharp-cpu, 0.107.0"
        using TorchSharp;
        var x = torch.tensor(new float[] { 1f, -2f, 3.5f }, requires_grad: true);
        (x * x).sum().backward();
        Console.WriteLine($"grad {string.Join(" ", x.grad!.data<float>().ToArray())}");
        Console.WriteLine($"from {typeof(torch).Assembly.Location}");
        torch.allclose(x.grad!, 2 * x)
        """;

    [SkippableFact]
    public async Task TorchSharpCpu_RestoredThroughNuGet_HasWorkingAutograd_AndOnlyTheCachedShimIsCorrected()
    {
        Skip.IfNot(OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture == Architecture.X64,
            "TorchSharp-cpu's native shim correction is for linux-x64");
        using var folder = new TempFolder();
        string cache = Path.Combine(folder.Path, "cache");
        string notebook = new TestNotebook().Code(Cell).WriteTo(folder.Path, "torch.ipynb");

        var (code, output) = await RunnerProcess(folder.Path, cache, notebook, "--no-build", "--out", Path.Combine(folder.Path, "out"));

        Assert.True(code == 0, output);
        var summary = Outputs.Summary(NotebookDocument.Load(Path.Combine(folder.Path, "out", "torch.ipynb")).Cells[0]);
        Assert.Equal("result:True", summary[^1]);
        string printed = summary[0];
        Assert.Contains("Restoring TorchSharp-cpu 0.107.0 …", printed);
        Assert.Contains("grad 2 -4 7\n", printed);
        Assert.Contains($"from {Path.Combine(cache, "sets")}", printed);
        string set = Assert.Single(Directory.GetDirectories(Path.Combine(cache, "sets")));
        string cachedShim = Path.Combine(set, "lib", RestoredShims.ShimFileName);
        bool systemLacksVersion = !ElfImage.Read(SystemLibStdCxx()).DefinedVersions().Contains(ShimPatch.Version);
        Assert.Equal(systemLacksVersion, ShimPatch.IsPatched(cachedShim));
        Assert.Equal(systemLacksVersion, printed.Contains($"lacks {ShimPatch.Version}: {RestoredShims.ShimFileName} was replaced"));
        if (NuGetShim() is { } original)
            Assert.True(ShimPatch.Needs(ElfImage.Read(original)), $"{original} was changed");
    }

    private static async Task<(int Code, string Output)> RunnerProcess(string directory, string cache, params string[] args)
    {
        string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        var start = new ProcessStartInfo(dotnet)
        {
            WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ScoreNotebooks.NotebookRunner.dll"));
        foreach (string arg in args) start.ArgumentList.Add(arg);
        start.Environment[PackageCache.FolderVariable] = cache;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        await process.WaitForExitAsync(limit.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    private static string SystemLibStdCxx()
    {
        System.Runtime.InteropServices.NativeLibrary.TryLoad(ShimPatch.Library, out _);
        return ShimPatch.LoadedLibStdCxx() ?? throw new InvalidOperationException("no libstdc++ could be loaded");
    }

    private static string? NuGetShim()
    {
        string packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        string path = Path.Combine(packages, "torchsharp", "0.107.0", "runtimes", "linux-x64", "native", RestoredShims.ShimFileName);
        return File.Exists(path) ? path : null;
    }
}
