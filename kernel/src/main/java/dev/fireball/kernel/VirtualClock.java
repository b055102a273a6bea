package dev.fireball.kernel;

/**
 * Deterministic time for tests and simulation: {@link #idle} jumps straight to the deadline, so a
 * run is a pure function of its inputs and takes no wall time.
 * <p>With no deadline there is nothing to jump to: {@link #idle} then blocks until
 * {@link #wakeUp}, which another thread (a simulated interrupt source) calls after raising a line.
 * A wake-up is latched in {@code woken} under this object's monitor, so one that arrives between
 * the run loop's last check and the wait is not lost: the wait sees the flag and does not block.
 * A latched wake-up also makes an idle with a deadline return without moving time. An interrupt
 * of the kernel thread during that wait is not swallowed: it ends the idle, and so the run, with
 * an {@link IllegalStateException} whose cause is the {@link InterruptedException}.
 * <p><b>Invariants</b>: {@code now} never decreases; {@code woken} is read and written only under
 * the monitor.
 * <p><b>Context</b>: {@link #now}, {@link #idle}, {@link #advance}: the kernel thread.
 * {@link #wakeUp}: any thread.
 * <p><b>Allocation</b>: none.
 */
public final class VirtualClock implements Clock
{
    private long now;
    /** A wake-up arrived and no idle has consumed it yet. Guarded by this. */
    private boolean woken;

    @Override
    public long now()
    {
        return now;
    }

    /**
     * Jumps to {@code deadlineTick}; with {@link #NO_DEADLINE} blocks until {@link #wakeUp} (time
     * stands still). Returns at once, time unchanged, if a wake-up is latched.
     */
    @Override
    public void idle(final long deadlineTick)
    {
        synchronized (this)
        {
            if (woken)
            {
                woken = false;
                return;
            }
            if (NO_DEADLINE == deadlineTick)
            {
                while (!woken)
                {
                    try
                    {
                        wait();
                    }
                    catch (final InterruptedException e)
                    {
                        // Device code may not touch java.lang.Thread to re-set the flag, and
                        // swallowing it would lose the request: the interrupt ends the run, loudly.
                        throw new IllegalStateException("the kernel thread was interrupted while idle with no deadline",
                            e);
                    }
                }
                woken = false;
                return;
            }
        }
        if (deadlineTick > now)
        {
            now = deadlineTick;
        }
    }

    @Override
    public void wakeUp()
    {
        synchronized (this)
        {
            woken = true;
            notifyAll();
        }
    }

    /** Moves time forward by {@code ticks} (tests and simulators drive time with this). */
    public void advance(final long ticks)
    {
        if (ticks < 0)
        {
            throw new IllegalArgumentException("time cannot go backwards: ticks=" + ticks);
        }
        now += ticks;
    }
}
