using System.Text.Json.Nodes;
using ScoreNotebooks.Kernel.Install;

namespace ScoreNotebooks.Kernel.Tests.Jupyter;

/// <summary>
/// The kernel of this build installed as kernelspec ".net-csharp" in a private Jupyter folder, plus a copy
/// named "scorenotebooks-signal" that front ends interrupt with SIGINT instead of a message. Python clients
/// run with that folder first on JUPYTER_PATH and private data, runtime and config folders, so neither the
/// machine's kernelspecs nor its Jupyter settings take part.
/// </summary>
public sealed class InstalledKernel : IDisposable
{
    public const string SignalKernel = "scorenotebooks-signal";

    private readonly TempFolder folder = new();

    public InstalledKernel()
    {
        string data = DataDirectory;
        var installer = new KernelSpecInstaller(TextWriter.Null, TextWriter.Null);
        string kernel = Path.Combine(AppContext.BaseDirectory, KernelSpec.KernelAssembly);
        if (!installer.Write(data, KernelSpec.DefaultName, kernel, replace: false))
            throw new InvalidOperationException($"could not install the kernelspec for {kernel}");
        var spec = JsonNode.Parse(File.ReadAllText(Path.Combine(JupyterPaths.KernelDirectory(data, KernelSpec.DefaultName), "kernel.json")))!;
        spec["interrupt_mode"] = "signal";
        spec["display_name"] = "C# (ScoreNotebooks, interrupted by signal)";
        Directory.CreateDirectory(JupyterPaths.KernelDirectory(data, SignalKernel));
        File.WriteAllText(Path.Combine(JupyterPaths.KernelDirectory(data, SignalKernel), "kernel.json"), spec.ToJsonString());
        Environment = new Dictionary<string, string>
        {
            ["JUPYTER_PATH"] = data,
            ["JUPYTER_DATA_DIR"] = Path.Combine(folder.Path, "data"),
            ["JUPYTER_RUNTIME_DIR"] = Path.Combine(folder.Path, "runtime"),
            ["JUPYTER_CONFIG_DIR"] = Path.Combine(folder.Path, "config"),
            ["PYTHONDONTWRITEBYTECODE"] = "1",
        };
    }

    /// <summary>The private Jupyter data folder, first on the clients' JUPYTER_PATH; kernelspecs are in its kernels/.</summary>
    public string DataDirectory => Path.Combine(folder.Path, "share", "jupyter");

    /// <summary>The folder of the Python clients copied beside the tests.</summary>
    public static string Clients => Path.Combine(AppContext.BaseDirectory, "Clients");

    /// <summary>The environment every Python client runs with.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; }

    /// <summary>A new folder inside the private one, for a client's work files.</summary>
    public string NewFolder(string name)
    {
        string path = Path.Combine(folder.Path, "work", name + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(path);
        return path;
    }

    public Task<(int Code, string Output, string Errors)> RunPythonAsync(IEnumerable<string> args, string workingDirectory,
        TimeSpan timeout, IReadOnlyDictionary<string, string>? extra = null, CancellationToken cancellationToken = default)
    {
        var environment = new Dictionary<string, string>(Environment);
        foreach (var (name, value) in extra ?? new Dictionary<string, string>()) environment[name] = value;
        return Jupyter.RunAsync(args, workingDirectory, environment, timeout, cancellationToken);
    }

    public void Dispose() => folder.Dispose();
}
