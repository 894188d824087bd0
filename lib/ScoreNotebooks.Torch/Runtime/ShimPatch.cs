using System.Security.Cryptography;

namespace ScoreNotebooks.Torch.Runtime;

/// <summary>
/// Prepares the corrected copy of TorchSharp's native shim for systems whose libstdc++ predates
/// GCC 13: the copy no longer asks libstdc++ for <see cref="Version"/>.
/// </summary>
/// <remarks>
/// TorchSharp 0.107.0's <c>libLibTorchSharp.so</c> needs GLIBCXX_3.4.32 for one symbol,
/// <c>std::ios_base_library_init()</c>, a link-time anchor that GCC 13 emits and nothing calls.
/// Debian 12 and Ubuntu 22.04 ship GLIBCXX_3.4.30, so the loader rejects the whole file. The copy
/// differs from the original only in the removed version need and that symbol's version index.
/// It is written once per original (its folder is named after the original's SHA-256), beside this
/// library's build output when that folder is writable, else under the user's cache folder; the
/// NuGet package folder is never written to.
/// </remarks>
internal static class ShimPatch
{
    /// <summary>The library the version is asked of.</summary>
    public const string Library = "libstdc++.so.6";

    /// <summary>The only version that is safe to drop: its one symbol is never called.</summary>
    public const string Version = "GLIBCXX_3.4.32";

    private const string CacheFolderName = "torchsharp-glibcxx";

    /// <summary>The path of the corrected copy of <paramref name="original"/>, written if it is not there yet.</summary>
    /// <param name="original">The shim as TorchSharp ships it.</param>
    /// <param name="log">Receives one line per thing done.</param>
    /// <exception cref="IOException">No candidate folder could be written.</exception>
    /// <exception cref="InvalidOperationException">The original does not need <see cref="Version"/>.</exception>
    public static string Prepare(string original, List<string> log)
    {
        byte[] bytes = File.ReadAllBytes(original);
        string key = Convert.ToHexString(SHA256.HashData(bytes))[..16].ToLowerInvariant();
        var failures = new List<string>();
        foreach (string root in CacheRoots())
        {
            string folder = Path.Combine(root, CacheFolderName, key);
            string target = Path.Combine(folder, Path.GetFileName(original));
            if (IsPatched(target))
            {
                log.Add($"reused the corrected shim {target}");
                return target;
            }
            try
            {
                Directory.CreateDirectory(folder);
                var image = ElfImage.FromBytes(bytes, Path.GetFileName(original));
                var symbols = image.RemoveVersionNeed(Library, Version);
                // Written under a unique name, then renamed: processes racing here each see a whole file.
                string temporary = $"{target}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
                File.WriteAllBytes(temporary, image.Bytes.ToArray());
                File.Move(temporary, target, overwrite: true);
                log.Add($"wrote a corrected shim without {Version} (symbol {string.Join(", ", symbols)}) to {target}");
                return target;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                failures.Add($"{folder}: {e.Message}");
            }
        }
        throw new IOException($"no folder could hold the corrected shim: {string.Join("; ", failures)}");
    }

    /// <summary>True when the file exists and no longer needs <see cref="Version"/>.</summary>
    public static bool IsPatched(string path)
    {
        if (!File.Exists(path))
            return false;
        try
        {
            return !ElfImage.Read(path).RequiredVersions().Any(n => n.File == Library && n.Version == Version);
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            return false;
        }
    }

    private static IEnumerable<string> CacheRoots()
    {
        if (Path.GetDirectoryName(typeof(ShimPatch).Assembly.Location) is { Length: > 0 } beside)
            yield return beside;
        string cache = Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        yield return Path.Combine(cache, "ScoreNotebooks");
        yield return Path.Combine(Path.GetTempPath(), $"ScoreNotebooks-{Environment.UserName}");
    }
}
