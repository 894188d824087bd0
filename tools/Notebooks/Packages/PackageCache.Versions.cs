using System.Text.Json;

namespace ScoreNotebooks.Notebooks.Packages;

public sealed partial class PackageCache
{
    /// <summary>
    /// The requests with the remembered version put in for each one that names none, so that a notebook
    /// keeps the version it first got, and runs offline, until the memory is deleted.
    /// </summary>
    private List<PackageRequest> Pin(IReadOnlyList<PackageRequest> requests, Action<string> progress)
    {
        var pinned = new List<PackageRequest>(requests.Count);
        foreach (var request in requests)
        {
            if (request.Version is null && Remembered(request.Name) is { } memory)
            {
                progress($"{request.Name}: no version given, using {memory.Version}, the highest stable version when it was " +
                         $"first restored ({memory.Resolved:yyyy-MM-dd}); delete {VersionFile(request.Name)} to look again");
                pinned.Add(request.At(memory.Version));
            }
            else
            {
                pinned.Add(request);
            }
        }
        return pinned;
    }

    /// <summary>
    /// Remembers what a request without a version resolved to (written whole, then renamed, so a reader never
    /// sees half a file). A failure only costs a restore next time, so it is reported and not thrown.
    /// </summary>
    private void Remember(string name, string version, Action<string> progress)
    {
        string path = VersionFile(name);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            string temporary = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
            File.WriteAllText(temporary, JsonSerializer.Serialize(new Memory(version, DateTimeOffset.UtcNow)));
            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            progress($"{name}: the version taken could not be remembered ({e.Message}); the next run asks the package sources again");
        }
    }

    private Memory? Remembered(string name)
    {
        string path = VersionFile(name);
        if (!File.Exists(path))
            return null;
        try
        {
            return JsonSerializer.Deserialize<Memory>(File.ReadAllText(path)) is { Version.Length: > 0 } memory ? memory : null;
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            return null; // unreadable: resolved again, and rewritten
        }
    }

    private string VersionFile(string name) => Path.Combine(Folder, "versions", name.ToLowerInvariant() + ".json");

    private sealed record Memory(string Version, DateTimeOffset Resolved);
}
