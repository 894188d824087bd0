using System.Diagnostics;
using ScoreNotebooks.Notebooks.Workers;

namespace ScoreNotebooks.Coursework.Grading;

/// <summary>
/// The operating-system protection grading workers run under: bubblewrap (<c>bwrap</c>) when it is on PATH and works
/// here, else none beyond the worker process of each submission.
/// </summary>
/// <remarks>
/// <para>Inside bubblewrap a worker has no network (<c>--unshare-net</c>); sees the file system read-only
/// (<c>--ro-bind / /</c>) with a private, empty <c>/tmp</c>; can write only its stage folder; cannot see the source
/// notebook's folder or the --out folder at all (each is covered by an empty tmpfs, unless it holds what the worker
/// needs to run); runs in its own pid namespace, so every process it starts ends with it (<c>--unshare-pid</c>,
/// <c>--die-with-parent</c>); and gets a new session, so it cannot push input into the grader's terminal.</para>
/// <para>Bubblewrap needs unprivileged user namespaces (or a setuid <c>bwrap</c>). It is probed once per process with
/// <c>bwrap --ro-bind / / --dev /dev --proc /proc --unshare-net --unshare-pid true</c>. Setting
/// <c>SCORENOTEBOOKS_SANDBOX=none</c> turns it off.</para>
/// </remarks>
internal sealed class GradingSandbox
{
    /// <summary>The environment variable that turns the sandbox off when set to <c>none</c>.</summary>
    public const string Variable = "SCORENOTEBOOKS_SANDBOX";

    private static readonly Lazy<GradingSandbox> Probed = new(Probe);
    private readonly string? bwrap;

    private GradingSandbox(string? bwrap, string description)
    {
        this.bwrap = bwrap;
        Description = description;
    }

    /// <summary>This machine's protection, probed once.</summary>
    public static GradingSandbox Current => Probed.Value;

    /// <summary>Whether workers run inside bubblewrap.</summary>
    public bool Active => bwrap is not null;

    /// <summary>One line that says which protection is active, and why not bubblewrap when it is not.</summary>
    public string Description { get; }

    /// <summary>The sandbox of a worker whose stage is <paramref name="stageRoot"/>, or null when none is active.</summary>
    /// <param name="stageRoot">The stage folder, the only writable place.</param>
    /// <param name="hidden">Folders the worker must not see (the source's folder, --out); a folder that holds the
    /// stage's links' targets, the tool or the .NET host is left visible (read-only), since the worker needs it.</param>
    /// <param name="needed">Folders the worker reads: the repository root the stage links to.</param>
    public WorkerSandbox? For(string stageRoot, IEnumerable<string> hidden, IEnumerable<string> needed)
    {
        if (bwrap is null) return null;
        string temp = Path.GetTempPath();
        var keep = needed.Append(AppContext.BaseDirectory).Append(Notebooks.Hosting.DotnetHost.Path).Select(Path.GetFullPath).ToList();
        var args = new List<string> { "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc", "--tmpfs", "/tmp" };
        if (!Under(temp, "/tmp")) args.AddRange(["--tmpfs", temp]);
        // What the worker needs and the private /tmp covered (a repository cloned under /tmp) comes back read-only;
        // bubblewrap applies its mounts in order, so the hidden folders below are covered again inside it.
        foreach (string folder in keep.Distinct(StringComparer.Ordinal))
            if ((Under(folder, "/tmp") || Under(folder, temp)) && Path.Exists(folder))
                args.AddRange(["--ro-bind", folder, folder]);
        foreach (string folder in hidden.Select(Path.GetFullPath).Distinct(StringComparer.Ordinal))
            if (Directory.Exists(folder) && !keep.Any(k => Under(k, folder)) && (!Under(folder, "/tmp") && !Under(folder, temp) || keep.Any(k => Under(folder, k))))
                args.AddRange(["--tmpfs", folder]);
        args.AddRange(["--bind", stageRoot, stageRoot, "--bind", WorkerSandbox.SocketFolder, WorkerSandbox.SocketFolder]);
        args.AddRange(["--unshare-net", "--unshare-pid", "--unshare-ipc", "--unshare-uts", "--die-with-parent", "--new-session",
            "--setenv", "TMPDIR", temp, "--"]);
        return new WorkerSandbox(bwrap, args);
    }

    /// <summary>Whether <paramref name="path"/> is <paramref name="folder"/> or lies under it.</summary>
    private static bool Under(string path, string folder)
    {
        string f = Path.GetFullPath(folder).TrimEnd('/') + "/";
        return (Path.GetFullPath(path).TrimEnd('/') + "/").StartsWith(f, StringComparison.Ordinal);
    }

    private static GradingSandbox Probe()
    {
        const string none = "no sandbox: student code runs in a worker process per submission with your user's rights " +
                            "(memory cap, time limits, its processes stopped with it), but with network and file access";
        if (string.Equals(Environment.GetEnvironmentVariable(Variable), "none", StringComparison.OrdinalIgnoreCase))
            return new GradingSandbox(null, $"{none}; {Variable}=none turned bubblewrap off");
        string? bwrap = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "bwrap")).FirstOrDefault(File.Exists);
        if (bwrap is null || !OperatingSystem.IsLinux())
            return new GradingSandbox(null, $"{none}; install bubblewrap (bwrap) to isolate it");
        string? problem = Run(bwrap, "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc", "--unshare-net", "--unshare-pid", "true");
        return problem is null
            ? new GradingSandbox(bwrap, "sandbox: bubblewrap (no network; files read-only, the source and --out hidden; " +
                                        "private /tmp; the stage the only writable folder; a pid namespace per worker)")
            : new GradingSandbox(null, $"{none}; {bwrap} does not work here ({problem})");
    }

    /// <summary>Runs the probe; returns null when it succeeds, else its first line of error output or exit code.</summary>
    private static string? Run(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (string arg in args) start.ArgumentList.Add(arg);
        try
        {
            using var process = Process.Start(start)!;
            var error = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(10_000))
            {
                process.Kill(entireProcessTree: true);
                return "it did not finish within 10 s";
            }
            if (process.ExitCode == 0) return null;
            string first = error.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "";
            return $"exit code {process.ExitCode}{(first.Length > 0 ? ": " + first : "")}";
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or IOException)
        {
            return ex.Message;
        }
    }
}
