using ScoreNotebooks.Kernel.Install;

namespace ScoreNotebooks.Kernel.Tests;

public class KernelCommandTests
{
    private static async Task<(int Code, string Output, string Errors)> Run(params string[] args)
    {
        var output = new StringWriter();
        var errors = new StringWriter();
        int code = await new KernelCommand(output, errors).RunAsync(args, Path.GetTempPath());
        return (code, output.ToString(), errors.ToString());
    }

    [Theory]
    [InlineData(new string[0], "usage:")]
    [InlineData(new[] { "serve" }, "unexpected arguments: serve")]
    [InlineData(new[] { "install", "--user", "--prefix", "/tmp/x" }, "--user and --prefix")]
    [InlineData(new[] { "install", "--name", "bad name" }, "'bad name' is not a kernelspec name")]
    [InlineData(new[] { "uninstall", "--no-build" }, "unexpected argument '--no-build'")]
    [InlineData(new[] { "-f" }, "unexpected arguments")]
    public async Task BadArguments_ExitWith2_AndSayWhy(string[] args, string expected)
    {
        var (code, _, errors) = await Run(args);
        Assert.Equal(KernelCommand.BadArguments, code);
        Assert.Contains(expected, errors);
    }

    [Fact]
    public async Task Help_PrintsTheUsage()
    {
        var (code, output, _) = await Run("--help");
        Assert.Equal(KernelCommand.Success, code);
        Assert.Contains("install [--user | --prefix DIR]", output);
    }

    [Fact]
    public async Task InstallNoBuild_ThenUninstall_InAPrefix()
    {
        using var folder = new TempFolder();
        var (code, output, errors) = await Run("install", "--no-build", "--prefix", folder.Path, "--name", "sn-test");
        Assert.True(code == KernelCommand.Success, errors);
        string spec = Path.Combine(folder.Path, "share", "jupyter", "kernels", "sn-test", "kernel.json");
        Assert.True(KernelSpec.IsOurs(spec));
        Assert.Contains(Path.Combine(AppContext.BaseDirectory, KernelSpec.KernelAssembly), File.ReadAllText(spec).Replace("\\\\", "\\"));
        Assert.Contains("it starts:", output);
        (code, output, _) = await Run("uninstall", "--prefix", folder.Path, "--name", "sn-test");
        Assert.Equal(KernelCommand.Success, code);
        Assert.False(File.Exists(spec));
        (code, _, errors) = await Run("uninstall", "--prefix", folder.Path, "--name", "sn-test");
        Assert.Equal(KernelCommand.Failure, code);
        Assert.Contains("no kernelspec 'sn-test'", errors);
    }

    [Fact]
    public async Task StartingWithABadConnectionFile_ExitsWith2_NamingIt()
    {
        using var folder = new TempFolder();
        string file = Path.Combine(folder.Path, "kernel-1.json");
        File.WriteAllText(file, "{\"transport\": \"ipc\"}");
        var (code, _, errors) = await Run("-f", file);
        Assert.Equal(KernelCommand.BadArguments, code);
        Assert.Contains("transport 'ipc' is not supported", errors);
    }
}
