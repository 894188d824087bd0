using System.Globalization;
using ScoreNotebooks.Notebooks.Execution;

namespace ScoreNotebooks.NotebookRunner;

/// <summary>The runner's command line, parsed and checked.</summary>
internal sealed record RunnerOptions
{
    public const string Usage =
        """
        usage: dotnet run --project tools/NotebookRunner -- [notebook-or-folder ...] [options]

        Runs each notebook top to bottom (every notebook in notebooks/ when none is given) and writes
        an executed copy of it, plus its figures as HTML (and PNG when chromium is installed).

        options:
          --out DIR          where executed copies go (default artifacts/notebooks)
          --figures DIR      where figure files go (default artifacts/figures)
          --timeout SECONDS  time limit per cell, from 0.001 to 1000000 (default 600)
          --memory MB        memory cap of each notebook's process, in MiB (default 4096)
          --jobs N           notebooks run at the same time, from 1 to 64 (default: the cores, at most 4)
          --fresh-process    run every notebook in a new process (slower: each loads the compiler again)
          --in-place         write the outputs into the source notebooks instead of copies
          --no-build         do not build the libraries the notebooks reference first
          --no-trust         do not sign the executed copies with Jupyter's trust (done when nbformat is installed)
          --help             show this text

        Notebooks run in worker processes, so a cell that ends its process, overflows its stack or passes the
        memory cap fails only its notebook. A worker whose notebook ran without error takes the next one, in a
        new session; after a failure the next notebook gets a new process.

        exit code: 0 every cell succeeded; 1 a notebook failed; 2 bad arguments, missing or malformed files,
        or an output path that cannot be written or would overwrite a source notebook; 130 interrupted (Ctrl-C)
        """;

    public IReadOnlyList<string> Inputs { get; init; } = [];
    public string? OutDirectory { get; init; }
    public string? FiguresDirectory { get; init; }
    public double TimeoutSeconds { get; init; } = 600;
    public int MemoryMegabytes { get; init; } = 4096;
    public int Jobs { get; init; } = Math.Clamp(Environment.ProcessorCount, 1, 4);
    public bool InPlace { get; init; }
    public bool FreshProcess { get; init; }
    public bool Trust { get; init; } = true;
    public bool Build { get; init; } = true;
    public bool Help { get; init; }

    /// <summary>Parses the arguments, or returns a message saying what is wrong with them.</summary>
    public static (RunnerOptions? Options, string? Problem) Parse(IReadOnlyList<string> args)
    {
        var inputs = new List<string>();
        var options = new RunnerOptions();
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            string? Value()
            {
                if (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal)) return args[++i];
                return null;
            }
            switch (arg)
            {
                case "--help" or "-h":
                    options = options with { Help = true };
                    break;
                case "--in-place":
                    options = options with { InPlace = true };
                    break;
                case "--fresh-process":
                    options = options with { FreshProcess = true };
                    break;
                case "--no-build":
                    options = options with { Build = false };
                    break;
                case "--no-trust":
                    options = options with { Trust = false };
                    break;
                case "--jobs":
                    string? jobs = Value();
                    if (!int.TryParse(jobs, NumberStyles.None, CultureInfo.InvariantCulture, out int count) || count < 1 || count > 64)
                        return (null, $"--jobs needs a whole number of notebooks from 1 to 64, got '{jobs ?? ""}'");
                    options = options with { Jobs = count };
                    break;
                case "--memory":
                    string? megabytes = Value();
                    if (!int.TryParse(megabytes, NumberStyles.None, CultureInfo.InvariantCulture, out int cap) || cap < 128 || cap > 1 << 20)
                        return (null, $"--memory needs a whole number of MiB from 128 to 1048576, got '{megabytes ?? ""}'");
                    options = options with { MemoryMegabytes = cap };
                    break;
                case "--out":
                    options = options with { OutDirectory = Value() ?? "" };
                    if (options.OutDirectory == "") return (null, "--out needs a folder: --out DIR");
                    break;
                case "--figures":
                    options = options with { FiguresDirectory = Value() ?? "" };
                    if (options.FiguresDirectory == "") return (null, "--figures needs a folder: --figures DIR");
                    break;
                case "--timeout":
                    string? text = Value();
                    if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds)
                        || !IsCellTimeLimit(seconds))
                        return (null, $"--timeout needs a number of seconds {CellTimeLimit.Range}, got '{text ?? ""}'");
                    options = options with { TimeoutSeconds = seconds };
                    break;
                default:
                    if (arg.StartsWith("--", StringComparison.Ordinal))
                        return (null, $"unknown option '{arg}'");
                    inputs.Add(arg);
                    break;
            }
        }
        if (options.InPlace && options.OutDirectory is not null)
            return (null, "--in-place writes into the source notebooks; it cannot be combined with --out");
        return (options with { Inputs = inputs }, null);
    }

    /// <summary>Whether the engine can enforce a limit of <paramref name="seconds"/>, as the runner passes it on.</summary>
    private static bool IsCellTimeLimit(double seconds) =>
        // The bounds are checked on the double first: TimeSpan.FromSeconds overflows above about 9.2e11 s.
        double.IsFinite(seconds)
        && seconds >= CellTimeLimit.Min.TotalSeconds && seconds <= CellTimeLimit.Max.TotalSeconds
        && CellTimeLimit.IsValid(TimeSpan.FromSeconds(seconds));
}
