using System.Runtime.InteropServices;
using ScoreNotebooks.Torch.Runtime;
using TorchSharp;

namespace ScoreNotebooks.Torch;

/// <summary>
/// Loads TorchSharp's native libraries before TorchSharp first needs them, correcting its native
/// shim where the system's libstdc++ is too old for it (Debian 12, Ubuntu 22.04).
/// </summary>
/// <remarks>
/// <para>
/// Call <see cref="EnsureLoaded"/> once before any <c>torch.*</c> call: a notebook does it in its
/// setup cell, and every entry point of this library does it implicitly. It is cheap after the
/// first call and safe from several threads.
/// </para>
/// <para>
/// On Linux it finds <c>libLibTorchSharp.so</c> and LibTorch (see the search order in the
/// README's Troubleshooting), loads LibTorch by path, and compares the libstdc++ versions the shim
/// needs with those the process's libstdc++ defines. When only GLIBCXX_3.4.32 is missing (GCC 12's
/// libstdc++), it loads a corrected copy of the shim, written beside this library's build output
/// and never in the NuGet cache; otherwise it loads the original. TorchSharp is then pointed at the
/// loaded shim. On Windows and macOS TorchSharp's own loading is used unchanged.
/// </para>
/// </remarks>
public static class TorchRuntime
{
    private const string ShimName = "LibTorchSharp";
    private static readonly Lock Gate = new();
    private static IntPtr shim;
    private static IReadOnlyList<string>? report;

    /// <summary>True once the native libraries are loaded and TorchSharp is initialised.</summary>
    public static bool IsLoaded => report is not null;

    /// <summary>What <see cref="EnsureLoaded"/> did, one line per step (empty before the first call).</summary>
    public static IReadOnlyList<string> LoadReport => report ?? [];

    /// <summary>Loads TorchSharp's native libraries if that has not been done yet.</summary>
    /// <exception cref="TorchLoadException">
    /// The libraries could not be found or loaded; the message lists the steps tried and what to do.
    /// A failed attempt is not remembered, so a later call tries again.
    /// </exception>
    public static void EnsureLoaded()
    {
        if (report is not null)
            return;
        lock (Gate)
        {
            if (report is not null)
                return;
            var log = new List<string>();
            if (OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture == Architecture.X64)
                LoadLinuxNatives(log);
            else
                log.Add($"{RuntimeInformation.OSDescription}: TorchSharp loads its own native libraries");
            InitialiseTorchSharp(log);
            report = log;
        }
    }

    private static void LoadLinuxNatives(List<string> log)
    {
        var torchSharp = typeof(torch).Assembly;
        var folders = NativeFiles.SearchFolders(torchSharp);
        string? original = NativeFiles.Find(folders, NativeFiles.ShimFileName);
        string? libTorch = NativeFiles.Find(folders, NativeFiles.TorchFileName);
        if (original is null || libTorch is null)
        {
            throw Failure(log,
                $"{(original is null ? NativeFiles.ShimFileName : NativeFiles.TorchFileName)} was not found. Searched:\n  " + string.Join("\n  ", folders),
                "Build the library (dotnet build lib/ScoreNotebooks.Torch -c Release) so its output folder holds runtimes/linux-x64/native, " +
                "and reference ScoreNotebooks.Torch.dll from that folder.");
        }
        string libTorchFolder = Path.GetDirectoryName(libTorch)!;
        // The shim finds LibTorch through RUNPATH $ORIGIN, which a copy elsewhere lacks; loaded
        // first, the libraries satisfy its needs by soname wherever the shim lives.
        foreach (string name in new[] { "libc10.so", NativeFiles.TorchFileName, "libtorch_cuda.so", "libtorch.so" })
        {
            string path = Path.Combine(libTorchFolder, name);
            if (name == "libtorch_cuda.so" && !File.Exists(path))
                continue;
            Load(path, log);
        }
        shim = Load(ChooseShim(original, log), log);
        try
        {
            NativeLibrary.SetDllImportResolver(torchSharp, (name, _, _) => name == ShimName ? shim : IntPtr.Zero);
            log.Add("TorchSharp resolves LibTorchSharp to the loaded shim");
        }
        catch (InvalidOperationException)
        {
            // Another resolver was set first; the loader then finds the shim by its soname.
            log.Add("TorchSharp already has a native resolver; the loaded shim is found by its soname");
        }
    }

