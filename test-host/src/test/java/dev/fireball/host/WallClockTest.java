package dev.fireball.host;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fireball.kernel.Clock;
import dev.fireball.kernel.Coroutine;
import dev.fireball.kernel.Scheduler;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The wall clock's idle against its deadline: neither early without a reason nor late. */
class WallClockTest
{
    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void anIdleUntilTheFarthestDeadlineParksInsteadOfReturningAtOnce() throws InterruptedException
    {
        // NO_DEADLINE - 1 is what the scheduler arms for sleep(Long.MAX_VALUE) (deadlineAfter
        // saturates there); (deadline - now) * tickNanos overflowed to a negative wait, so idle
        // returned at once and the run loop spun at full speed instead of sleeping.
        final WallClock clock = WallClock.millis();
        final Thread kernel = new Thread(() -> clock.idle(Clock.NO_DEADLINE - 1), "kernel");
        kernel.start();
        kernel.join(300);
        assertTrue(kernel.isAlive(), "idle(NO_DEADLINE - 1) returned at once");
        clock.wakeUp();
        kernel.join(5_000);
        assertFalse(kernel.isAlive(), "the wake-up ends the long idle");
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void anIdleEndsAtItsDeadlineTickNotOneTickLater() throws InterruptedException
    {
        // Ticks of 400 ms; the idle starts half-way through tick 0 and asks for tick 1, which
        // begins 400 ms after the origin. Waiting (deadline - now()) whole ticks from the middle
        // of a tick overshoots by the part of the tick already gone (here to ~600 ms).
        final long tick = 400_000_000L;
        final long before = System.nanoTime();
        final WallClock clock = new WallClock(tick);
        Thread.sleep(200);
        if (clock.now() != 0)
        {
            return; // the test thread was descheduled for a whole tick; nothing to measure
        }
        clock.idle(1);
        final long elapsed = System.nanoTime() - before;
        assertTrue(elapsed < tick + tick / 4, "idle(1) returned " + elapsed / 1_000_000 + " ms after the origin, tick 1 starts at "
            + tick / 1_000_000 + " ms");
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void anInterruptedKernelThreadEndsItsRunLoudlyInsteadOfSpinning() throws InterruptedException
    {
        // A park returns at once while the interrupt status is set: the run loop used to go round
        // idle -> park -> idle at full speed until the sleeper's deadline, an hour away here.
        final WallClock clock = WallClock.millis();
        final Scheduler s = new Scheduler(2, clock, StreamConsole.capturing());
        s.spawn(new Coroutine("sleeper")
        {
            @Override
            protected int resume(final Scheduler sch)
            {
                return 0 == pc++ ? sch.sleep(3_600_000) : sch.done(0);
            }
        });
        final AtomicReference<Throwable> ended = new AtomicReference<>();
        final AtomicBoolean stillInterrupted = new AtomicBoolean();
        final Thread kernel = new Thread(() ->
        {
            try
            {
                s.run();
            }
            catch (final IllegalStateException e)
            {
                ended.set(e);
                stillInterrupted.set(Thread.currentThread().isInterrupted());
            }
        }, "kernel");
        kernel.start();
        Thread.sleep(100);
        kernel.interrupt();
        kernel.join(5_000);
        assertFalse(kernel.isAlive(), "the interrupted kernel thread is still running (spinning through idle)");
        assertNotNull(ended.get(), "the run ended without the interrupt being reported");
        assertInstanceOf(InterruptedException.class, ended.get().getCause());
        assertTrue(stillInterrupted.get(), "the interrupt status is kept for whoever catches the exception");
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void anIdleWithNoDeadlineEndsOnAnInterruptToo() throws InterruptedException
    {
        final WallClock clock = WallClock.millis();
        final AtomicReference<Throwable> ended = new AtomicReference<>();
        final Thread kernel = new Thread(() ->
        {
            try
            {
                clock.idle(Clock.NO_DEADLINE);
            }
            catch (final IllegalStateException e)
            {
                ended.set(e);
            }
        }, "kernel");
        kernel.start();
        Thread.sleep(100);
        kernel.interrupt();
        kernel.join(5_000);
        assertFalse(kernel.isAlive());
        assertNotNull(ended.get(), "a park ended by an interrupt returned as if woken");
    }
}
