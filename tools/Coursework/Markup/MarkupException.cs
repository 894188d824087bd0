namespace ScoreNotebooks.Coursework.Markup;

/// <summary>A notebook's exercise markup is malformed; every problem found is listed.</summary>
public sealed class MarkupException : Exception
{
    /// <summary>Creates the exception for <paramref name="problems"/>, each a full sentence naming notebook and cell.</summary>
    /// <param name="problems">At least one problem.</param>
    public MarkupException(IReadOnlyList<string> problems)
        : base(string.Join(Environment.NewLine, problems))
    {
        Problems = problems;
    }

    /// <summary>The problems, one message each ("NOTEBOOK: cell N (id X, grade_id Y): what is wrong").</summary>
    public IReadOnlyList<string> Problems { get; }
}
