package dev.fireball.host;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fireball.kernel.Clock;
import java.util.concurrent.TimeUnit;
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
}
