using System.Buffers.Binary;
using System.Text;

namespace ScoreNotebooks.Torch.Runtime;

/// <summary>
/// A little-endian ELF64 shared object held in memory, read far enough to see and edit its
/// symbol versions: the sections, the version needs (<c>.gnu.version_r</c>), the version
/// definitions (<c>.gnu.version_d</c>) and the per-symbol version indices (<c>.gnu.version</c>).
/// </summary>
/// <remarks>
/// Layouts follow the System V ABI (ELF-64 Object File Format 1.5) and the Linux Standard Base
/// (Core Specification, "Symbol Versioning"): a verneed entry Elf64_Verneed {vn_version u16,
/// vn_cnt u16, vn_file u32, vn_aux u32, vn_next u32} heads a chain of Elf64_Vernaux {vna_hash u32,
/// vna_flags u16, vna_other u16, vna_name u32, vna_next u32}; offsets in a chain are relative to
/// the entry that holds them. The dynamic loader reads these through the dynamic segment, which
/// maps the same file bytes as the sections, so an edit at a section's file offset is what it sees.
/// </remarks>
internal sealed class ElfImage
{
    private const uint ShtDynsym = 11;
    private const uint ShtGnuVerdef = 0x6ffffffd;
    private const uint ShtGnuVerneed = 0x6ffffffe;
    private const uint ShtGnuVersym = 0x6fffffff;

    private readonly byte[] bytes;
    private readonly Section[] sections;

    private ElfImage(byte[] bytes, string name)
    {
        this.bytes = bytes;
        Name = name;
        if (bytes.Length < 64 || bytes[0] != 0x7f || bytes[1] != (byte)'E' || bytes[2] != (byte)'L' || bytes[3] != (byte)'F')
            throw new InvalidDataException($"{name} is not an ELF file.");
        if (bytes[4] != 2 || bytes[5] != 1)
            throw new InvalidDataException($"{name} is not a little-endian 64-bit ELF file (class {bytes[4]}, data {bytes[5]}).");
        ulong sectionOffset = U64(0x28);
        int sectionSize = U16(0x3A);
        int sectionCount = U16(0x3C);
        if (sectionOffset == 0 || sectionSize < 64 || sectionOffset + (ulong)(sectionSize * sectionCount) > (ulong)bytes.Length)
            throw new InvalidDataException($"{name} has no readable section header table.");
        sections = new Section[sectionCount];
        for (int i = 0; i < sectionCount; i++)
        {
            int h = checked((int)sectionOffset + i * sectionSize);
            sections[i] = new Section(U32(h + 4), checked((int)U64(h + 0x18)), checked((int)U64(h + 0x20)), (int)U32(h + 0x28), (int)U32(h + 0x2C));
            if (sections[i].Type != 8 && (long)sections[i].Offset + sections[i].Size > bytes.Length) // 8 = SHT_NOBITS
                throw new InvalidDataException($"{name}: section {i} lies outside the file.");
        }
    }

    /// <summary>The file name, for messages.</summary>
    public string Name { get; }

    /// <summary>The file's bytes; edits made by this instance are visible here.</summary>
    public ReadOnlySpan<byte> Bytes => bytes;

    /// <summary>Reads an ELF file.</summary>
    /// <exception cref="InvalidDataException">Not a little-endian ELF64 file with section headers.</exception>
    public static ElfImage Read(string path) => new(File.ReadAllBytes(path), Path.GetFileName(path));

    /// <summary>Wraps ELF bytes (copied).</summary>
    public static ElfImage FromBytes(byte[] bytes, string name) => new((byte[])bytes.Clone(), name);

    /// <summary>The version names this object defines (<c>.gnu.version_d</c>), e.g. GLIBCXX_3.4.30.</summary>
    public IReadOnlyList<string> DefinedVersions()
    {
        var names = new List<string>();
        foreach (var section in sections.Where(s => s.Type == ShtGnuVerdef))
        {
            int entry = section.Offset;
            for (int n = 0; n < section.Info; n++)
            {
                int aux = entry + (int)U32(entry + 12);
                names.Add(String(section.Link, U32(aux)));
                uint next = U32(entry + 16);
                if (next == 0)
                    break;
                entry += (int)next;
            }
        }
        return names;
    }

    /// <summary>The versions this object needs, by the file that must provide them (<c>.gnu.version_r</c>).</summary>
    public IReadOnlyList<VersionNeed> RequiredVersions()
    {
        var needs = new List<VersionNeed>();
        foreach (var entry in VerneedEntries())
        {
            foreach (var aux in VernauxEntries(entry))
                needs.Add(new VersionNeed(entry.File, String(entry.StringTable, U32(aux + 8)), U16(aux + 6)));
        }
        return needs;
    }

