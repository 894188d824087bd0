using System.Diagnostics;

namespace ScoreNotebooks.Kernel.Tests.Jupyter;

/// <summary>
/// Debian's Jupyter client stack, called through /usr/bin/python3 (the python3 first on PATH may lack it):
/// jupyter_client, nbclient, nbconvert and jupyter_kernel_test. .ci/run installs them, so CI always runs
/// the tests that drive the kernel with them; elsewhere those tests are skipped with this reason.
/// </summary>
internal static class Jupyter
{
    public const string Python = "/usr/bin/python3";

    public const string Missing =
        "Debian's python3-jupyter-client, python3-nbclient, jupyter-nbconvert and python3-jupyter-kernel-test " +
        "are not installed for /usr/bin/python3 (.ci/run installs them)";

    private static readonly Lazy<bool> Present = new(() =>
        File.Exists(Python) && RunAsync(["-c", "import jupyter_client, nbclient, nbconvert, jupyter_kernel_test, zmq"],
            Path.GetTempPath(), new Dictionary<string, string>(), TimeSpan.FromMinutes(1)).GetAwaiter().GetResult().Code == 0);

    /// <summary>Whether /usr/bin/python3 can import the whole stack.</summary>
    public static bool Available => Present.Value;

    /// <summary>
    /// Runs /usr/bin/python3 with <paramref name="args"/>; kills it and its children (kernels) when it outlives
    /// <paramref name="timeout"/> or <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    public static async Task<(int Code, string Output, string Errors)> RunAsync(IEnumerable<string> args, string workingDirectory,
        IReadOnlyDictionary<string, string> environment, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var start = new ProcessStartInfo(Python)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in args) start.ArgumentList.Add(arg);
        foreach (var (name, value) in environment) start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            string why = cancellationToken.IsCancellationRequested ? "killed: cancelled" : $"killed after {timeout.TotalSeconds} s";
            return (-1, await output, $"{why}\n{await errors}");
        }
        return (process.ExitCode, await output, await errors);
    }
}
