namespace ScoreNotebooks.Torch.Runtime;

/// <summary>
/// The correction of TorchSharp's native shim for systems whose libstdc++ predates GCC 13: a copy
/// that no longer asks libstdc++ for <see cref="Version"/>.
/// </summary>
/// <remarks>
/// <para>
/// TorchSharp 0.107.0's <c>libLibTorchSharp.so</c> needs GLIBCXX_3.4.32 for one symbol,
/// <see cref="AnchorSymbol"/> (<c>std::ios_base_library_init()</c>), a link-time anchor that GCC 13
/// emits and nothing calls. Debian 12 and Ubuntu 22.04 ship GLIBCXX_3.4.30, so the loader rejects the
/// whole file. The copy differs from the original only in the removed version need and that symbol's
/// version index.
/// </para>
/// <para>
/// This file and <see cref="ElfImage"/> are compiled into two assemblies: this library, which writes
/// the copy beside its build output (<c>ShimCopies</c>), and the notebook engine, which writes it
/// into the packages it restores for <c>#r "nuget: TorchSharp-cpu, …"</c>.
/// </para>
/// </remarks>
internal static class ShimPatch
{
    /// <summary>The library the version is asked of.</summary>
    public const string Library = "libstdc++.so.6";

    /// <summary>The only version that is safe to drop: its one symbol is never called.</summary>
    public const string Version = "GLIBCXX_3.4.32";

    /// <summary>The one symbol the shim binds to <see cref="Version"/>: <c>std::ios_base_library_init()</c>.</summary>
    public const string AnchorSymbol = "_ZSt21ios_base_library_initv";

    /// <summary>The corrected bytes of a shim: the same file without its need for <see cref="Version"/>.</summary>
    /// <param name="original">The shim's bytes as TorchSharp ships them (not changed).</param>
    /// <param name="name">The file name, for messages.</param>
    /// <param name="symbols">The symbols that were bound to <see cref="Version"/> (only <see cref="AnchorSymbol"/>).</param>
    /// <returns>The corrected file's bytes.</returns>
    /// <exception cref="InvalidDataException">The bytes are not a little-endian ELF64 file.</exception>
    /// <exception cref="InvalidOperationException">The file does not need <see cref="Version"/>, or binds a
    /// symbol other than <see cref="AnchorSymbol"/> to it, which would make removing the need unsafe.</exception>
    public static byte[] Correct(byte[] original, string name, out IReadOnlyList<string> symbols)
    {
        var image = ElfImage.FromBytes(original, name);
        symbols = image.RemoveVersionNeed(Library, Version);
        var others = symbols.Where(s => s != AnchorSymbol).ToList();
        if (others.Count > 0)
            throw new InvalidOperationException(
                $"{name} binds {string.Join(", ", others)} to {Version}; only {AnchorSymbol}, which is never called, can be unversioned safely.");
        return image.Bytes.ToArray();
    }

    /// <summary>True when the file exists and no longer needs <see cref="Version"/>.</summary>
    public static bool IsPatched(string path)
    {
        if (!File.Exists(path))
            return false;
        try
        {
            return !Needs(ElfImage.Read(path));
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            return false;
        }
    }

    /// <summary>True when the object asks <see cref="Library"/> for <see cref="Version"/>.</summary>
    public static bool Needs(ElfImage image) =>
        image.RequiredVersions().Any(n => n.File == Library && n.Version == Version);

    /// <summary>The path of the libstdc++ mapped into this process (from /proc/self/maps), or null when none is.</summary>
    public static string? LoadedLibStdCxx()
    {
        const string maps = "/proc/self/maps";
        if (!File.Exists(maps))
            return null;
        return File.ReadLines(maps)
            .Select(line => line.IndexOf('/') is int at and >= 0 ? line[at..] : null)
            .FirstOrDefault(path => path is not null && Path.GetFileName(path).StartsWith("libstdc++.so", StringComparison.Ordinal));
    }
}
