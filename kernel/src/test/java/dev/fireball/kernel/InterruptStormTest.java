package dev.fireball.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fireball.kernel.support.RecordingConsole;
import dev.fireball.kernel.support.Storm;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Interrupt storm: another thread raises 1,000,000 interrupts on four lines, in bursts, while the
 * kernel runs in virtual time, idling (blocked, time standing still) whenever it has nothing to do.
 * <p>Like real devices, each line's "device" counts its events in a register ({@code produced},
 * the raiser increments it before raising); raises between two services coalesce into one
 * delivery, so the kernel side takes the count, as a UART bottom half drains its FIFO. Each line
 * reaches its consumer by a different path: an event group (line 0), a channel (line 1), a direct
 * line wait (line 2) and a future per delivery (line 3). The counts must match exactly, and the
 * run must end: a lost wake-up would leave a consumer short and the kernel idle forever.
 */
class InterruptStormTest
{
    static final int LINES = 4;
    static final int RAISES = 1_000_000;
    static final int PER_LINE = RAISES / LINES;

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void everyRaiseOfAMillionIsAccountedForAndNoWakeUpIsLost() throws InterruptedException
    {
        final IdleCountingClock clock = new IdleCountingClock();
        final Scheduler s = new Scheduler(16, clock, new RecordingConsole());
        final SoftInterruptLines lines = new SoftInterruptLines(clock);
        final InterruptBridge bridge = new InterruptBridge(s, lines, LINES);
        final Select select = new Select(s, 1);
        final EventGroup events = new EventGroup(s, 0);
        final Channel counts = new Channel(select, 0, 16, 0);
        final FuturePool futures = new FuturePool(s, 2);
        final AtomicLongArray produced = new AtomicLongArray(LINES);
        final long[] consumed = new long[LINES];
        final long[] taken = new long[LINES];     // kernel side: taken by bottom halves, not yet consumed
        final int[] future = new int[1];

        bridge.register(0, line ->
        {
            taken[0] += produced.getAndSet(0, 0);
            events.post(1);
        });
        bridge.register(1, line ->
        {
            final long n = produced.getAndSet(1, 0);
            if (0 != n && 0 != counts.trySend(n))
            {
                taken[1] += n; // channel full: the consumer picks the backlog up with its next receive
            }
        });
        bridge.register(3, line ->
        {
            taken[3] += produced.getAndSet(3, 0);
            futures.resolve(future[0], 0);
        });

        final int[] consumers = new int[LINES];
        consumers[0] = s.spawn(new Coroutine("events")
        {
            @Override
            protected int resume(final Scheduler sch)
            {
                consumed[0] += taken[0];
                taken[0] = 0;
                return consumed[0] == PER_LINE ? sch.done(0) : events.await(1, EventGroup.ANY | EventGroup.CLEAR,
                    Scheduler.FOREVER);
            }
        });
        consumers[1] = s.spawn(new Coroutine("channel")
        {
            @Override
            protected int resume(final Scheduler sch)
            {
                if (pc == 1 && 0 == sch.status())
                {
                    consumed[1] += sch.value();
                }
                consumed[1] += taken[1];
                taken[1] = 0;
                pc = 1;
                return consumed[1] == PER_LINE ? sch.done(0) : counts.receive(Scheduler.FOREVER);
            }
        });
        consumers[2] = s.spawn(new Coroutine("line-wait")
        {
            @Override
            protected int resume(final Scheduler sch)
            {
                consumed[2] += produced.getAndSet(2, 0);
                return consumed[2] == PER_LINE ? sch.done(0) : bridge.await(2, Scheduler.FOREVER);
            }
        });
        consumers[3] = s.spawn(new Coroutine("futures")
        {
            @Override
            protected int resume(final Scheduler sch)
            {
                if (0 != future[0])
                {
                    futures.release(future[0]);
                    future[0] = 0;
                }
                consumed[3] += taken[3];
                taken[3] = 0;
                if (consumed[3] == PER_LINE)
                {
                    return sch.done(0);
                }
                future[0] = futures.create();
                return futures.await(future[0], Scheduler.FOREVER);
            }
        });
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
                bridge.unregister(3);
                return sch.done(0);
            }
        });

        final Thread irq = Storm.raiser(lines, produced, LINES, RAISES, 12345);
        final long t0 = System.nanoTime();
        irq.start();
        final int result = s.run();
        irq.join();
        final long ms = (System.nanoTime() - t0) / 1_000_000;

        assertEquals(Scheduler.RUN_IDLE, result, "the run ended: every consumer got its count");
        assertEquals(RAISES, lines.raisedCount());
        long deliveries = 0;
        for (int l = 0; l < LINES; l++)
        {
            assertEquals(PER_LINE, consumed[l], "line " + l);
            assertEquals(0, produced.get(l), "line " + l + " has nothing left uncounted");
            assertTrue(bridge.deliveries(l) >= 1 && bridge.deliveries(l) <= PER_LINE);
            deliveries += bridge.deliveries(l);
        }
        assertEquals(0, clock.now(), "virtual time stood still: nobody slept");
        s.checkInvariants();
        System.out.println("InterruptStormTest (virtual clock, monitor lines): " + RAISES + " raises in " + ms
            + " ms, " + bridge.serviceCount() + " services, " + deliveries + " deliveries, "
            + s.contextSwitchCount() + " context switches, " + clock.idles + " idles");
        assertTrue(clock.idles > 0, "the kernel idled during the storm");
    }

    /** Virtual time that counts the run loop's idles. */
    static final class IdleCountingClock implements Clock
    {
        private final VirtualClock time = new VirtualClock();
        long idles;

        @Override
        public long now()
        {
            return time.now();
        }

        @Override
        public void idle(final long deadlineTick)
        {
            idles++;
            time.idle(deadlineTick);
        }

        @Override
        public void wakeUp()
        {
            time.wakeUp();
        }
    }
}
