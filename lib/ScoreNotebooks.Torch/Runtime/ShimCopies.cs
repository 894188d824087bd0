using System.Security.Cryptography;

namespace ScoreNotebooks.Torch.Runtime;

/// <summary>
/// Where this library keeps its corrected copies of TorchSharp's native shim (<see cref="ShimPatch"/>).
/// </summary>
/// <remarks>
/// A copy is written once per original (its folder is named after the original's SHA-256), beside this
/// library's build output when that folder is writable, else under the user's cache folder; the NuGet
/// package folder is never written to.
/// </remarks>
internal static class ShimCopies
{
    private const string CacheFolderName = "torchsharp-glibcxx";

    /// <summary>The path of the corrected copy of <paramref name="original"/>, written if it is not there yet.</summary>
    /// <param name="original">The shim as TorchSharp ships it.</param>
    /// <param name="log">Receives one line per thing done.</param>
    /// <exception cref="IOException">No candidate folder could be written.</exception>
    /// <exception cref="InvalidOperationException">The original does not need <see cref="ShimPatch.Version"/>,
    /// or needs it for more than the never-called anchor symbol.</exception>
    public static string Prepare(string original, List<string> log)
    {
        byte[] bytes = File.ReadAllBytes(original);
        string key = Convert.ToHexString(SHA256.HashData(bytes))[..16].ToLowerInvariant();
        var failures = new List<string>();
        foreach (string root in CacheRoots())
        {
            string folder = Path.Combine(root, CacheFolderName, key);
            string target = Path.Combine(folder, Path.GetFileName(original));
            if (ShimPatch.IsPatched(target))
            {
                log.Add(Using(target));
                return target;
            }
            try
            {
                Directory.CreateDirectory(folder);
                byte[] corrected = ShimPatch.Correct(bytes, Path.GetFileName(original), out _);
                // Written under a unique name, then renamed: processes racing here each see a whole file.
                string temporary = $"{target}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
                File.WriteAllBytes(temporary, corrected);
                File.Move(temporary, target, overwrite: true);
                log.Add(Using(target));
                return target;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                failures.Add($"{folder}: {e.Message}");
            }
        }
        throw new IOException($"no folder could hold the corrected shim: {string.Join("; ", failures)}");
    }

    // One line whether this process wrote the copy or found it: a notebook that prints the load report then prints the
    // same text on every run, the first after a build included.
    private static string Using(string target) => $"using a corrected shim without {ShimPatch.Version}: {target}";

    private static IEnumerable<string> CacheRoots()
    {
        if (Path.GetDirectoryName(typeof(ShimCopies).Assembly.Location) is { Length: > 0 } beside)
            yield return beside;
        string cache = Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        yield return Path.Combine(cache, "ScoreNotebooks");
        yield return Path.Combine(Path.GetTempPath(), $"ScoreNotebooks-{Environment.UserName}");
    }
}
