namespace ScoreNotebooks.Kernel.Tests.Hosts;

/// <summary>
/// A fixed number of slots for the heavy work of the host tests (a chapter run, a browser check), handed out
/// first to work a test is waiting for and then to work queued ahead of time, each kind in the order it asked.
/// </summary>
/// <remarks>
/// Unlike a <see cref="SemaphoreSlim"/>, a waiter queued ahead of time can be moved to the front
/// (<see cref="Promote"/>) when a test comes to need its result, so a test never waits behind prefetched work
/// for more than the runs that already hold the slots. Work of one exclusive group (a turn's
/// <c>exclusive</c> name) holds at most one slot at a time; a waiter whose group is busy is passed over, keeping
/// its place, until the group's slot is given back.
/// </remarks>
internal sealed class RunSlots(int count)
{
    private readonly Lock gate = new();
    private readonly LinkedList<Turn> urgent = new();
    private readonly LinkedList<Turn> background = new();
    private readonly HashSet<string> busy = [];
    private int free = count;

    /// <summary>The number of slots.</summary>
    public int Count { get; } = count;

    /// <summary>A place in the queue; <see cref="WaitAsync"/> takes a slot when it comes up.</summary>
    public sealed class Turn
    {
        internal readonly TaskCompletionSource Given = new(TaskCreationOptions.RunContinuationsAsynchronously);
        internal LinkedListNode<Turn>? Node;
        internal bool Urgent;
        internal bool Queued;
        internal string? Exclusive;
    }

    /// <summary>
    /// A turn not yet queued; <paramref name="urgent"/> when a test is waiting for its work; <paramref name="exclusive"/>
    /// names a group of work of which at most one may hold a slot at a time, or is null.
    /// </summary>
    public static Turn NewTurn(bool urgent, string? exclusive = null) => new() { Urgent = urgent, Exclusive = exclusive };

    /// <summary>Queues <paramref name="turn"/> (once) and returns when it holds a slot; give it back with <see cref="Release"/>.</summary>
    public Task WaitAsync(Turn turn, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            if (!turn.Queued)
            {
                turn.Queued = true;
                if (free > 0 && (turn.Exclusive is null || !busy.Contains(turn.Exclusive)))
                {
                    free--;
                    if (turn.Exclusive is not null) busy.Add(turn.Exclusive);
                    turn.Given.SetResult();
                }
                else
                {
                    turn.Node = (turn.Urgent ? urgent : background).AddLast(turn);
                }
            }
        }
        cancellationToken.Register(() => Withdraw(turn));
        return turn.Given.Task;
    }

    /// <summary>Moves <paramref name="turn"/> ahead of all work queued ahead of time, if it is still waiting (or not yet queued).</summary>
    public void Promote(Turn turn)
    {
        lock (gate)
        {
            turn.Urgent = true;
            if (turn.Node?.List == background)
            {
                background.Remove(turn.Node);
                urgent.AddLast(turn.Node);
            }
        }
    }

    /// <summary>
    /// Gives back the slot <paramref name="turn"/> holds, to the first urgent waiter, else the first waiter queued
    /// ahead of time, passing over those whose exclusive group holds a slot.
    /// </summary>
    public void Release(Turn turn)
    {
        Turn? next;
        lock (gate)
        {
            if (turn.Exclusive is not null) busy.Remove(turn.Exclusive);
            var node = First(urgent) ?? First(background);
            if (node is null)
            {
                free++;
                return;
            }
            node.List!.Remove(node);
            next = node.Value;
            next.Node = null;
            if (next.Exclusive is not null) busy.Add(next.Exclusive);
        }
        next.Given.SetResult();
    }

    private LinkedListNode<Turn>? First(LinkedList<Turn> list)
    {
        for (var node = list.First; node is not null; node = node.Next)
        {
            if (node.Value.Exclusive is null || !busy.Contains(node.Value.Exclusive)) return node;
        }
        return null;
    }

    private void Withdraw(Turn turn)
    {
        lock (gate)
        {
            if (turn.Node?.List is not { } list) return;
            list.Remove(turn.Node);
            turn.Node = null;
        }
        turn.Given.TrySetCanceled();
    }
}
