using System.Text.Json.Nodes;
using ScoreNotebooks.Kernel.Install;

namespace ScoreNotebooks.Kernel.Tests.Install;

public class KernelSpecInstallerTests
{
    private static (KernelSpecInstaller Installer, StringWriter Output, StringWriter Errors) Installer()
    {
        var output = new StringWriter();
        var errors = new StringWriter();
        return (new KernelSpecInstaller(output, errors), output, errors);
    }

    private static string FakeKernel(string folder)
    {
        string path = Path.Combine(folder, "build", KernelSpec.KernelAssembly);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "");
        return path;
    }

    [Fact]
    public void Write_PutsAKernelJsonThatStartsTheKernelWithTheConnectionFile()
    {
        using var folder = new TempFolder();
        string kernel = FakeKernel(folder.Path);
        var (installer, output, _) = Installer();
        Assert.True(installer.Write(folder.Path, ".net-csharp", kernel, replace: false));
        var spec = JsonNode.Parse(File.ReadAllText(Path.Combine(folder.Path, "kernels", ".net-csharp", "kernel.json")))!;
        var argv = spec["argv"]!.AsArray().Select(a => (string)a!).ToArray();
        Assert.True(Path.IsPathRooted(argv[0]) || argv[0] == "dotnet", argv[0]);
        Assert.Equal([kernel, "-f", "{connection_file}"], argv[1..]);
        Assert.Equal(("C# (ScoreNotebooks)", "C#", "message"),
            ((string?)spec["display_name"], (string?)spec["language"], (string?)spec["interrupt_mode"]));
        Assert.Contains("installed kernelspec '.net-csharp'", output.ToString());
    }

    [Fact]
    public void Write_RefusesToOverwriteDotNetInteractivesSpec_NamingIt_UnlessAskedTo()
    {
        using var folder = new TempFolder();
        string directory = JupyterPaths.KernelDirectory(folder.Path, ".net-csharp");
        Directory.CreateDirectory(directory);
        string foreign = """{"argv": ["dotnet", "interactive", "jupyter", "--default-kernel", "csharp", "{connection_file}"], "display_name": ".NET (C#)", "language": "C#"}""";
        File.WriteAllText(Path.Combine(directory, "kernel.json"), foreign);
        var (installer, _, errors) = Installer();
        Assert.False(installer.Write(folder.Path, ".net-csharp", FakeKernel(folder.Path), replace: false));
        Assert.Contains(".net-csharp/kernel.json belongs to .NET Interactive's kernel (dotnet interactive jupyter install wrote it)", errors.ToString());
        Assert.Contains("--name scorenotebooks-csharp", errors.ToString());
        Assert.Equal(foreign, File.ReadAllText(Path.Combine(directory, "kernel.json")));
        Assert.True(installer.Write(folder.Path, ".net-csharp", FakeKernel(folder.Path), replace: true));
        Assert.True(KernelSpec.IsOurs(Path.Combine(directory, "kernel.json")));
    }

    [Fact]
    public void Write_RefusesToOverwriteAnUnknownKernelsSpec()
    {
        using var folder = new TempFolder();
        string directory = JupyterPaths.KernelDirectory(folder.Path, ".net-csharp");
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "kernel.json"), """{"argv": ["python3", "-m", "some_kernel", "-f", "{connection_file}"]}""");
        var (installer, _, errors) = Installer();
        Assert.False(installer.Write(folder.Path, ".net-csharp", FakeKernel(folder.Path), replace: false));
        Assert.Contains("belongs to another kernel;", errors.ToString());
    }

    [Fact]
    public void Write_WithoutTheBuiltKernel_SaysSo()
    {
        using var folder = new TempFolder();
        var (installer, _, errors) = Installer();
        Assert.False(installer.Write(folder.Path, ".net-csharp", Path.Combine(folder.Path, KernelSpec.KernelAssembly), replace: false));
        Assert.Contains("does not exist", errors.ToString());
        Assert.False(Directory.Exists(Path.Combine(folder.Path, "kernels")));
    }

    [Fact]
    public void Remove_DeletesOnlyItsOwnKernelspec()
    {
        using var folder = new TempFolder();
        var (installer, _, errors) = Installer();
        Assert.True(installer.Write(folder.Path, "mine", FakeKernel(folder.Path), replace: false));
        Assert.True(installer.Remove(folder.Path, "mine"));
        Assert.False(Directory.Exists(JupyterPaths.KernelDirectory(folder.Path, "mine")));
        Assert.False(installer.Remove(folder.Path, "mine"));
        Assert.Contains("no kernelspec 'mine'", errors.ToString());
        string other = JupyterPaths.KernelDirectory(folder.Path, "python3");
        Directory.CreateDirectory(other);
        File.WriteAllText(Path.Combine(other, "kernel.json"), """{"argv": ["python3", "-m", "ipykernel_launcher", "-f", "{connection_file}"]}""");
        Assert.False(installer.Remove(folder.Path, "python3"));
        Assert.True(File.Exists(Path.Combine(other, "kernel.json")));
    }

    [Fact]
    public void JupyterDataDirectory_FollowsJupyterDataDirThenXdgThenHome()
    {
        Assert.Equal(Path.GetFullPath("/data/jupyter-here"),
            JupyterPaths.UserDataDirectory(name => name == "JUPYTER_DATA_DIR" ? "/data/jupyter-here" : null));
        if (OperatingSystem.IsLinux())
        {
            Assert.Equal("/xdg/jupyter", JupyterPaths.UserDataDirectory(name => name == "XDG_DATA_HOME" ? "/xdg" : null));
            string home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            Assert.Equal(Path.Combine(home, ".local", "share", "jupyter"), JupyterPaths.UserDataDirectory(_ => null));
        }
        Assert.Equal(Path.Combine(Path.GetFullPath("/opt/venv"), "share", "jupyter"), JupyterPaths.PrefixDataDirectory("/opt/venv"));
    }

    [Fact]
    public void DotnetHost_IsTheExecutableThatRunsThisProcessOrItsInstallation()
    {
        string host = ScoreNotebooks.Notebooks.Hosting.DotnetHost.Path;
        Assert.True(File.Exists(host), host);
        Assert.Equal(OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet", Path.GetFileName(host));
    }
}
