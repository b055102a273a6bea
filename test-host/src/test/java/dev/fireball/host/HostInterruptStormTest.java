package dev.fireball.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fireball.kernel.Coroutine;
import dev.fireball.kernel.EventGroup;
import dev.fireball.kernel.InterruptBridge;
import dev.fireball.kernel.Scheduler;
import dev.fireball.kernel.support.Storm;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The host port under an interrupt storm: lock-free {@link HostInterruptLines} and the real-time
 * {@link WallClock}, whose idle parks the kernel thread. Another thread raises 1,000,000 interrupts
 * on four lines in bursts; each line's device counts its events and the kernel takes the counts
 * (bottom halves posting an event group for lines 0 and 1, coroutines waiting on lines 2 and 3
 * directly). Every count must arrive and the run must end: a lost unpark would leave the kernel
 * parked with work pending.
 */
class HostInterruptStormTest
{
    static final int LINES = 4;
    static final int RAISES = 1_000_000;
    static final int PER_LINE = RAISES / LINES;

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aMillionRaisesFromAnotherThreadAreAllCountedOnTheWallClock() throws InterruptedException
    {
        final WallClock clock = WallClock.millis();
        final Scheduler s = new Scheduler(8, clock, StreamConsole.to(System.out));
        final HostInterruptLines lines = new HostInterruptLines(clock);
        final InterruptBridge bridge = new InterruptBridge(s, lines, LINES);
        final EventGroup events = new EventGroup(s, 0);
        final AtomicLongArray produced = new AtomicLongArray(LINES);
        final long[] taken = new long[LINES];
        final long[] consumed = new long[LINES];
        for (int l = 0; l < 2; l++)
        {
            bridge.register(l, line ->
            {
                taken[line] += produced.getAndSet(line, 0);
                events.post(1 << line);
            });
        }
        final int[] consumers = new int[LINES];
        for (int l = 0; l < LINES; l++)
        {
            final int line = l;
            consumers[l] = s.spawn(new Coroutine("line" + l)
            {
                @Override
                protected int resume(final Scheduler sch)
                {
                    if (line < 2)
                    {
                        consumed[line] += taken[line];
                        taken[line] = 0;
                        return consumed[line] == PER_LINE ? sch.done(0)
                            : events.await(1 << line, EventGroup.ANY | EventGroup.CLEAR, Scheduler.FOREVER);
                    }
                    consumed[line] += produced.getAndSet(line, 0);
                    return consumed[line] == PER_LINE ? sch.done(0) : bridge.await(line, Scheduler.FOREVER);
                }
            });
        }
        s.spawn(new Coroutine("closer")
        {
            @Override
            protected int resume(final Scheduler sch)
            {
                if (pc < LINES)
                {
                    return sch.join(consumers[pc++]);
                }
                bridge.unregister(0);
                bridge.unregister(1);
                return sch.done(0);
            }
        });

        final Thread irq = Storm.raiser(lines, produced, LINES, RAISES, 777);
        final long t0 = System.nanoTime();
        irq.start();
        final int result = s.run();
        irq.join();
        final long ms = (System.nanoTime() - t0) / 1_000_000;

        assertEquals(Scheduler.RUN_IDLE, result);
        assertEquals(RAISES, lines.raisedCount());
        long deliveries = 0;
        for (int l = 0; l < LINES; l++)
        {
            assertEquals(PER_LINE, consumed[l], "line " + l);
            assertEquals(0, produced.get(l));
            deliveries += bridge.deliveries(l);
        }
        assertTrue(deliveries >= LINES && deliveries <= RAISES);
        s.checkInvariants();
        System.out.println("HostInterruptStormTest (wall clock, lock-free lines): " + RAISES + " raises in " + ms + " ms, "
            + bridge.serviceCount() + " services, " + deliveries + " deliveries, " + s.contextSwitchCount()
            + " context switches");
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void aWakeUpBeforeTheIdleIsNotLost()
    {
        final WallClock clock = WallClock.millis();
        clock.wakeUp();                      // raised before the kernel thread ever idled
        final long t0 = System.nanoTime();
        clock.idle(WallClock.NO_DEADLINE);   // returns at once instead of parking forever
        assertTrue(System.nanoTime() - t0 < 5_000_000_000L);
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void aRaiseFromAnotherThreadEndsAParkedIdle() throws InterruptedException
    {
        final WallClock clock = WallClock.millis();
        final Scheduler s = new Scheduler(2, clock, StreamConsole.to(System.out));
        final HostInterruptLines lines = new HostInterruptLines(clock);
        final InterruptBridge bridge = new InterruptBridge(s, lines, 1);
        final long[] woken = new long[1];
        s.spawn(new Coroutine("waiter")
        {
            @Override
            protected int resume(final Scheduler sch)
            {
                if (1 == pc)
                {
                    woken[0] = sch.value();
                    return sch.done(0);
                }
                pc = 1;
                return bridge.await(0, Scheduler.FOREVER);
            }
        });
        final Thread irq = new Thread(() ->
        {
            try
            {
                Thread.sleep(50);
            }
            catch (final InterruptedException e)
            {
                return;
            }
            lines.raise(1);
        });
        irq.start();
        assertEquals(Scheduler.RUN_IDLE, s.run());
        irq.join();
        assertEquals(1, woken[0]);
    }
}
