namespace ScoreNotebooks.Notebooks.Format;

/// <summary>
/// A file that is not a readable Jupyter notebook: invalid JSON, not nbformat 4, or a cell
/// without the fields nbformat requires. The message names the file and the problem.
/// </summary>
public sealed class NotebookFormatException : Exception
{
    /// <summary>Creates the exception for the notebook at <paramref name="path"/>.</summary>
    /// <param name="path">The notebook file (or a label for text that has no file).</param>
    /// <param name="problem">What is wrong, in words.</param>
    /// <param name="inner">The parser's exception, when there is one.</param>
    public NotebookFormatException(string path, string problem, Exception? inner = null)
        : base($"{path}: {problem}", inner)
    {
        Path = path;
        Problem = problem;
    }

    /// <summary>The notebook file the problem is in.</summary>
    public string Path { get; }

    /// <summary>What is wrong, without the file name.</summary>
    public string Problem { get; }
}
