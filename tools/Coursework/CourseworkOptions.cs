using System.Globalization;
using ScoreNotebooks.Notebooks.Execution;

namespace ScoreNotebooks.Coursework;

/// <summary>The coursework tool's command line, parsed and checked.</summary>
internal sealed record CourseworkOptions
{
    public const string Usage =
        """
        usage: dotnet run --project tools/Coursework -- assign SOURCE.ipynb... --out DIR
               dotnet run --project tools/Coursework -- grade --source SOURCE.ipynb SUBMISSION.ipynb... --out DIR [options]
               dotnet run --project tools/Coursework -- check NOTEBOOK.ipynb [--timeout SECONDS] [--memory MB]
               dotnet run --project tools/Coursework -- gradescope --source SOURCE.ipynb --out DIR [limits]

        assign  writes, for each source notebook, the student release DIR/NAME.ipynb and its manifest
                DIR/NAME.manifest.json. In the release, each solution region of an answer cell becomes a
                line that throws NotImplementedException naming the exercise, each written answer's model
                answer becomes "YOUR ANSWER HERE", hidden tests are deleted and all outputs are cleared.
                The manifest lists each exercise (id, kind, points, answer and check cells) and the SHA-256
                of every locked cell's source as released and as in the source notebook.

        grade   grades each submission against the instructor's source: the student's answer cells run with the
                source's check cells (hidden tests included), each exercise in turn, in a worker process of its
                own; then the reference answers run, so one failure never hides the next exercise. Writes
                DIR/results/STUDENT.json, DIR/gradescope/STUDENT/results.json, DIR/grades.csv, DIR/junit.xml,
                DIR/feedback/STUDENT.ipynb and .html, and DIR/answers/STUDENT/EXERCISE.cs (the answer cells as
                submitted). STUDENT is the submission's file name without .ipynb, or the name of its folder when the
                file is named as the source is. An exercise whose answer uses an API its metadata forbids scores 0.

        check   runs a student's notebook as released (visible checks only) and prints, for each exercise,
                PASS or FAIL with its points; every exercise's checks run even when an earlier cell failed.

        gradescope  writes a Gradescope autograder into DIR: setup.sh (installs bubblewrap and the .NET SDK, builds the
                tool and the libraries), run_autograder (grades the submitted notebook with the limits given here and
                writes /autograder/results/results.json) and repo/, the repository's sources with the source notebook.
                Zip DIR's contents and upload them as the assignment's autograder.

        options:
          --out DIR                      assign: where releases go; grade: where results go (required; it must
                                         not hold the source or a submission)
          --source SOURCE.ipynb          grade, gradescope: the instructor's notebook with solutions and hidden tests
          --jobs N                       grade: submissions graded at the same time, 1 to 64 (default: the cores, at most 4)
          --timeout SECONDS              grade, check, gradescope: time limit of each cell, 0.001 to 1000000 (default 120)
          --submission-timeout SECONDS   grade, gradescope: time limit of one submission, all cells together (default 1200)
          --memory MB                    grade, check, gradescope: memory cap of the notebook's process, in MiB, ≥ 128 (default 4096)
          --student-feedback             grade: also write DIR/feedback-student/STUDENT.html, without hidden tests' details
          --precompile, --no-precompile  grade: first publish a ReadyToRun copy of the worker into artifacts/ (a minute or
                                         two once, seconds later), so each submission's process starts about a third
                                         faster (default: when there are 20 submissions or more)
          --help                         show this text

        Exercise markup: nbgrader cell metadata (schema_version 3) and '// BEGIN SOLUTION' … '// END SOLUTION',
        '// BEGIN HIDDEN TESTS' … '// END HIDDEN TESTS' lines; see README.md, "Teaching with the series".

        exit code: assign: 0 released; 1 malformed exercise markup in a source (nothing written).
                   grade: 0 every submission graded (whatever its score); 1 a submission could not be graded (unreadable).
                   check: 0 every auto-graded exercise passes; 1 otherwise.
                   grade, check: 130 interrupted (Ctrl-C or SIGTERM): the running processes are stopped, and grade
                   writes no summaries (each submission already listed keeps its results)
                   all: 2 bad arguments, missing or malformed notebook files, or an output path that cannot be written
                   or would overwrite an input
        """;

    public string? Command { get; init; }
    public IReadOnlyList<string> Sources { get; init; } = [];
    public string? Source { get; init; }
    public string? OutDirectory { get; init; }
    public int Jobs { get; init; } = Math.Clamp(Environment.ProcessorCount, 1, 4);
    public double TimeoutSeconds { get; init; } = 120;
    public double SubmissionTimeoutSeconds { get; init; } = 1200;
    public int MemoryMegabytes { get; init; } = 4096;
    public bool StudentFeedback { get; init; }
    /// <summary>Whether grade precompiles the worker first; null: when there are at least <see cref="PrecompileFrom"/> submissions.</summary>
    public bool? Precompile { get; init; }
    public const int PrecompileFrom = 20;
    public bool Help { get; init; }

