namespace ScoreNotebooks.Notebooks.Editing;

/// <summary>Whether a piece of code is ready to run, as a console front end asks before it runs what was typed.</summary>
public enum CodeCompleteness
{
    /// <summary>The code parses: run it.</summary>
    Complete,

    /// <summary>The code stops before its end (an open brace, parenthesis or string, a missing ';'): wait for more lines.</summary>
    Incomplete,

    /// <summary>The code has an error that more text at the end cannot fix: run it, so the error is shown.</summary>
    Invalid,
}
