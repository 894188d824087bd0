using System.Globalization;

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
          --timeout SECONDS  time limit per cell (default 600)
          --in-place         write the outputs into the source notebooks instead of copies
          --no-build         do not build the libraries the notebooks reference first
          --help             show this text

        exit code: 0 every cell succeeded; 1 a notebook failed; 2 bad arguments, missing or malformed files
        """;

    public IReadOnlyList<string> Inputs { get; init; } = [];
    public string? OutDirectory { get; init; }
    public string? FiguresDirectory { get; init; }
    public double TimeoutSeconds { get; init; } = 600;
    public bool InPlace { get; init; }
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
                case "--no-build":
                    options = options with { Build = false };
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
                        || !double.IsFinite(seconds) || seconds <= 0)
                        return (null, $"--timeout needs a number of seconds > 0, got '{text ?? ""}'");
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
}
