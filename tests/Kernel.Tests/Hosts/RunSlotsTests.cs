namespace ScoreNotebooks.Kernel.Tests.Hosts;

/// <summary>The slots the host tests share their runs through: never more holders than slots, urgent work first.</summary>
public sealed class RunSlotsTests
{
    [Fact]
    public async Task Slots_AreHandedOut_UrgentFirst_ThenQueuedAhead_InTheOrderAsked()
    {
        var slots = new RunSlots(2);
        var holder = RunSlots.NewTurn(urgent: false);
        var a = slots.WaitAsync(holder, CancellationToken.None);
        var b = slots.WaitAsync(RunSlots.NewTurn(urgent: false), CancellationToken.None);
        var c = slots.WaitAsync(RunSlots.NewTurn(urgent: false), CancellationToken.None);
        var d = slots.WaitAsync(RunSlots.NewTurn(urgent: false), CancellationToken.None);
        var e = slots.WaitAsync(RunSlots.NewTurn(urgent: true), CancellationToken.None);
        Assert.True(a.IsCompleted && b.IsCompleted);
        Assert.False(c.IsCompleted || d.IsCompleted || e.IsCompleted);

        slots.Release(holder);
        await e;
        Assert.False(c.IsCompleted || d.IsCompleted);
        slots.Release(holder);
        await c;
        Assert.False(d.IsCompleted);
        slots.Release(holder);
        await d;
    }

    [Fact]
    public async Task PromotedTurn_GoesAheadOfTheQueue_AndAnUnqueuedOneIsQueuedUrgent()
    {
        var slots = new RunSlots(1);
        var holder = RunSlots.NewTurn(urgent: false);
        await slots.WaitAsync(holder, CancellationToken.None);
        var first = RunSlots.NewTurn(urgent: false);
        var second = RunSlots.NewTurn(urgent: false);
        var third = RunSlots.NewTurn(urgent: false);
        var waitFirst = slots.WaitAsync(first, CancellationToken.None);
        var waitSecond = slots.WaitAsync(second, CancellationToken.None);
        slots.Promote(second);
        slots.Promote(third);
        var waitThird = slots.WaitAsync(third, CancellationToken.None);

        slots.Release(holder);
        await waitSecond;
        slots.Release(holder);
        await waitThird;
        Assert.False(waitFirst.IsCompleted);
        slots.Release(holder);
        await waitFirst;
    }

    [Fact]
    public async Task CancelledWaiter_LeavesTheQueue_AndItsSlotGoesToTheNext()
    {
        var slots = new RunSlots(1);
        var holder = RunSlots.NewTurn(urgent: false);
        await slots.WaitAsync(holder, CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        var cancelled = slots.WaitAsync(RunSlots.NewTurn(urgent: true), cancel.Token);
        var next = slots.WaitAsync(RunSlots.NewTurn(urgent: false), CancellationToken.None);

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        slots.Release(holder);
        await next;
        // The slot is held by next alone: a new waiter waits.
        Assert.False(slots.WaitAsync(RunSlots.NewTurn(urgent: true), CancellationToken.None).IsCompleted);
    }

    [Fact]
    public async Task WorkOfOneExclusiveGroup_NeverHoldsTwoSlots_AndOthersPassIt()
    {
        var slots = new RunSlots(2);
        var first = RunSlots.NewTurn(urgent: false, exclusive: "group");
        var second = RunSlots.NewTurn(urgent: true, exclusive: "group");
        var other = RunSlots.NewTurn(urgent: false);
        await slots.WaitAsync(first, CancellationToken.None);
        var waitSecond = slots.WaitAsync(second, CancellationToken.None);
        var waitOther = slots.WaitAsync(other, CancellationToken.None);
        Assert.False(waitSecond.IsCompleted);
        await waitOther;

        slots.Release(other);
        Assert.False(waitSecond.IsCompleted);
        slots.Release(first);
        await waitSecond;
    }
}
