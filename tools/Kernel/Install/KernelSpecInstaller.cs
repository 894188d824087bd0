using System.Diagnostics;
using System.Text.Json;
using ScoreNotebooks.Notebooks.Hosting;

namespace ScoreNotebooks.Kernel.Install;

/// <summary>
/// Installs and removes the kernelspec: builds the kernel into a stable folder
/// (<c>artifacts/kernel/</c>, by <c>dotnet publish -c Release</c>) and the libraries the notebooks reference,
/// and writes a kernel.json that starts the kernel.
/// </summary>
/// <param name="output">Progress and results.</param>
/// <param name="errors">What went wrong.</param>
internal sealed class KernelSpecInstaller(TextWriter output, TextWriter errors)
{
    /// <summary>The folder under the repository root the kernel is published to.</summary>
    public static readonly string PublishFolder = Path.Combine("artifacts", "kernel");

    /// <summary>Writes the kernelspec <paramref name="name"/> under <paramref name="dataDirectory"/>, starting <paramref name="kernelAssembly"/>.</summary>
    /// <param name="dataDirectory">A Jupyter data folder (see <see cref="JupyterPaths"/>).</param>
    /// <param name="name">The kernelspec name.</param>
    /// <param name="kernelAssembly">The built kernel's .dll.</param>
    /// <param name="replace">Overwrite a kernelspec of that name that starts another kernel.</param>
    /// <returns>True when it was written.</returns>
    public bool Write(string dataDirectory, string name, string kernelAssembly, bool replace)
    {
        string directory = JupyterPaths.KernelDirectory(dataDirectory, name);
        string file = Path.Combine(directory, "kernel.json");
        if (File.Exists(file) && !KernelSpec.IsOurs(file) && !replace)
        {
            string owner = KernelSpec.IsDotNetInteractive(file) ? ".NET Interactive's kernel (dotnet interactive jupyter install wrote it)" : "another kernel";
            errors.WriteLine($"error: {file} belongs to {owner}; install the series' kernel beside it under another name " +
                             "(--name scorenotebooks-csharp, then pick it by hand) or make it the chapters' default with --replace");
            return false;
        }
        if (!File.Exists(kernelAssembly))
        {
            errors.WriteLine($"error: {kernelAssembly} does not exist; build the kernel first (install without --no-build does)");
            return false;
        }
        Directory.CreateDirectory(directory);
        var spec = KernelSpec.Create(DotnetHost.Path, Path.GetFullPath(kernelAssembly));
        File.WriteAllText(file, spec.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        output.WriteLine($"installed kernelspec '{name}' ({KernelSpec.DisplayName}) in {directory}");
        output.WriteLine($"it starts: {string.Join(' ', spec["argv"]!.AsArray().Select(a => (string?)a))}");
        return true;
    }

    /// <summary>Removes the kernelspec <paramref name="name"/> under <paramref name="dataDirectory"/>, if this installer wrote it.</summary>
    /// <returns>True when it was removed.</returns>
    public bool Remove(string dataDirectory, string name)
    {
        string directory = JupyterPaths.KernelDirectory(dataDirectory, name);
        string file = Path.Combine(directory, "kernel.json");
        if (!File.Exists(file))
        {
            errors.WriteLine($"error: no kernelspec '{name}' in {Path.Combine(dataDirectory, "kernels")}");
            return false;
        }
        if (!KernelSpec.IsOurs(file))
        {
            errors.WriteLine($"error: {file} belongs to another kernel; it was left in place (remove it with 'jupyter kernelspec remove {name}')");
            return false;
        }
        Directory.Delete(directory, recursive: true);
        output.WriteLine($"removed kernelspec '{name}' from {directory}");
        return true;
    }

    /// <summary>
    /// Publishes the kernel in Release to <c>artifacts/kernel/</c> under <paramref name="root"/>, and builds in
    /// Release the libraries the notebooks reference (see <see cref="NotebookLibraries"/>).
    /// </summary>
    /// <returns>The published kernel's .dll, or null when a build failed.</returns>
    public async Task<string?> BuildAsync(string root)
    {
        string folder = Path.Combine(root, PublishFolder);
        output.WriteLine($"building the kernel (dotnet publish -c Release -o {PublishFolder})");
        if (!await DotnetAsync(root, "publish", Path.Combine(root, "tools", "Kernel", "Kernel.csproj"), "-c", "Release", "-o", folder).ConfigureAwait(false))
            return null;
        foreach (string project in NotebookLibraries.Projects(root))
        {
            output.WriteLine($"building {Path.GetRelativePath(root, Path.GetDirectoryName(project)!)} (Release), which the notebooks reference");
            if (!await DotnetAsync(root, "build", project, "-c", "Release").ConfigureAwait(false)) return null;
        }
        return Path.Combine(folder, KernelSpec.KernelAssembly);
    }

    private async Task<bool> DotnetAsync(string root, params string[] args)
    {
        var start = new ProcessStartInfo(DotnetHost.Path)
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in args.Concat(["--nologo", "-v", "q"])) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().ConfigureAwait(false);
        if (process.ExitCode == 0) return true;
        errors.WriteLine($"error: dotnet {string.Join(' ', args.Take(2))} failed (exit code {process.ExitCode}):\n" +
                         $"{await stdout.ConfigureAwait(false)}{await stderr.ConfigureAwait(false)}");
        return false;
    }
}