    /// <summary>
    /// Removes the need for one version from one library: the vernaux entry leaves its chain and
    /// every symbol bound to that version becomes unversioned (index 1, "global").
    /// </summary>
    /// <param name="file">The needed library, e.g. libstdc++.so.6.</param>
    /// <param name="version">The version name, e.g. GLIBCXX_3.4.32.</param>
    /// <returns>The names of the dynamic symbols that were bound to the version.</returns>
    /// <exception cref="InvalidOperationException">The object does not need that version from that file.</exception>
    public IReadOnlyList<string> RemoveVersionNeed(string file, string version)
    {
        foreach (var entry in VerneedEntries().Where(e => e.File == file))
        {
            int previous = -1;
            foreach (int aux in VernauxEntries(entry))
            {
                if (String(entry.StringTable, U32(aux + 8)) != version)
                {
                    previous = aux;
                    continue;
                }
                int index = U16(aux + 6);
                uint next = U32(aux + 12);
                if (previous < 0)
                    WriteU32(entry.Offset + 8, next == 0 ? 0 : U32(entry.Offset + 8) + next);
                else
                    WriteU32(previous + 12, next == 0 ? 0 : U32(previous + 12) + next);
                WriteU16(entry.Offset + 2, (ushort)(U16(entry.Offset + 2) - 1));
                return Unversion(index);
            }
        }
        throw new InvalidOperationException($"{Name} does not need {version} from {file}.");
    }

    private IReadOnlyList<string> Unversion(int index)
    {
        var symbols = new List<string>();
        var versym = sections.FirstOrDefault(s => s.Type == ShtGnuVersym);
        var dynsym = sections.FirstOrDefault(s => s.Type == ShtDynsym);
        if (versym is null || dynsym is null)
            return symbols;
        for (int i = 0; i < versym.Size / 2; i++)
        {
            int at = versym.Offset + 2 * i;
            if ((U16(at) & 0x7fff) != index)
                continue;
            WriteU16(at, 1);
            symbols.Add(String(dynsym.Link, U32(dynsym.Offset + 24 * i)));
        }
        return symbols;
    }

    private IEnumerable<Verneed> VerneedEntries()
    {
        foreach (var section in sections.Where(s => s.Type == ShtGnuVerneed))
        {
            int entry = section.Offset;
            for (int n = 0; n < section.Info; n++)
            {
                yield return new Verneed(entry, section.Link, String(section.Link, U32(entry + 4)));
                uint next = U32(entry + 12);
                if (next == 0)
                    break;
                entry += (int)next;
            }
        }
    }

    private IEnumerable<int> VernauxEntries(Verneed entry)
    {
        int count = U16(entry.Offset + 2);
        int aux = entry.Offset + (int)U32(entry.Offset + 8);
        for (int n = 0; n < count; n++)
        {
            // Read the link before yielding: the caller may rewrite this entry's vna_next.
            uint next = U32(aux + 12);
            yield return aux;
            if (next == 0)
                break;
            aux += (int)next;
        }
    }

    private string String(int stringSection, uint offset)
    {
        var table = sections[stringSection];
        int start = checked(table.Offset + (int)offset);
        int end = Array.IndexOf(bytes, (byte)0, start, table.Size - (int)offset);
        if (end < 0)
            throw new InvalidDataException($"{Name}: an unterminated string in section {stringSection}.");
        return Encoding.ASCII.GetString(bytes, start, end - start);
    }

    private ushort U16(int at) => BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(at, 2));

    private uint U32(int at) => BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at, 4));

    private ulong U64(int at) => BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(at, 8));

    private void WriteU16(int at, ushort value) => BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(at, 2), value);

    private void WriteU32(int at, uint value) => BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(at, 4), value);

    private sealed record Section(uint Type, int Offset, int Size, int Link, int Info);

    private sealed record Verneed(int Offset, int StringTable, string File);
}

/// <summary>One version an ELF object needs from a library.</summary>
/// <param name="File">The library that must define it, e.g. libstdc++.so.6.</param>
/// <param name="Version">The version name, e.g. GLIBCXX_3.4.30.</param>
/// <param name="Index">The version index that symbols in <c>.gnu.version</c> refer to.</param>
internal sealed record VersionNeed(string File, string Version, int Index);
