using ScoreNotebooks.Notebooks.Execution;

namespace ScoreNotebooks.Notebooks.Packages;

/// <summary>One package a notebook asks for with <c>#r "nuget: Name, Version"</c> or <c>#r "nuget: Name"</c>.</summary>
/// <remarks>Ids compare case-insensitively, as NuGet compares them; versions compare in NuGet's normal form.</remarks>
internal sealed class PackageRequest : IEquatable<PackageRequest>
{
    /// <summary>Creates a request.</summary>
    /// <param name="name">The package id, e.g. "Humanizer.Core".</param>
    /// <param name="version">The exact version ("2.14.1"; "2.14" means "2.14.0"), or null for the highest stable version.</param>
    /// <exception cref="ArgumentException"><paramref name="name"/> is null, empty or blank.</exception>
    public PackageRequest(string name, string? version)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name.Trim();
        Version = string.IsNullOrWhiteSpace(version) ? null : CarriedPackages.NormalVersion(version);
    }

    /// <summary>The package id as written.</summary>
    public string Name { get; }

    /// <summary>The version in NuGet's normal form ("2.14.1"), or null: the highest stable version.</summary>
    public string? Version { get; }

    /// <summary>The same package at a known version.</summary>
    /// <param name="version">The version (not null).</param>
    /// <returns>A new request.</returns>
    public PackageRequest At(string version) => new(Name, version);

    /// <inheritdoc/>
    public bool Equals(PackageRequest? other) =>
        other is not null && string.Equals(Name, other.Name, StringComparison.OrdinalIgnoreCase) && Version == other.Version;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as PackageRequest);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Name.ToLowerInvariant(), Version);

    /// <summary>"Name Version", or "Name" when no version is given.</summary>
    public override string ToString() => Version is null ? Name : $"{Name} {Version}";
}
