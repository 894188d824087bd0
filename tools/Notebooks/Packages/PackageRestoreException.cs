namespace ScoreNotebooks.Notebooks.Packages;

/// <summary>
/// A <c>#r "nuget: …"</c> directive could not be satisfied. The message names the package, the version
/// asked for, the package sources tried and what to do; <see cref="ErrorName"/> is the cell's error name.
/// </summary>
internal sealed class PackageRestoreException : Exception
{
    /// <summary>The name for a restore that failed: package or version not found, source unreachable, restore error.</summary>
    public const string RestoreFailed = "PackageRestoreFailed";

    /// <summary>The name for a package whose assemblies clash with those the host or the session already uses.</summary>
    public const string Conflict = "PackageConflict";

    /// <summary>Creates the exception.</summary>
    /// <param name="errorName"><see cref="RestoreFailed"/> or <see cref="Conflict"/>.</param>
    /// <param name="message">What failed and what to do.</param>
    /// <param name="inner">The underlying error, if any.</param>
    public PackageRestoreException(string errorName, string message, Exception? inner = null)
        : base(message, inner) => ErrorName = errorName;

    /// <summary>The cell's error name: <see cref="RestoreFailed"/> or <see cref="Conflict"/>.</summary>
    public string ErrorName { get; }
}
