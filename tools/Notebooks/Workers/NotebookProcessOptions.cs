using ScoreNotebooks.Notebooks.Execution;
using ScoreNotebooks.Notebooks.Running;

namespace ScoreNotebooks.Notebooks.Workers;

/// <summary>Settings for running a notebook in a supervised worker process (<see cref="NotebookProcess"/>).</summary>
public sealed record NotebookProcessOptions
{
    /// <summary>The default memory cap of a worker: 4 GiB, about four times what the heaviest chapter uses.</summary>
    public const long DefaultMemoryCapBytes = 4L << 30;

    /// <summary>The smallest memory cap accepted: 128 MiB (a worker needs about 100 MiB to start).</summary>
    public const long MinimumMemoryCapBytes = 128L << 20;

    private readonly TimeSpan cellTimeout = NotebookExecutionOptions.DefaultCellTimeout;
    private readonly long memoryCapBytes = DefaultMemoryCapBytes;

    /// <summary>
    /// The time limit of each cell (ten minutes by default), from <see cref="CellTimeLimit.Min"/> to
    /// <see cref="CellTimeLimit.Max"/>, or <see cref="Timeout.InfiniteTimeSpan"/> for none.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to a limit the engine cannot enforce.</exception>
    public TimeSpan CellTimeout
    {
        get => cellTimeout;
        init => cellTimeout = CellTimeLimit.Check(value, nameof(CellTimeout));
    }

    /// <summary>
    /// The most memory the worker may hold, in bytes, ≥ <see cref="MinimumMemoryCapBytes"/> (4 GiB by default).
    /// Its managed heap is limited to this size (a cell that allocates beyond it fails with
    /// OutOfMemoryException), and a worker whose resident memory, native libraries included, passes it is stopped.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Set below the minimum.</exception>
    public long MemoryCapBytes
    {
        get => memoryCapBytes;
        init => memoryCapBytes = value >= MinimumMemoryCapBytes
            ? value
            : throw new ArgumentOutOfRangeException(nameof(MemoryCapBytes), value, $"the memory cap must be at least {MinimumMemoryCapBytes >> 20} MiB");
    }

    /// <summary>
    /// How long past its time limit a cell may go before the worker is taken to have stopped answering and is
    /// stopped (60 s): the worker stops a cell at its limit itself, so this catches only a stopped or wedged process.
    /// </summary>
    internal TimeSpan UnresponsiveGrace { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The worker program (ScoreNotebooks.NotebookWorker.dll), or null for the one beside the running
    /// application, where every project that references tools/NotebookWorker has it.
    /// </summary>
    public string? WorkerAssembly { get; init; }

    /// <summary>
    /// A command the worker runs inside (an operating-system sandbox such as bubblewrap), or null (the default) to start
    /// the worker directly.
    /// </summary>
    public WorkerSandbox? Sandbox { get; init; }
}
