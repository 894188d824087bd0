namespace ScoreNotebooks.Notebooks.Execution;

/// <summary>The nbformat output types the engine produces.</summary>
public enum CellOutputKind
{
    /// <summary>Text written to Console.Out (stdout) or Console.Error (stderr).</summary>
    Stream,

    /// <summary>A value passed to <c>display(...)</c>.</summary>
    DisplayData,

    /// <summary>The value of the cell's trailing expression.</summary>
    ExecuteResult,

    /// <summary>A compile error, exception, timeout, cancellation or unsupported cell.</summary>
    Error,
}
