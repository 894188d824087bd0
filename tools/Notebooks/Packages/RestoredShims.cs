using System.Runtime.InteropServices;
using ScoreNotebooks.Torch.Runtime;

namespace ScoreNotebooks.Notebooks.Packages;

/// <summary>
/// Corrects TorchSharp's native shim in a restored set, as <c>ScoreNotebooks.Torch</c>'s
/// <c>TorchRuntime</c> does for its own build output, so that <c>#r "nuget: TorchSharp-cpu, 0.107.0"</c>
/// loads on systems whose libstdc++ predates GCC 13 (Debian 12, Ubuntu 22.04).
/// </summary>
/// <remarks>
/// Only the set's own copy is replaced, and only when the libstdc++ this process uses lacks
/// <see cref="ShimPatch.Version"/>; the NuGet package folder is never written to. The corrected file is
/// written beside the original and renamed over it. Only the shim is examined: its need for that version
/// is known to be one never-called anchor symbol, which <see cref="ShimPatch.Correct"/> checks again.
/// </remarks>
internal static class RestoredShims
{
    /// <summary>TorchSharp's native shim, the one file this correction is known to be safe for.</summary>
    public const string ShimFileName = "libLibTorchSharp.so";

    /// <summary>Corrects <see cref="ShimFileName"/> in <paramref name="folder"/> when it is there and the system needs it.</summary>
    /// <param name="folder">The set's <c>lib/</c> folder.</param>
    /// <param name="log">Receives a line saying what was done.</param>
    /// <exception cref="IOException">The corrected copy could not be written.</exception>
    public static void CorrectIn(string folder, List<string> log)
    {
        string shim = Path.Combine(folder, ShimFileName);
        if (!File.Exists(shim) || !OperatingSystem.IsLinux())
            return;
        if (ProcessLibStdCxx() is not { } libStdCxx)
        {
            log.Add($"no libstdc++ could be loaded to compare with {ShimFileName}; it is left as TorchSharp ships it");
            return;
        }
        byte[] original = File.ReadAllBytes(shim);
        var image = ElfImage.FromBytes(original, ShimFileName);
        if (!ShimPatch.Needs(image) || ElfImage.Read(libStdCxx).DefinedVersions().Contains(ShimPatch.Version))
            return;
        byte[] corrected;
        try
        {
            corrected = ShimPatch.Correct(original, ShimFileName, out _);
        }
        catch (InvalidOperationException e)
        {
            log.Add($"{ShimFileName} is left as TorchSharp ships it: {e.Message}");
            return;
        }
        string temporary = $"{shim}.{Environment.ProcessId}.tmp";
        File.WriteAllBytes(temporary, corrected);
        File.Move(temporary, shim, overwrite: true);
        log.Add($"{libStdCxx} lacks {ShimPatch.Version}: {ShimFileName} was replaced by a copy without that need " +
                $"(its one symbol, {ShimPatch.AnchorSymbol}, is never called)");
    }

    /// <summary>The libstdc++ this process uses (loading it by its soname when nothing has yet), or null.</summary>
    private static string? ProcessLibStdCxx()
    {
        if (ShimPatch.LoadedLibStdCxx() is { } loaded)
            return loaded;
        // The dynamic loader resolves the shim's DT_NEEDED by this same soname, so this is the copy it would use.
        return NativeLibrary.TryLoad(ShimPatch.Library, out _) ? ShimPatch.LoadedLibStdCxx() : null;
    }
}
