namespace ScoreNotebooks.Notebooks.Execution;

/// <summary>
/// One <c>#r</c> directive: a NuGet package (<see cref="PackageName"/> set, <see cref="PackageVersion"/>
/// optional) or an assembly file (<see cref="FilePath"/>, relative to the notebook's folder).
/// </summary>
public sealed class CellReference
{
    private CellReference(int line) => Line = line;

    /// <summary>The 1-based line of the directive within its cell.</summary>
    public int Line { get; }

    /// <summary>The package id of <c>#r "nuget: Name[, Version]"</c>, else null.</summary>
    public string? PackageName { get; private init; }

    /// <summary>The version asked for, or null when the directive names none.</summary>
    public string? PackageVersion { get; private init; }

    /// <summary>The assembly path of <c>#r "path.dll"</c>, else null.</summary>
    public string? FilePath { get; private init; }

    /// <summary>Parses the quoted text of a <c>#r</c> directive.</summary>
    /// <param name="text">The text between the quotes, e.g. "nuget: MathNet.Numerics, 5.0.0".</param>
    /// <param name="line">1-based line within the cell.</param>
    /// <returns>The reference.</returns>
    /// <exception cref="ArgumentException">The text is empty or names no package.</exception>
    public static CellReference Parse(string text, int line)
    {
        ArgumentNullException.ThrowIfNull(text);
        string t = text.Trim();
        if (t.Length == 0)
            throw new ArgumentException($"line {line}: #r with an empty path", nameof(text));
        if (!t.StartsWith("nuget:", StringComparison.OrdinalIgnoreCase))
            return new CellReference(line) { FilePath = t };
        string[] parts = t["nuget:".Length..].Split(',', StringSplitOptions.TrimEntries);
        if (parts[0].Length == 0 || parts.Length > 2)
            throw new ArgumentException($"line {line}: expected #r \"nuget: Name[, Version]\", got #r \"{t}\"", nameof(text));
        string? version = parts.Length == 2 && parts[1].Length > 0 ? parts[1] : null;
        return new CellReference(line) { PackageName = parts[0], PackageVersion = version };
    }

    /// <inheritdoc/>
    public override string ToString() =>
        PackageName is null ? $"#r \"{FilePath}\"" : $"#r \"nuget: {PackageName}{(PackageVersion is null ? "" : ", " + PackageVersion)}\"";
}
