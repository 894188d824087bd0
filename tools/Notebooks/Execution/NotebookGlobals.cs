namespace ScoreNotebooks.Notebooks.Execution;

/// <summary>
/// What every cell sees besides its own variables: the <c>display</c> function of Polyglot
/// Notebooks and a cancellation token that long loops may observe.
/// </summary>
/// <remarks>
/// The members are lower-case where the notebook convention is (<c>display(x)</c>), so the same
/// cells run unchanged in .NET Interactive.
/// </remarks>
public sealed class NotebookGlobals
{
    private readonly Action<object?> show;

    /// <summary>Creates the globals of one script session.</summary>
    /// <param name="show">Receives every value passed to <see cref="display"/>.</param>
    /// <param name="cancellationToken">Signalled when the running cell is interrupted or times out.</param>
    public NotebookGlobals(Action<object?> show, CancellationToken cancellationToken)
    {
        this.show = show ?? throw new ArgumentNullException(nameof(show));
        CancellationToken = cancellationToken;
    }

    /// <summary>Signalled when the running cell is interrupted or exceeds its time limit.</summary>
    public CancellationToken CancellationToken { get; internal set; }

    /// <summary>Shows <paramref name="value"/> as a <c>display_data</c> output of the running cell.</summary>
    /// <param name="value">Any value; Plotly.NET charts are shown as interactive figures, null as &lt;null&gt;.</param>
    /// <remarks>
    /// It returns nothing, so a cell that ends in <c>display(x)</c> without a semicolon shows
    /// <c>x</c> once, not a second time as the cell's result.
    /// </remarks>
#pragma warning disable IDE1006 // Notebook convention: display(x), as in Polyglot Notebooks.
    public void display(object? value)
#pragma warning restore IDE1006
    {
        show(value);
    }
}
