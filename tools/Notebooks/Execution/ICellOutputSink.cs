namespace ScoreNotebooks.Notebooks.Execution;

/// <summary>
/// Receives a cell's outputs as they happen, in order. A Jupyter kernel forwards each one as an
/// IOPub message; the notebook runner collects them into the executed copy.
/// </summary>
/// <remarks>
/// Called on the cell's own thread (or the caller's thread for the final error), one call at a
/// time per cell; stream outputs arrive one per write and are not merged here.
/// </remarks>
public interface ICellOutputSink
{
    /// <summary>Called for each output of the running cell.</summary>
    /// <param name="output">The output; never null.</param>
    void OnOutput(CellOutput output);
}
