package dev.fireball.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fireball.kernel.support.RecordingConsole;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The design's promise, "Module A のヒープ枯渇 → Module B に波及しない": module A leaks its heap
 * until it is exhausted and then throws, restarts n times and stops; module B produces exactly the
 * same results at exactly the same virtual ticks, with the same heap statistics, as in a run
 * without A.
 */
class ModuleIsolationTest
{
    /** A: allocates 256 bytes per tick and never frees; when the heap refuses, it throws. */
    static final class Leaker extends Coroutine
    {
        int allocations;

        Leaker()
        {
            super("leaker", 64);
        }

        @Override
        protected int resume(final Scheduler s)
        {
            if (0 == pc)
            {
                pc = 1;
            }
            final int h = heap().alloc(256);
            if (h < 0)
            {
                throw new IllegalStateException("out of module heap: " + Errno.name(h));
            }
            allocations++;
            heap().putInt(h, 0, allocations);
            return s.sleep(1);
        }
    }

    /**
     * B: a producer/consumer pair. The producer computes a sequence in its frame and spawns a
     * worker per item (each worker has its own frame); the consumer joins them and records
     * (tick, value).
     */
    static final class Worker extends Coroutine
    {
        long input;

        Worker()
        {
            super("worker", 128);
        }

        @Override
        protected int resume(final Scheduler s)
        {
            switch (pc)
            {
                case 0:
                    heap().putLong(frame(), 0, input * input + 1);
                    pc = 1;
                    return s.sleep(3);
                default:
                    return s.done(heap().getLong(frame(), 0));
            }
        }
    }

    static final class Producer extends Coroutine
    {
        final List<long[]> out;
        final Worker[] workers = {new Worker(), new Worker()};
        int i;
        int h;

        Producer(final List<long[]> out)
        {
            super("producer");
            this.out = out;
        }

        @Override
        protected int resume(final Scheduler s)
        {
            while (true)
            {
                switch (pc)
                {
                    case 0:
                        if (i == 40)
                        {
                            return s.done(i);
                        }
                        final Worker w = workers[i & 1];
                        w.input = i;
                        h = s.spawn(w);
                        if (h < 0)
                        {
                            throw new IllegalStateException("spawn failed: " + Errno.name(h));
                        }
                        pc = 1;
                        return s.sleep(1 + (i % 3));
                    case 1:
                        pc = 2;
                        return s.join(h);
                    default:
                        out.add(new long[] {s.now(), s.value(), s.status()});
                        i++;
                        pc = 0;
                        continue;
                }
            }
        }
    }

    private static final class Run
    {
        final List<long[]> bResults = new ArrayList<>();
        final VirtualClock clock = new VirtualClock();
        final Scheduler s = new Scheduler(16, clock, new RecordingConsole());
        final Trace trace = new Trace(4096);
        final Modules modules = new Modules(s, trace, new RecordingConsole(), 4);
        final Leaker leaker = new Leaker();
        int a = -1;
        final int b;

        Run(final boolean withA)
        {
            if (withA)
            {
                a = modules.create(new ModuleSpec("a", leaker).heap(4096).frameBytes(64).restart(3, 100_000));
            }
            b = modules.create(new ModuleSpec("b", new Producer(bResults)).heap(4096).frameBytes(256).maxCoroutines(3));
            modules.seal();
            if (withA)
            {
                modules.start(a);
            }
            modules.start(b);
            assertEquals(Scheduler.RUN_IDLE, s.run());
        }
    }

    @Test
    void aLeakingCrashingModuleDoesNotDisturbAnother()
    {
        final Run alone = new Run(false);
        final Run shared = new Run(true);

        assertEquals(40, alone.bResults.size());
        assertEquals(alone.bResults.size(), shared.bResults.size());
        for (int i = 0; i < alone.bResults.size(); i++)
        {
            final long[] x = alone.bResults.get(i);
            final long[] y = shared.bResults.get(i);
            assertEquals(x[0], y[0], "tick of result " + i);
            assertEquals(x[1], y[1], "value of result " + i);
            assertEquals(Scheduler.COMPLETED, y[2]);
            assertEquals((long) i * i + 1, y[1]);
        }
        final ModuleHeap hb1 = alone.modules.heap(alone.b);
        final ModuleHeap hb2 = shared.modules.heap(shared.b);
        assertEquals(hb1.allocCount(), hb2.allocCount());
        assertEquals(hb1.minEverFreeBytes(), hb2.minEverFreeBytes());
        assertEquals(0, hb2.failedAllocCount());
        assertEquals(0, shared.modules.faults(shared.b));

        // A: exhausted, faulted, restarted 3 times, stopped; each incarnation leaked the whole heap.
        final int a = shared.a;
        assertEquals(4, shared.modules.faults(a));
        assertEquals(3, shared.modules.restarts(a));
        assertEquals(Modules.STOPPED, shared.modules.state(a));
        assertEquals(3, shared.trace.count(Trace.MODULE_RESTART, a));
        assertEquals(4, shared.trace.count(Trace.MODULE_STOP, a));
        assertTrue(shared.modules.lastFault(a).getMessage().contains("out of module heap: ENOMEM"));
        assertTrue(shared.leaker.allocations >= 4 * 10, "allocations: " + shared.leaker.allocations);
        assertEquals(0, shared.modules.heap(a).usedBytes());
        shared.s.checkInvariants();
    }
}
