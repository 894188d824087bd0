using System.Runtime.CompilerServices;
using ScoreNotebooks.Notebooks.Packages;

namespace ScoreNotebooks.Notebooks.Tests;

/// <summary>
/// Points the engine's package cache at a temporary folder for the whole test run, so that no test
/// (nor a notebook it runs through the executor or the runner) reads or writes the user's own cache.
/// </summary>
internal static class TestCache
{
    public static string Folder { get; } = Path.Combine(Path.GetTempPath(), $"sn-tests-packages-{Environment.ProcessId}");

#pragma warning disable CA2255 // A test assembly sets its process's environment before any test runs; that is this method's purpose.
    [ModuleInitializer]
    internal static void UseATemporaryCache()
#pragma warning restore CA2255
    {
        Environment.SetEnvironmentVariable(PackageCache.FolderVariable, Folder);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try { if (Directory.Exists(Folder)) Directory.Delete(Folder, recursive: true); }
            catch (IOException) { /* the OS cleans temp */ }
        };
    }
}