    private static string ChooseShim(string original, List<string> log)
    {
        var needed = ElfImage.Read(original).RequiredVersions()
            .Where(n => n.File == ShimPatch.Library).Select(n => n.Version).ToList();
        string? libStdCxx = ShimPatch.LoadedLibStdCxx();
        if (libStdCxx is null)
        {
            log.Add($"no libstdc++ is mapped in this process; using the original shim {original}");
            return original;
        }
        var defined = ElfImage.Read(libStdCxx).DefinedVersions().ToHashSet(StringComparer.Ordinal);
        var missing = needed.Where(v => !defined.Contains(v)).ToList();
        log.Add($"libstdc++ in use: {libStdCxx} (newest {defined.Where(v => v.StartsWith("GLIBCXX_3.4.", StringComparison.Ordinal)).MaxBy(VersionNumber)})");
        if (missing.Count == 0)
        {
            log.Add($"it defines every version the shim needs; using the original shim {original}");
            return original;
        }
        if (missing.Count == 1 && missing[0] == ShimPatch.Version)
        {
            log.Add($"it lacks {ShimPatch.Version}, which the shim asks for one symbol that is never called");
            try
            {
                return ShimCopies.Prepare(original, log);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
            {
                throw Failure(log, $"the corrected shim could not be written: {e.Message}",
                    "Make the library's output folder or ~/.cache writable, or install a libstdc++ from GCC 13 or later.", e);
            }
            catch (InvalidOperationException e)
            {
                throw Failure(log, e.Message, "Install a libstdc++ from GCC 13 or later (e.g. Debian 13, Ubuntu 24.04).", e);
            }
        }
        throw Failure(log,
            $"{libStdCxx} lacks {string.Join(", ", missing)}, which {original} needs; only {ShimPatch.Version} can be removed safely.",
            "Install a libstdc++ from GCC 13 or later (e.g. Debian 13, Ubuntu 24.04), or run in a container based on one.");
    }

    private static IntPtr Load(string path, List<string> log)
    {
        try
        {
            IntPtr handle = NativeLibrary.Load(path);
            log.Add($"loaded {path}");
            return handle;
        }
        catch (Exception e) when (e is DllNotFoundException or BadImageFormatException)
        {
            throw Failure(log, $"loading {path} failed: {e.Message}",
                e.Message.Contains("GLIBCXX", StringComparison.Ordinal)
                    ? "The system libstdc++ is too old for this file; install a libstdc++ from GCC 13 or later."
                    : "Check that the file is complete (delete artifacts/ and rebuild) and that its dependencies exist (ldd shows missing ones).",
                e);
        }
    }

    private static void InitialiseTorchSharp(List<string> log)
    {
        try
        {
            torch.InitializeDeviceType(DeviceType.CPU);
            log.Add($"TorchSharp {typeof(torch).Assembly.GetName().Version} initialised (LibTorch {torch.__version__})");
        }
        catch (TypeInitializationException e)
        {
            throw Failure(log, $"TorchSharp failed to initialise before this call: {e.InnerException?.Message ?? e.Message}",
                "A torch call ran before TorchRuntime.EnsureLoaded(). Restart (a new process or notebook kernel) and call " +
                "TorchRuntime.EnsureLoaded() first, as the setup cell does.", e);
        }
        catch (Exception e) when (e is NotSupportedException or DllNotFoundException or InvalidOperationException or EntryPointNotFoundException)
        {
            throw Failure(log, $"TorchSharp failed to initialise: {e.Message}",
                "See the README's Troubleshooting entry \"TorchSharp fails to load\".", e);
        }
    }

    private static Version VersionNumber(string name) =>
        System.Version.TryParse(name[(name.IndexOf('_') + 1)..], out var v) ? v : new Version(0, 0);

    private static TorchLoadException Failure(List<string> log, string problem, string remedy, Exception? inner = null)
    {
        string tried = log.Count == 0 ? "  (nothing yet)" : "  " + string.Join("\n  ", log);
        return new TorchLoadException($"TorchSharp could not be loaded: {problem}\nSteps taken:\n{tried}\nWhat to do: {remedy}", inner);
    }
}
