namespace ScoreNotebooks.Kernel;

/// <summary>The kernel's sockets: which one a message arrived on or leaves by.</summary>
internal enum JupyterChannel
{
    /// <summary>Requests and their replies.</summary>
    Shell,

    /// <summary>Interrupt, shutdown and other requests answered while a cell runs.</summary>
    Control,

    /// <summary>Input requests to the front end and its replies.</summary>
    Stdin,

    /// <summary>Outputs and status, broadcast to every front end.</summary>
    IOPub,
}