    /// <summary>Parses the arguments, or returns a message saying what is wrong with them.</summary>
    public static (CourseworkOptions? Options, string? Problem) Parse(IReadOnlyList<string> args)
    {
        var inputs = new List<string>();
        var options = new CourseworkOptions();
        var given = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            string? Value() => i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[++i] : null;
            if (arg.StartsWith("--", StringComparison.Ordinal) && arg != "--help") given.Add(arg);
            switch (arg)
            {
                case "--help" or "-h":
                    options = options with { Help = true };
                    break;
                case "--out":
                    string? dir = Value();
                    if (string.IsNullOrEmpty(dir)) return (null, "--out needs a folder: --out DIR");
                    options = options with { OutDirectory = dir };
                    break;
                case "--source":
                    string? source = Value();
                    if (string.IsNullOrEmpty(source)) return (null, "--source needs the instructor's notebook: --source SOURCE.ipynb");
                    options = options with { Source = source };
                    break;
                case "--jobs":
                    if (!int.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out int jobs) || jobs is < 1 or > 64)
                        return (null, "--jobs needs a whole number from 1 to 64");
                    options = options with { Jobs = jobs };
                    break;
                case "--timeout" or "--submission-timeout":
                    if (!TryLimit(Value(), out double seconds)) return (null, $"{arg} needs a number of seconds, {CellTimeLimit.Range}");
                    options = arg == "--timeout" ? options with { TimeoutSeconds = seconds } : options with { SubmissionTimeoutSeconds = seconds };
                    break;
                case "--student-feedback":
                    options = options with { StudentFeedback = true };
                    break;
                case "--precompile" or "--no-precompile":
                    options = options with { Precompile = arg == "--precompile" };
                    break;
                case "--memory":
                    if (!int.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out int mb) || mb < 128)
                        return (null, "--memory needs a whole number of MiB, at least 128");
                    options = options with { MemoryMegabytes = mb };
                    break;
                default:
                    if (arg.StartsWith("--", StringComparison.Ordinal)) return (null, $"unknown option '{arg}'");
                    if (options.Command is null) options = options with { Command = arg };
                    else inputs.Add(arg);
                    break;
            }
        }
        if (options.Help) return (options, null);
        return options.Command switch
        {
            null => (null, "no command given; the commands are 'assign', 'grade', 'check' and 'gradescope'"),
            "assign" => CheckAssign(options, inputs, given),
            "grade" => CheckGrade(options, inputs, given),
            "check" => CheckCheck(options, inputs, given),
            "gradescope" => CheckGradescope(options, inputs, given),
            _ => (null, $"unknown command '{options.Command}'; the commands are 'assign', 'grade', 'check' and 'gradescope'"),
        };
    }

    private static (CourseworkOptions?, string?) CheckAssign(CourseworkOptions options, List<string> inputs, HashSet<string> given)
    {
        if (Misplaced(given, "assign", "--out") is { } problem) return (null, problem);
        if (inputs.Count == 0) return (null, "assign needs at least one source notebook");
        if (options.OutDirectory is null) return (null, "assign needs --out DIR, the folder the releases go to");
        return (options with { Sources = inputs }, null);
    }

    private static (CourseworkOptions?, string?) CheckGrade(CourseworkOptions options, List<string> inputs, HashSet<string> given)
    {
        if (Misplaced(given, "grade", "--out", "--source", "--jobs", "--timeout", "--submission-timeout", "--memory", "--student-feedback",
                "--precompile", "--no-precompile")
            is { } problem)
            return (null, problem);
        if (options.Source is null) return (null, "grade needs --source SOURCE.ipynb, the instructor's notebook");
        if (inputs.Count == 0) return (null, "grade needs at least one submission notebook");
        if (options.OutDirectory is null) return (null, "grade needs --out DIR, the folder the results go to");
        return (options with { Sources = inputs }, null);
    }

    private static (CourseworkOptions?, string?) CheckCheck(CourseworkOptions options, List<string> inputs, HashSet<string> given)
    {
        if (Misplaced(given, "check", "--timeout", "--memory") is { } problem) return (null, problem);
        if (inputs.Count != 1) return (null, "check needs exactly one notebook: check NOTEBOOK.ipynb");
        return (options with { Sources = inputs }, null);
    }

    private static (CourseworkOptions?, string?) CheckGradescope(CourseworkOptions options, List<string> inputs, HashSet<string> given)
    {
        if (Misplaced(given, "gradescope", "--out", "--source", "--timeout", "--submission-timeout", "--memory") is { } problem)
            return (null, problem);
        if (options.Source is null) return (null, "gradescope needs --source SOURCE.ipynb, the instructor's notebook");
        if (inputs.Count > 0) return (null, $"gradescope takes no notebooks besides --source (got '{inputs[0]}')");
        if (options.OutDirectory is null) return (null, "gradescope needs --out DIR, the folder the autograder goes to");
        return (options, null);
    }

    private static string? Misplaced(HashSet<string> given, string command, params string[] allowed) =>
        given.FirstOrDefault(o => !allowed.Contains(o)) is { } option ? $"{command} takes no {option} option" : null;

    private static bool TryLimit(string? text, out double seconds) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out seconds)
        && seconds >= CellTimeLimit.Min.TotalSeconds && seconds <= CellTimeLimit.Max.TotalSeconds;
}
