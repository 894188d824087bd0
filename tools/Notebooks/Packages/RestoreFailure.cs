namespace ScoreNotebooks.Notebooks.Packages;

/// <summary>
/// The message of a failed restore: the package and version asked for, the package sources tried,
/// the relevant lines of the restore's output, and what to do.
/// </summary>
internal static class RestoreFailure
{
    private const int OutputLinesShown = 15;

    /// <summary>Describes a failed restore.</summary>
    /// <param name="requests">The packages asked for.</param>
    /// <param name="assets">What NuGet wrote, or null when it wrote nothing (the SDK itself failed).</param>
    /// <param name="output">The restore's output lines.</param>
    /// <param name="exitCode">The restore's exit code.</param>
    /// <param name="configDirectory">The folder whose NuGet settings applied.</param>
    /// <returns>The message.</returns>
    public static string Describe(IReadOnlyList<PackageRequest> requests, AssetsFile? assets, IReadOnlyList<string> output,
        int exitCode, string configDirectory)
    {
        var errors = assets?.Messages.Where(m => m.Level == "Error").ToList() ?? [];
        var failing = errors.Select(e => requests.FirstOrDefault(r => string.Equals(r.Name, e.LibraryId, StringComparison.OrdinalIgnoreCase)))
            .FirstOrDefault(r => r is not null);
        string what = What(failing is not null ? [failing] : requests);
        string sources = assets is { Sources.Count: > 0 }
            ? $"the package source{(assets.Sources.Count == 1 ? "" : "s")} {string.Join(", ", assets.Sources)}"
            : $"the package sources of the NuGet settings that apply to {configDirectory}";
        var lines = errors.Count > 0
            ? errors.Select(e => $"  {e.Code}: {e.Message.Replace("\n", "\n  ")}").ToList()
            : Relevant(output, exitCode);
        return $"{what} could not be restored from {sources}:\n{string.Join("\n", lines)}\n{Remedy(errors, configDirectory)}";
    }

    /// <summary>"NuGet package 'Name' version 1.2.3", or the list of them when there are several.</summary>
    public static string What(IReadOnlyList<PackageRequest> requests) => requests.Count == 1
        ? $"NuGet package '{requests[0].Name}' {VersionText(requests[0])}"
        : $"NuGet packages {string.Join(", ", requests.Select(r => $"'{r.Name}' {VersionText(r)}"))}";

    private static string VersionText(PackageRequest request) =>
        request.Version is null ? "(no version: the highest stable version)" : $"version {request.Version}";

    /// <summary>The error lines of the output, or its last lines when it has none marked as errors.</summary>
    private static List<string> Relevant(IReadOnlyList<string> output, int exitCode)
    {
        var marked = output.Where(l => l.Contains("error", StringComparison.OrdinalIgnoreCase)).Distinct().ToList();
        var shown = (marked.Count > 0 ? marked : output.Where(l => l.Trim().Length > 0)).TakeLast(OutputLinesShown);
        return [$"  dotnet restore exited with code {exitCode}:", .. shown.Select(l => "    " + l.Trim())];
    }

    private static string Remedy(List<RestoreMessage> errors, string configDirectory)
    {
        var codes = errors.Select(e => e.Code).ToHashSet(StringComparer.OrdinalIgnoreCase);
        if (codes.Any(c => c.StartsWith("NU13", StringComparison.OrdinalIgnoreCase)))
            return "A package source could not be reached: check the network and the NuGet.config files " +
                   $"(in {configDirectory} or a folder above it, and ~/.nuget/NuGet/NuGet.Config). Packages restored " +
                   "before are used from the engine's cache without a network; see the README's Troubleshooting.";
        if (codes.Contains("NU1101"))
            return "No package with that id is served by those sources: check the id, or add a source that serves " +
                   $"it to a NuGet.config in {configDirectory}.";
        if (codes.Contains("NU1102"))
            return "That version is not served (NuGet names the nearest above): change the version in the #r line.";
        if (codes.Contains("NU1103"))
            return "Only pre-release versions are served: name one in the #r line.";
        return "The lines above are those of dotnet restore; see the README's Troubleshooting for #r \"nuget:\".";
    }
}
