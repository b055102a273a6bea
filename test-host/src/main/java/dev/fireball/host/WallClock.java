package dev.fireball.host;

import dev.fireball.kernel.Clock;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * Host real-time clock: ticks of {@code tickNanos} counted from construction, idle by parking the
 * kernel thread until the deadline.
 *
 * <h2>No lost wake-up</h2>
 * {@link #wakeUp()} (called by whoever raises an interrupt, on another thread, after setting the
 * pending bit) sets {@code woken}, then unparks the kernel thread if it is known. {@link #idle}
 * first publishes the kernel thread, then consumes {@code woken}, then parks. Both sides write
 * their variable before reading the other's (volatile / atomic, so sequentially consistent):
 * either {@link #idle} sees {@code woken} and returns at once, or {@link #wakeUp} sees the thread
 * and unparks it, and park/unpark keep a permit, so an unpark that lands before the park makes the
 * park return at once. A stale {@code woken} costs one early return, which the run loop allows.
 *
 * <h2>Interrupting the kernel thread</h2>
 * A park returns at once while the thread's interrupt status is set, so an interrupted kernel
 * thread would spin through the run loop at full speed. Instead {@link #idle} throws an
 * {@link IllegalStateException} (cause: an {@link InterruptedException}), which ends
 * {@code Scheduler.runUntil}; the interrupt status stays set for whoever catches it. This is how
 * {@code VirtualClock} ends a run on an interrupt too.
 */
public final class WallClock implements Clock
{
    private final long origin = System.nanoTime();
    private final long tickNanos;
    private final AtomicBoolean woken = new AtomicBoolean();
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
        endIfInterrupted();
        if (woken.getAndSet(false))
        {
            return;
        }
        if (NO_DEADLINE == deadlineTick)
        {
            LockSupport.park(this);
            endIfInterrupted();
            return;
        }
        // Wait until the deadline tick begins, not (deadline - now()) whole ticks from here: now()
        // rounds down, so that would overshoot by the part of the current tick already gone. The
        // multiplication saturates: a far deadline (sleep(Long.MAX_VALUE) arms NO_DEADLINE - 1)
        // would otherwise overflow into a negative wait and the run loop would spin.
        final long elapsed = System.nanoTime() - origin;
        final long nowTick = elapsed / tickNanos;
        if (deadlineTick <= nowTick)
        {
            return;
        }
        final long ticksLeft = deadlineTick - nowTick;
        final long waitNanos = ticksLeft > Long.MAX_VALUE / tickNanos ? Long.MAX_VALUE
            : ticksLeft * tickNanos - (elapsed - nowTick * tickNanos);
        LockSupport.parkNanos(this, waitNanos);
        endIfInterrupted();
    }

    /** @throws IllegalStateException if the kernel thread is interrupted (its status stays set) */
    private static void endIfInterrupted()
    {
        if (Thread.currentThread().isInterrupted())
        {
            throw new IllegalStateException("the kernel thread was interrupted while idle: the run ends",
                new InterruptedException());
        }
    }

    /** Ends an idle early, or makes the next one return at once (interrupt raised on another thread). */
    @Override
    public void wakeUp()
    {
        woken.set(true);
        final Thread t = kernelThread;
        if (null != t)
        {
            LockSupport.unpark(t);
        }
    }
}
