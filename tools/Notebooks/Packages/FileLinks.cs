using System.Runtime.InteropServices;

namespace ScoreNotebooks.Notebooks.Packages;

/// <summary>
/// Puts a package file into a restored set as a hard link to the NuGet package folder's copy where the
/// system allows it (same Linux file system), else as a copy.
/// </summary>
/// <remarks>
/// A set that holds TorchSharp holds about 500 MB of LibTorch; with links, every set that contains it
/// shares those bytes with the package folder instead of copying them. A link is still the set's own
/// directory entry: it survives the package folder being cleared, and <c>$ORIGIN</c> and the loader's
/// "beside the assembly" probing see the set's folder. Files in a set are never written in place, so the
/// package folder's copy cannot change through a link: a corrected file is written beside it and renamed
/// over the link, and a replaced file is deleted before it is placed again.
/// </remarks>
internal static class FileLinks
{
    /// <summary>Places <paramref name="source"/> at <paramref name="target"/>, which must not exist.</summary>
    /// <exception cref="IOException">The file could be neither linked nor copied.</exception>
    public static void LinkOrCopy(string source, string target)
    {
        if (OperatingSystem.IsLinux() && TryLink(source, target))
            return;
        File.Copy(source, target);
    }

    private static bool TryLink(string source, string target)
    {
        try
        {
            return link(source, target) == 0; // EXDEV (another file system), EPERM, …: copy instead
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    [DllImport("libc.so.6", SetLastError = true)]
    private static extern int link([MarshalAs(UnmanagedType.LPUTF8Str)] string oldPath, [MarshalAs(UnmanagedType.LPUTF8Str)] string newPath);
}
