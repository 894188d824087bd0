using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using ScoreNotebooks.Notebooks.Hosting;

namespace ScoreNotebooks.Notebooks.Workers;

/// <summary>
/// A started worker process: the process, its connection once it has connected, and the last lines
/// it wrote to its own standard output and error (which only text outside any cell reaches: the
/// runtime's crash messages, native libraries' prints).
/// </summary>
internal sealed class WorkerLaunch : IDisposable
{
    /// <summary>The file name of the worker program.</summary>
    public const string WorkerFileName = "ScoreNotebooks.NotebookWorker.dll";

    private const int TailLength = 8192;
    private readonly Socket listener;
    private readonly string socketFolder;
    private readonly StringBuilder stderr = new();
    private readonly StringBuilder stdout = new();

    private WorkerLaunch(Process process, Socket listener, string socketFolder)
    {
        Process = process;
        this.listener = listener;
        this.socketFolder = socketFolder;
        Connection = AcceptAsync();
    }

    /// <summary>The worker process.</summary>
    public Process Process { get; }

    /// <summary>Completes with the worker's connection, or null when the process ended before connecting.</summary>
    public Task<WorkerChannel?> Connection { get; }

    /// <summary>The last part of what the process wrote to its standard error.</summary>
    public string ErrorTail { get { lock (stderr) return stderr.ToString(); } }

    /// <summary>The last part of what the process wrote to its standard output.</summary>
    public string OutputTail { get { lock (stdout) return stdout.ToString(); } }

    /// <summary>Starts the worker program with a managed-heap limit of <paramref name="memoryCapBytes"/>, inside
    /// <paramref name="sandbox"/> when one is given.</summary>
    /// <exception cref="FileNotFoundException">The worker program is not there.</exception>
    public static WorkerLaunch Start(string? workerAssembly, long memoryCapBytes, WorkerSandbox? sandbox = null)
    {
        string worker = workerAssembly ?? Path.Combine(AppContext.BaseDirectory, WorkerFileName);
        if (!File.Exists(worker))
            throw new FileNotFoundException($"{worker}: the notebook worker program is missing; build tools/NotebookWorker " +
                                            "(every project that references it has it in its output folder)", worker);
        string folder = Path.Combine(Path.GetTempPath(), $"scorenotebooks-{Guid.NewGuid():N}"[..28]);
        // Only this user may reach the socket: whoever connects first is taken for the worker.
        if (OperatingSystem.IsWindows()) Directory.CreateDirectory(folder);
        else Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        string socketPath = Path.Combine(folder, "w");
        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            listener.Bind(new UnixDomainSocketEndPoint(socketPath));
            listener.Listen(1);
            var start = new ProcessStartInfo(sandbox?.Program ?? DotnetHost.Path)
            {
                RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
                UseShellExecute = false,
            };
            var arguments = sandbox is null ? Enumerable.Empty<string>() : sandbox.Arguments.Select(a => a == WorkerSandbox.SocketFolder ? folder : a)
                .Append(DotnetHost.Path);
            foreach (string arg in arguments.Concat([worker, "--connect", socketPath])) start.ArgumentList.Add(arg);
            // The runtime then limits the managed heap: a cell that allocates past the cap gets an
            // OutOfMemoryException instead of taking the machine's memory.
            start.Environment["DOTNET_GCHeapHardLimit"] = $"0x{memoryCapBytes:X}";
            var process = Process.Start(start) ?? throw new InvalidOperationException($"{start.FileName} {worker} did not start");
            // A cell that reads the console gets end-of-input rather than waiting for a terminal.
            process.StandardInput.Close();
            var launch = new WorkerLaunch(process, listener, folder);
            process.ErrorDataReceived += (_, e) => launch.Keep(launch.stderr, e.Data);
            process.OutputDataReceived += (_, e) => launch.Keep(launch.stdout, e.Data);
            process.BeginErrorReadLine();
            process.BeginOutputReadLine();
            return launch;
        }
        catch
        {
            listener.Dispose();
            TryDelete(folder);
            throw;
        }
    }

    /// <summary>Stops the process and everything it started, if it is still running.</summary>
    public void Kill()
    {
        try
        {
            if (!Process.HasExited) Process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It ended on its own in the meantime.
        }
    }

    /// <summary>Kills the worker if it still runs, waits for its end (so no process outlives its owner), and removes its socket.</summary>
    public void Dispose()
    {
        Kill();
        try
        {
            Process.WaitForExit(TimeSpan.FromSeconds(5));
        }
        catch (InvalidOperationException)
        {
            // It never started.
        }
        listener.Dispose();
        if (Connection.IsCompletedSuccessfully) Connection.Result?.Dispose();
        Process.Dispose();
        TryDelete(socketFolder);
    }

    private async Task<WorkerChannel?> AcceptAsync()
    {
        var accept = listener.AcceptAsync();
        var exited = Process.WaitForExitAsync();
        if (await Task.WhenAny(accept, exited).ConfigureAwait(false) != accept)
            return null;
        Socket socket;
        try
        {
            socket = await accept.ConfigureAwait(false);
        }
        catch (Exception error) when (error is SocketException or ObjectDisposedException)
        {
            return null;
        }
        TryDelete(socketFolder);
        return new WorkerChannel(new NetworkStream(socket, ownsSocket: true));
    }

    private void Keep(StringBuilder tail, string? line)
    {
        if (line is null) return;
        lock (tail)
        {
            tail.Append(line).Append('\n');
            if (tail.Length > TailLength) tail.Remove(0, tail.Length - TailLength);
        }
    }

    private static void TryDelete(string folder)
    {
        try
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            // A temporary folder left behind is harmless.
        }
    }
}
