using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace ScoreNotebooks.Notebooks.Execution;

/// <summary>
/// One <c>#r</c> directive: a NuGet package (<see cref="PackageName"/> set, <see cref="PackageVersion"/>
/// optional) or an assembly file (<see cref="FilePath"/>, relative to the notebook's folder).
/// </summary>
public sealed partial class CellReference
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
    /// <param name="line">1-based line within the cell (≥ 1).</param>
    /// <returns>The reference.</returns>
    /// <exception cref="ArgumentException">The text is empty, or a nuget reference names no
    /// package, has more than a name and a version, or has a malformed id or version.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="line"/> &lt; 1.</exception>
    public static CellReference Parse(string text, int line) =>
        TryParse(text, line, out CellReference? reference, out string? error)
            ? reference
            : throw new ArgumentException(error, nameof(text));

    /// <summary>Parses the quoted text of a <c>#r</c> directive, reporting a problem instead of throwing.</summary>
    /// <param name="text">The text between the quotes.</param>
    /// <param name="line">1-based line within the cell (≥ 1).</param>
    /// <param name="reference">The reference, when the text is well formed.</param>
    /// <param name="error">What is wrong (naming the line), when it is not.</param>
    /// <returns>True when <paramref name="reference"/> was parsed.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="line"/> &lt; 1.</exception>
    public static bool TryParse(string text, int line,
        [NotNullWhen(true)] out CellReference? reference, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfLessThan(line, 1);
        (reference, error) = (null, null);
        string t = text.Trim();
        if (t.Length == 0)
        {
            error = $"line {line}: #r with an empty path";
            return false;
        }
        if (!t.StartsWith("nuget:", StringComparison.OrdinalIgnoreCase))
        {
            reference = new CellReference(line) { FilePath = t };
            return true;
        }
        string[] parts = t["nuget:".Length..].Split(',', StringSplitOptions.TrimEntries);
        if (parts[0].Length == 0 || parts.Length > 2)
        {
            error = $"line {line}: expected #r \"nuget: Name\" or #r \"nuget: Name, Version\", got #r \"{t}\"";
            return false;
        }
        string? version = parts.Length == 2 && parts[1].Length > 0 ? parts[1] : null;
        if (!PackageIdPattern().IsMatch(parts[0]))
        {
            error = $"line {line}: '{parts[0]}' is not a NuGet package id (letters, digits, '_', and '.' or '-' between them)";
            return false;
        }
        if (version is not null && !VersionPattern().IsMatch(version))
        {
            // A range or wildcard would make the version a notebook runs with depend on the day it first ran.
            error = $"line {line}: '{version}' is not a version: write #r \"nuget: {parts[0]}, 1.2.3\", or " +
                    $"#r \"nuget: {parts[0]}\" for the highest stable version (ranges and wildcards are not supported)";
            return false;
        }
        reference = new CellReference(line) { PackageName = parts[0], PackageVersion = version };
        return true;
    }

    // NuGet's rules: an id is word characters with single '.' or '-' between them; a version is one to
    // four numbers with an optional SemVer 2 pre-release label and build metadata.
    [GeneratedRegex(@"^\w+([.-]\w+)*$")]
    private static partial Regex PackageIdPattern();

    [GeneratedRegex(@"^\d+(\.\d+){0,3}(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$")]
    private static partial Regex VersionPattern();

    /// <inheritdoc/>
    public override string ToString() =>
        PackageName is null ? $"#r \"{FilePath}\"" : $"#r \"nuget: {PackageName}{(PackageVersion is null ? "" : ", " + PackageVersion)}\"";
}
