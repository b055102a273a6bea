package dev.fireball.host;

import dev.fireball.kernel.Clock;
import java.util.concurrent.locks.LockSupport;

/**
 * Host real-time clock: ticks of {@code tickNanos} counted from construction, idle by parking the
 * kernel thread until the deadline. {@link #wakeUp()} (called by whoever raises an interrupt on
 * another thread) unparks it; park/unpark keep a permit, so a wake-up that arrives between the run
 * loop's decision to idle and the park itself is not lost.
 */
public final class WallClock implements Clock
{
    private final long origin = System.nanoTime();
    private final long tickNanos;
    private volatile Thread kernelThread;

    public WallClock(final long tickNanos)
    {
        if (tickNanos <= 0)
        {
            throw new IllegalArgumentException("tickNanos must be > 0: " + tickNanos);
        }
        this.tickNanos = tickNanos;
    }

    /** A 1 kHz clock (TICK_HZ = 1000). */
    public static WallClock millis()
    {
        return new WallClock(1_000_000L);
    }

    @Override
    public long now()
    {
        return (System.nanoTime() - origin) / tickNanos;
    }

    @Override
    public void idle(final long deadlineTick)
    {
        kernelThread = Thread.currentThread();
        if (NO_DEADLINE == deadlineTick)
        {
            LockSupport.park(this);
            return;
        }
        final long waitNanos = (deadlineTick - now()) * tickNanos;
        if (waitNanos > 0)
        {
            LockSupport.parkNanos(this, waitNanos);
        }
    }

    /** Ends an idle early (interrupt raised on another thread). */
    public void wakeUp()
    {
        final Thread t = kernelThread;
        if (null != t)
        {
            LockSupport.unpark(t);
        }
    }
}
