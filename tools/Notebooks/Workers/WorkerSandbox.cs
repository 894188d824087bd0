namespace ScoreNotebooks.Notebooks.Workers;

/// <summary>
/// A command the worker process runs inside, such as an operating-system sandbox: the worker starts as
/// <c>PROGRAM ARGUMENTS… dotnet ScoreNotebooks.NotebookWorker.dll --connect SOCKET</c>.
/// </summary>
/// <param name="Program">The wrapper's executable (e.g. <c>bwrap</c>, looked up on PATH, or a full path).</param>
/// <param name="Arguments">Its arguments before the worker's command line. An argument equal to
/// <see cref="SocketFolder"/> is replaced by the folder of the socket the worker connects to, which the wrapper must
/// leave reachable.</param>
/// <remarks>
/// The wrapper must run its command in the foreground and exit with its exit status (128 + N for a command killed by
/// signal N), as bubblewrap does; stopping the wrapper must stop the worker (bubblewrap's <c>--die-with-parent</c> and
/// <c>--unshare-pid</c>). The memory cap then counts the resident memory of the wrapper and all its descendants.
/// </remarks>
public sealed record WorkerSandbox(string Program, IReadOnlyList<string> Arguments)
{
    /// <summary>The placeholder argument that stands for the folder of the worker's socket.</summary>
    public const string SocketFolder = "{socket-folder}";
}
