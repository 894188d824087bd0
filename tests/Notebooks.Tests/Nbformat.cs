using System.Diagnostics;

namespace ScoreNotebooks.Notebooks.Tests;

/// <summary>
/// Debian's nbformat, called through /usr/bin/python3 (the python3 first on PATH may lack it).
/// .ci/run installs python3-nbformat, so CI always validates; on a machine without it, the tests
/// that exist only to compare with nbformat are skipped with that reason, and the others run
/// without the extra validation.
/// </summary>
internal static class Nbformat
{
    private const string Python = "/usr/bin/python3";

    private static readonly Lazy<bool> Present = new(() => File.Exists(Python) && Run("import nbformat").Ok);

    /// <summary>Why nbformat tests are skipped here.</summary>
    public const string Missing = "Debian's python3-nbformat is not installed for /usr/bin/python3 (.ci/run installs it)";

    /// <summary>Whether /usr/bin/python3 can import nbformat.</summary>
    public static bool Available => Present.Value;

    /// <summary>Asserts that nbformat reads and validates the notebook at <paramref name="path"/>, when nbformat is installed.</summary>
    public static void AssertValidWhenAvailable(string path)
    {
        if (Available) AssertValid(path);
    }

    /// <summary>Asserts that nbformat reads and validates the notebook at <paramref name="path"/>.</summary>
    public static void AssertValid(string path)
    {
        RequirePresent();
        var (ok, message) = Run("import nbformat, sys; nbformat.validate(nbformat.read(sys.argv[1], as_version=4))", path);
        Assert.True(ok, $"{path} is not a valid nbformat 4 notebook:\n{message}");
    }

    /// <summary>Runs a Python snippet with nbformat imported; sys.argv[1:] are <paramref name="args"/>.</summary>
    public static void Execute(string code, params string[] args)
    {
        RequirePresent();
        var (ok, message) = Run("import nbformat, sys\n" + code, args);
        Assert.True(ok, message);
    }

    private static void RequirePresent() =>
        Assert.True(Present.Value, $"{Python} with nbformat is required (Debian package python3-nbformat; .ci/run installs it)");

    private static (bool Ok, string Message) Run(string code, params string[] args)
    {
        var start = new ProcessStartInfo(Python) { RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(code);
        foreach (string arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode == 0, output.Result + error);
    }
}
