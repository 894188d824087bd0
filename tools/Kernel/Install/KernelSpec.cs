using System.Text.Json;
using System.Text.Json.Nodes;

namespace ScoreNotebooks.Kernel.Install;

/// <summary>
/// The kernelspec (<c>kernel.json</c>) that tells Jupyter front ends how to start this kernel.
/// </summary>
/// <remarks>
/// Its name is ".net-csharp" by default: the name in the series' notebook metadata (written by
/// .NET Interactive), so VS Code, JupyterLab and nbconvert pick this kernel for the notebooks without
/// being asked. Interrupts are sent as messages (<c>interrupt_mode: "message"</c>), which works on every
/// system; the kernel also treats SIGINT as an interrupt.
/// </remarks>
internal static class KernelSpec
{
    /// <summary>The kernelspec name the notebooks' metadata asks for.</summary>
    public const string DefaultName = ".net-csharp";

    /// <summary>The name front ends show in their kernel pickers.</summary>
    public const string DisplayName = "C# (ScoreNotebooks)";

    /// <summary>The kernel's assembly; a kernel.json whose command names it was written by this installer.</summary>
    public const string KernelAssembly = "ScoreNotebooks.Kernel.dll";

    /// <summary>The kernel.json content.</summary>
    /// <param name="dotnet">The dotnet host that runs the kernel (an absolute path, so front ends need no PATH).</param>
    /// <param name="kernelAssembly">The built kernel, an absolute path.</param>
    /// <returns>The JSON object.</returns>
    public static JsonObject Create(string dotnet, string kernelAssembly) => new()
    {
        ["argv"] = new JsonArray(dotnet, kernelAssembly, "-f", "{connection_file}"),
        ["display_name"] = DisplayName,
        ["language"] = "C#",
        ["interrupt_mode"] = "message",
        ["metadata"] = new JsonObject { ["debugger"] = false },
    };

    /// <summary>True when the kernel.json at <paramref name="path"/> starts this kernel (its argv names <see cref="KernelAssembly"/>).</summary>
    public static bool IsOurs(string path) => Arguments(path).Any(a => Path.GetFileName(a) == KernelAssembly);

    /// <summary>True when the kernel.json at <paramref name="path"/> starts .NET Interactive's Jupyter kernel
    /// (<c>dotnet interactive jupyter</c>, or the dotnet-interactive tool itself).</summary>
    public static bool IsDotNetInteractive(string path)
    {
        var argv = Arguments(path);
        return argv.Contains("jupyter") && argv.Any(a => a == "interactive" || Path.GetFileName(a) is "dotnet-interactive" or "dotnet-interactive.exe");
    }

    private static List<string> Arguments(string path)
    {
        try
        {
            return JsonNode.Parse(File.ReadAllText(path))?["argv"] is JsonArray argv
                ? argv.Select(a => a is JsonValue v && v.TryGetValue(out string? s) ? s : "").ToList()
                : [];
        }
        catch (Exception error) when (error is JsonException or IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }
}
