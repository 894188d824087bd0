using System.Runtime.InteropServices;
using NetMQ;
using ScoreNotebooks.Kernel.Install;
using ScoreNotebooks.Kernel.Protocol;

namespace ScoreNotebooks.Kernel;

/// <summary>The kernel's command line: start the kernel for a front end, or install or uninstall its kernelspec.</summary>
/// <param name="output">Messages for the person who ran the command.</param>
/// <param name="errors">Errors, and the running kernel's log.</param>
internal sealed class KernelCommand(TextWriter output, TextWriter errors)
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int BadArguments = 2;

    public const string Usage =
        """
        usage:
          dotnet run --project tools/Kernel -- install [--user | --prefix DIR] [--name NAME] [--no-build] [--replace]
          dotnet run --project tools/Kernel -- uninstall [--user | --prefix DIR] [--name NAME]
          dotnet ScoreNotebooks.Kernel.dll -f CONNECTION_FILE      (what a Jupyter front end runs)

        install    builds the kernel (dotnet publish -c Release into artifacts/kernel/) and, in Release,
                   the libraries the notebooks reference, then writes the kernelspec that starts the
                   kernel; --no-build builds nothing and points the kernelspec at this build instead
        uninstall  removes the kernelspec (only one this command wrote)

        options:
          --user        the current user's Jupyter data folder (the default)
          --prefix DIR  DIR/share/jupyter, e.g. a virtual environment or /usr/local
          --name NAME   the kernelspec name (default .net-csharp, the name the notebooks ask for)
          --no-build    point the kernelspec at the kernel that runs this command
          --replace     overwrite a kernelspec of the same name that starts another kernel

        exit code: 0 done; 1 failed (build, refused overwrite, nothing to remove); 2 bad arguments
        """;

    /// <summary>Runs the command line.</summary>
    /// <param name="args">The arguments.</param>
    /// <param name="currentDirectory">Where the command was started (cells run there; the repository is looked for from there).</param>
    /// <returns>The exit code.</returns>
    public async Task<int> RunAsync(IReadOnlyList<string> args, string currentDirectory)
    {
        if (args.Count == 0 || args[0] is "--help" or "-h" or "help")
        {
            (args.Count == 0 ? errors : output).WriteLine(Usage);
            return args.Count == 0 ? BadArguments : Success;
        }
        return args[0] switch
        {
            "install" or "uninstall" => await InstallAsync(args, currentDirectory).ConfigureAwait(false),
            "-f" or "--connection-file" when args.Count == 2 => await ServeAsync(args[1], currentDirectory).ConfigureAwait(false),
            _ => Bad($"unexpected arguments: {string.Join(' ', args)}"),
        };
    }

    private async Task<int> InstallAsync(IReadOnlyList<string> args, string currentDirectory)
    {
        bool install = args[0] == "install";
        string? prefix = null, name = KernelSpec.DefaultName;
        bool user = false, build = true, replace = false;
        for (int i = 1; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--user":
                    user = true;
                    break;
                case "--prefix" when i + 1 < args.Count:
                    prefix = args[++i];
                    break;
                case "--name" when i + 1 < args.Count:
                    name = args[++i];
                    break;
                case "--no-build" when install:
                    build = false;
                    break;
                case "--replace" when install:
                    replace = true;
                    break;
                default:
                    return Bad($"unexpected argument '{args[i]}' for {args[0]}");
            }
        }
        if (user && prefix is not null) return Bad("--user and --prefix name different places; give one of them");
        if (!IsKernelName(name)) return Bad($"'{name}' is not a kernelspec name: use letters, digits, '.', '_' and '-'");
        string dataDirectory = prefix is null ? JupyterPaths.UserDataDirectory() : JupyterPaths.PrefixDataDirectory(Path.GetFullPath(prefix, currentDirectory));
        var installer = new KernelSpecInstaller(output, errors);
        if (!install) return installer.Remove(dataDirectory, name) ? Success : Failure;
        string? kernel = Path.Combine(AppContext.BaseDirectory, KernelSpec.KernelAssembly);
        if (build)
        {
            string? root = RepositoryRoot(currentDirectory) ?? RepositoryRoot(AppContext.BaseDirectory);
            if (root is null)
            {
                errors.WriteLine("error: no ScoreNotebooks.sln above the current folder to build the kernel from; run install from the repository, or pass --no-build");
                return Failure;
            }
            kernel = await installer.BuildAsync(root).ConfigureAwait(false);
            if (kernel is null) return Failure;
        }
        return installer.Write(dataDirectory, name, kernel, replace) ? Success : Failure;
    }

    private async Task<int> ServeAsync(string connectionFile, string currentDirectory)
    {
        var log = new KernelLog(errors);
        ConnectionInfo connection;
        try
        {
            connection = ConnectionInfo.Load(Path.GetFullPath(connectionFile, currentDirectory));
        }
        catch (Exception error) when (error is FormatException or IOException or UnauthorizedAccessException)
        {
            errors.WriteLine($"error: {error.Message}");
            return BadArguments;
        }
        KernelServer server;
        try
        {
            server = new KernelServer(connection, log, currentDirectory);
        }
        catch (NetMQException error)
        {
            errors.WriteLine($"error: cannot listen on the connection file's ports ({error.Message})");
            return Failure;
        }
        using (server)
        {
            // A front end with interrupt_mode "signal", or a person pressing Ctrl+C in a terminal, interrupts the cell.
            using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context =>
            {
                context.Cancel = true;
                server.Interrupt();
            });
            using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
            {
                context.Cancel = true;
                server.Stop();
            });
            log.Info($"started in {currentDirectory}, session {server.Session}, shell port {connection.ShellPort}" +
                     (connection.Key.Length == 0 ? " (messages are not signed: the connection file has no key)" : ""));
            await server.RunAsync().ConfigureAwait(false);
        }
        NetMQConfig.Cleanup(block: false);
        log.Info("stopped");
        return Success;
    }

    private static bool IsKernelName(string name) =>
        name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');

    private static string? RepositoryRoot(string start)
    {
        for (var dir = new DirectoryInfo(Path.GetFullPath(start)); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ScoreNotebooks.sln"))) return dir.FullName;
        }
        return null;
    }

    private int Bad(string message)
    {
        errors.WriteLine($"error: {message}\n\n{Usage}");
        return BadArguments;
    }
}
