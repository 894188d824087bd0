namespace ScoreNotebooks.Coursework;

/// <summary>The coursework tool's command line, parsed and checked.</summary>
internal sealed record CourseworkOptions
{
    public const string Usage =
        """
        usage: dotnet run --project tools/Coursework -- assign SOURCE.ipynb... --out DIR

        assign  writes, for each source notebook, the student release DIR/NAME.ipynb and its manifest
                DIR/NAME.manifest.json. In the release, each solution region of an answer cell becomes a
                line that throws NotImplementedException naming the exercise, each written answer's model
                answer becomes "YOUR ANSWER HERE", hidden tests are deleted and all outputs are cleared.
                The manifest lists each exercise (id, kind, points, answer and check cells) and the SHA-256
                of every locked cell's source as released and as in the source notebook.

        options:
          --out DIR   where the releases and manifests go (required; it must not hold a source notebook)
          --help      show this text

        Exercise markup: nbgrader cell metadata (schema_version 3) and '// BEGIN SOLUTION' … '// END SOLUTION',
        '// BEGIN HIDDEN TESTS' … '// END HIDDEN TESTS' lines; see README.md, "Teaching with the series".

        exit code: 0 released; 1 malformed exercise markup in a source (nothing written); 2 bad arguments,
        missing or malformed notebook files, or an output path that cannot be written or would overwrite a source
        """;

    public string? Command { get; init; }
    public IReadOnlyList<string> Sources { get; init; } = [];
    public string? OutDirectory { get; init; }
    public bool Help { get; init; }

    /// <summary>Parses the arguments, or returns a message saying what is wrong with them.</summary>
    public static (CourseworkOptions? Options, string? Problem) Parse(IReadOnlyList<string> args)
    {
        var sources = new List<string>();
        var options = new CourseworkOptions();
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            switch (arg)
            {
                case "--help" or "-h":
                    options = options with { Help = true };
                    break;
                case "--out":
                    string? dir = i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[++i] : null;
                    if (string.IsNullOrEmpty(dir)) return (null, "--out needs a folder: --out DIR");
                    options = options with { OutDirectory = dir };
                    break;
                default:
                    if (arg.StartsWith("--", StringComparison.Ordinal)) return (null, $"unknown option '{arg}'");
                    if (options.Command is null) options = options with { Command = arg };
                    else sources.Add(arg);
                    break;
            }
        }
        if (options.Help) return (options, null);
        if (options.Command is null) return (null, "no command given; the command is 'assign'");
        if (options.Command != "assign") return (null, $"unknown command '{options.Command}'; the command is 'assign'");
        if (sources.Count == 0) return (null, "assign needs at least one source notebook");
        if (options.OutDirectory is null) return (null, "assign needs --out DIR, the folder the releases go to");
        return (options with { Sources = sources }, null);
    }
}
