package dev.fireball.host;

import dev.fireball.kernel.Clock;
import dev.fireball.kernel.InterruptLines;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The host port's interrupt lines: the pending word is an {@link AtomicInteger}, so any number of
 * threads (simulated devices) raise lines lock-free, as C interrupt stubs do with an atomic OR on
 * silicon, and the kernel takes the word with one {@code getAndSet(0)}. A raise then wakes the
 * clock ({@link Clock#wakeUp}): with {@link WallClock} it unparks the kernel thread, with the
 * virtual clock it ends an idle without a deadline.
 */
public final class HostInterruptLines implements InterruptLines
{
    private final Clock clock;
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicLong raised = new AtomicLong();

    public HostInterruptLines(final Clock clock)
    {
        if (null == clock)
        {
            throw new IllegalArgumentException("clock is required");
        }
        this.clock = clock;
    }

    @Override
    public void raise(final int mask)
    {
        if (0 == mask)
        {
            return;
        }
        pending.getAndAccumulate(mask, (word, bits) -> word | bits); // the atomic OR; no allocation
        raised.incrementAndGet();
        clock.wakeUp(); // after the bit is visible
    }

    @Override
    public int pending()
    {
        return pending.get();
    }

    @Override
    public int takeAndClear()
    {
        return 0 == pending.get() ? 0 : pending.getAndSet(0);
    }

    /** Calls to {@link #raise} with a non-zero mask. */
    public long raisedCount()
    {
        return raised.get();
    }
}
