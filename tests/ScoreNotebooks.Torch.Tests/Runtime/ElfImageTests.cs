using System.Diagnostics;
using System.Text.RegularExpressions;
using ScoreNotebooks.Torch.Runtime;
using TorchSharp;

namespace ScoreNotebooks.Torch.Tests.Runtime;

public class ElfImageTests
{
    private static string OriginalShim() =>
        NativeFiles.Find(NativeFiles.SearchFolders(typeof(torch).Assembly), NativeFiles.ShimFileName)
        ?? throw new InvalidOperationException("the test output has no libLibTorchSharp.so");

    [SkippableFact]
    public void RequiredVersions_OfTheShim_MatchReadelf()
    {
        string path = OriginalShim();
        string? listing = Readelf("-V", path);
        Skip.If(listing is null, "readelf (binutils) is not installed");
        var expected = Regex.Matches(listing!, @"Name: (\S+)\s+Flags: \S+\s+Version: (\d+)")
            .Select(m => $"{m.Groups[1].Value}#{m.Groups[2].Value}").Order(StringComparer.Ordinal).ToList();
        var actual = ElfImage.Read(path).RequiredVersions().Select(n => $"{n.Version}#{n.Index}").Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, actual);
        Assert.Contains(ElfImage.Read(path).RequiredVersions(), n => n.File == "libstdc++.so.6" && n.Version == "GLIBCXX_3.4.32");
    }

    [Fact]
    public void RemoveVersionNeed_DropsOnlyThatVersion_AndUnversionsItsOneSymbol()
    {
        string path = OriginalShim();
        var original = ElfImage.Read(path);
        var patched = ElfImage.FromBytes(original.Bytes.ToArray(), "copy");
        var symbols = patched.RemoveVersionNeed("libstdc++.so.6", "GLIBCXX_3.4.32");

        Assert.Equal(["_ZSt21ios_base_library_initv"], symbols);
        var before = original.RequiredVersions().Select(n => (n.File, n.Version)).ToList();
        var after = patched.RequiredVersions().Select(n => (n.File, n.Version)).ToList();
        Assert.Equal(before.Where(n => n.Version != "GLIBCXX_3.4.32"), after);
        // vn_cnt (2 bytes), one vna_next (≤ 4 bytes) and one .gnu.version entry (2 bytes) change, nothing else.
        int changed = 0;
        for (int i = 0; i < original.Bytes.Length; i++)
            changed += original.Bytes[i] != patched.Bytes[i] ? 1 : 0;
        Assert.InRange(changed, 2, 8);
    }

    [SkippableFact]
    public void PatchedCopy_ReadByReadelf_NeedsNoGlibcxx3432_AndBindsTheSymbolUnversioned()
    {
        string path = OriginalShim();
        var patched = ElfImage.FromBytes(ElfImage.Read(path).Bytes.ToArray(), "copy");
        patched.RemoveVersionNeed("libstdc++.so.6", "GLIBCXX_3.4.32");
        string file = Path.Combine(Path.GetTempPath(), $"shim-{Guid.NewGuid():N}.so");
        File.WriteAllBytes(file, patched.Bytes.ToArray());
        try
        {
            string? versions = Readelf("-V", file);
            Skip.If(versions is null, "readelf (binutils) is not installed");
            Assert.DoesNotContain("GLIBCXX_3.4.32", versions);
            Assert.Contains("GLIBCXX_3.4.30", versions);
            string symbols = Readelf("--dyn-syms", "-W", file)!;
            var line = symbols.Split('\n').Single(l => l.Contains("_ZSt21ios_base_library_initv"));
            Assert.DoesNotContain("@", line);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [SkippableFact]
    public void DefinedVersions_OfTheSystemLibstdcxx_MatchReadelf()
    {
        string? libstdcxx = File.ReadLines("/proc/self/maps").Select(l => l.IndexOf('/') is int i and >= 0 ? l[i..] : "")
            .FirstOrDefault(p => Path.GetFileName(p).StartsWith("libstdc++.so", StringComparison.Ordinal));
        Skip.If(libstdcxx is null, "no libstdc++ is mapped in this process");
        string? listing = Readelf("-V", libstdcxx!);
        Skip.If(listing is null, "readelf (binutils) is not installed");
        var defined = ElfImage.Read(libstdcxx!).DefinedVersions();
        var expected = Regex.Matches(listing!, @"Rev: \d+\s+Flags: \S+\s+Index: \d+\s+Cnt: \d+\s+Name: (\S+)")
            .Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(expected, defined);
        Assert.Contains("GLIBCXX_3.4", defined);
    }

    [Fact]
    public void RemoveVersionNeed_OfAVersionNotNeeded_ThrowsNamingIt()
    {
        var image = ElfImage.Read(OriginalShim());
        var e = Assert.Throws<InvalidOperationException>(() => image.RemoveVersionNeed("libstdc++.so.6", "GLIBCXX_9.9"));
        Assert.Contains("GLIBCXX_9.9", e.Message);
    }

    [Fact]
    public void Read_OfANonElfFile_ThrowsInvalidData()
    {
        var e = Assert.Throws<InvalidDataException>(() => ElfImage.FromBytes(new byte[100], "zeros"));
        Assert.Contains("zeros is not an ELF file", e.Message);
    }

    private static string? Readelf(params string[] args)
    {
        try
        {
            var start = new ProcessStartInfo("readelf") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (string a in args)
                start.ArgumentList.Add(a);
            using var process = Process.Start(start)!;
            string output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
