namespace ScoreNotebooks.Coursework.Tests;

/// <summary>Runs the coursework tool in the test's process, as its command line would, and keeps what it printed.</summary>
internal static class Tool
{
    /// <summary>Runs the tool with <paramref name="args"/> from <paramref name="directory"/>.</summary>
    public static (int Code, string Output, string Error) Run(string directory, params string[] args) =>
        Run(directory, CancellationToken.None, args);

    /// <summary>Runs the tool with <paramref name="args"/> from <paramref name="directory"/>; the token is Ctrl-C.</summary>
    public static (int Code, string Output, string Error) Run(string directory, CancellationToken interrupt, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = new CourseworkTool(output, error).Run(args, directory, interrupt);
        return (code, output.ToString(), error.ToString());
    }

    /// <summary>Writes <paramref name="source"/> to src/ch.ipynb under <paramref name="folder"/> and its release to
    /// release/ch.ipynb; returns the source's path.</summary>
    public static string Release(ExerciseNotebook source, string folder)
    {
        string path = source.WriteTo(Directory.CreateDirectory(Path.Combine(folder, "src")).FullName, "ch.ipynb");
        var (code, _, error) = Run(folder, "assign", path, "--out", "release");
        Assert.True(code == 0, error);
        return path;
    }
}
