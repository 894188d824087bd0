namespace ScoreNotebooks.Notebooks.Execution;

/// <summary>
/// Publishes, for libraries that reference no notebook host, a way to add a display output to the running
/// cell: <c>AppContext.GetData("ScoreNotebooks.Display")</c> is an <c>Action&lt;string, string&gt;</c> taking a
/// MIME type and its representation (JSON text for a JSON MIME type).
/// </summary>
/// <remarks>
/// The library's checks use it for their structured records (<c>application/vnd.scorenotebooks.check+json</c>).
/// The sink is process-wide and routes each call to the cell whose code made it; a call from anywhere else
/// is dropped. Beside the given type the output carries an empty <c>text/plain</c>, so a front end that has
/// no renderer for the type shows nothing rather than a "no renderer" notice (the check has already printed
/// its verdict line).
/// </remarks>
internal static class DisplaySink
{
    /// <summary>The AppContext data name of the sink.</summary>
    public const string Name = "ScoreNotebooks.Display";

    private static readonly Action<string, string> Sink = Show;

    /// <summary>Publishes the sink; calling it again changes nothing.</summary>
    public static void Publish()
    {
        if (!ReferenceEquals(AppContext.GetData(Name), Sink)) AppContext.SetData(Name, Sink);
    }

    private static void Show(string mimeType, string representation)
    {
        if (string.IsNullOrEmpty(mimeType) || representation is null) return;
        var data = new Dictionary<string, string> { [mimeType] = representation };
        if (mimeType != "text/plain") data["text/plain"] = "";
        OutputCollector.EmitToCurrent(CellOutput.Display(CellOutputKind.DisplayData, null, data));
    }
}
