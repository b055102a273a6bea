package dev.fireball.kernel;

/**
 * Deterministic time for tests and simulation: {@link #idle} jumps straight to the deadline, so a
 * run is a pure function of its inputs and takes no wall time.
 * <p><b>Invariants</b>: {@code now} never decreases.
 * <p><b>Allocation</b>: none.
 */
public final class VirtualClock implements Clock
{
    private long now;

    @Override
    public long now()
    {
        return now;
    }

    /** Jumps to {@code deadlineTick}; with {@link #NO_DEADLINE} time stands still. */
    @Override
    public void idle(final long deadlineTick)
    {
        if (NO_DEADLINE != deadlineTick && deadlineTick > now)
        {
            now = deadlineTick;
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
