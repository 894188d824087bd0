using Microsoft.CodeAnalysis.Scripting;

namespace ScoreNotebooks.Notebooks.Execution;

/// <summary>
/// Runs a cell on a thread of its own, so that an interruption can wake the cell from a blocking
/// wait (<see cref="Thread.Sleep(int)"/>, a lock, a join) with <see cref="Thread.Interrupt"/> as
/// well as cancel its token.
/// </summary>
/// <remarks>
/// The thread runs the cell up to its first <c>await</c> that does not complete at once; the rest of
/// an asynchronous cell continues on the thread pool, where its cancellation token and the loop checks
/// (<see cref="InterruptibleLoops"/>) stop it. The thread is a background thread, so a cell that cannot
/// be stopped never keeps the process alive.
/// </remarks>
internal sealed class CellThread
{
    private readonly Thread thread;
    private readonly TaskCompletionSource<ScriptState<object>> completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private CellThread(Func<Task<ScriptState<object>>> start)
    {
        thread = new Thread(() => Body(start)) { IsBackground = true, Name = "notebook cell" };
    }

    /// <summary>Completes with the cell's state when the cell ends, however it ends.</summary>
    public Task<ScriptState<object>> Run => completion.Task;

    /// <summary>Starts <paramref name="start"/> on a new thread.</summary>
    public static CellThread Start(Func<Task<ScriptState<object>>> start)
    {
        var cell = new CellThread(start);
        cell.thread.Start();
        return cell;
    }

    /// <summary>
    /// Cancels the cell, interrupts its thread if the cell is still running on it, and waits up to
    /// <paramref name="grace"/> for the cell to end.
    /// </summary>
    /// <returns>True when the cell ended; false when it is still running and is abandoned.</returns>
    public async Task<bool> StopAsync(CancellationTokenSource cancellation, TimeSpan grace)
    {
        await cancellation.CancelAsync().ConfigureAwait(false);
        if (thread.IsAlive) thread.Interrupt();
        return await Task.WhenAny(Run, Task.Delay(grace)).ConfigureAwait(false) == Run;
    }

    private void Body(Func<Task<ScriptState<object>>> start)
    {
        try
        {
            start().ContinueWith(task =>
            {
                if (task.IsCompletedSuccessfully) completion.TrySetResult(task.Result);
                else if (task.IsCanceled) completion.TrySetCanceled();
                else completion.TrySetException(task.Exception!.InnerExceptions);
            }, TaskScheduler.Default);
        }
        catch (Exception error)
        {
            // Thrown before the cell's task existed (a cancellation, or an interruption of this thread).
            completion.TrySetException(error);
        }
    }
}
