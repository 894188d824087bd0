using TorchSharp;
using static TorchSharp.torch;

namespace ScoreNotebooks.Torch;

/// <summary>
/// The one device every tensor and network of this library lives on unless a call names another:
/// CUDA when TorchSharp reports it, otherwise the CPU. The environment variable
/// <see cref="EnvironmentVariable"/> overrides the choice.
/// </summary>
/// <remarks>
/// The variable takes <c>cpu</c>, <c>cuda</c> or <c>cuda:N</c> (case-insensitive); it is read once,
/// on first use. The packages this repository pins (TorchSharp-cpu) carry no CUDA support, so the
/// choice is the CPU unless a CUDA build of LibTorch is referenced instead.
/// </remarks>
public static class TorchDevice
{
    /// <summary>The environment variable that overrides the device: <c>cpu</c>, <c>cuda</c> or <c>cuda:N</c>.</summary>
    public const string EnvironmentVariable = "SCORENOTEBOOKS_DEVICE";

    private static readonly Lazy<(Device Device, string Reason)> Chosen = new(ChooseOnce);

    /// <summary>The device in use; loads TorchSharp first if needed.</summary>
    /// <exception cref="TorchLoadException">TorchSharp could not be loaded.</exception>
    /// <exception cref="InvalidOperationException">The environment variable is malformed, or asks for CUDA where TorchSharp has none.</exception>
    public static Device Current => Chosen.Value.Device;

    /// <summary>One line for a notebook to print: the device, why it was chosen, and the TorchSharp and LibTorch versions.</summary>
    /// <exception cref="TorchLoadException">TorchSharp could not be loaded.</exception>
    public static string Describe()
    {
        var (device, reason) = Chosen.Value;
        return $"TorchSharp device: {device.type.ToString().ToLowerInvariant()}{(device.type == DeviceType.CUDA ? $":{device.index}" : "")} " +
               $"({reason}; TorchSharp {typeof(torch).Assembly.GetName().Version?.ToString(3)}, LibTorch {torch.__version__}, {Threads(torch.get_num_threads())})";
    }

    private static string Threads(int count) => count == 1 ? "1 CPU thread" : $"{count} CPU threads";

    /// <summary>
    /// The device name a setting and CUDA's availability give: the setting when it names one,
    /// else <c>cuda</c> when available, else <c>cpu</c>.
    /// </summary>
    /// <param name="setting">The environment variable's value, or null/blank when unset.</param>
    /// <param name="cudaAvailable">Whether TorchSharp reports CUDA.</param>
    /// <returns>The device name and the reason for it.</returns>
    /// <exception cref="InvalidOperationException">The setting is not cpu, cuda or cuda:N, or asks for CUDA that is not available.</exception>
    internal static (string Name, string Reason) Choose(string? setting, bool cudaAvailable)
    {
        if (string.IsNullOrWhiteSpace(setting))
            return cudaAvailable ? ("cuda", "CUDA is available") : ("cpu", "CUDA is not available");
        string name = setting.Trim().ToLowerInvariant();
        bool isCuda = name == "cuda" || (name.StartsWith("cuda:", StringComparison.Ordinal) && int.TryParse(name[5..], out int index) && index >= 0);
        if (name != "cpu" && !isCuda)
            throw new InvalidOperationException($"{EnvironmentVariable} is '{setting}'; use cpu, cuda or cuda:N.");
        if (isCuda && !cudaAvailable)
            throw new InvalidOperationException(
                $"{EnvironmentVariable} is '{setting}', but TorchSharp reports no CUDA device (the pinned TorchSharp-cpu has no CUDA support). Unset it or set it to cpu.");
        return (name, $"set by {EnvironmentVariable}");
    }

    private static (Device, string) ChooseOnce()
    {
        TorchRuntime.EnsureLoaded();
        var (name, reason) = Choose(Environment.GetEnvironmentVariable(EnvironmentVariable), torch.cuda.is_available());
        return (torch.device(name), reason);
    }
}
