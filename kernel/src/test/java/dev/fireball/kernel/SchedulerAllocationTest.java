package dev.fireball.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fireball.kernel.support.RecordingConsole;
import dev.fireball.testkit.AllocationMeter;
import org.junit.jupiter.api.Test;

/**
 * After boot, the scheduler allocates nothing: 1,000,000 scheduler operations (spawn, yield,
 * sleep, join, park/wake, cancel, complete) move the thread's allocated-bytes counter by 0.
 */
class SchedulerAllocationTest
{
    private static final int CHILDREN = 4;

    /** Yields once, sleeps one tick, then completes with a value. */
    static final class Child extends Coroutine
    {
        Child()
        {
            super("child");
        }

        @Override
        protected int resume(final Scheduler s)
        {
            switch (pc)
            {
                case 0:
                    pc = 1;
                    return s.yield();
                case 1:
                    pc = 2;
                    return s.sleep(1);
                default:
                    return s.done(7);
            }
        }
    }

    /** Parks until woken, forever (canceled by the parent every other round). */
    static final class Parker extends Coroutine
    {
        @Override
        protected int resume(final Scheduler s)
        {
            return s.park(Scheduler.FOREVER);
        }
    }

    /** Spawns CHILDREN children and joins each, cycles times; then done. */
    static final class Parent extends Coroutine
    {
        private final Child[] children = new Child[CHILDREN];
        private final int[] handles = new int[CHILDREN];
        private final Parker parker = new Parker();
        private int parkerHandle;
        private int cycles;
        private int i;
        private long sum;

        Parent()
        {
            super("parent");
            for (int k = 0; k < CHILDREN; k++)
            {
                children[k] = new Child();
            }
        }

        Parent cycles(final int n)
        {
            cycles = n;
            sum = 0;
            return this;
        }

        @Override
        protected int resume(final Scheduler s)
        {
            while (true)
            {
                switch (pc)
                {
                    case 0: // spawn a batch
                        if (0 == cycles)
                        {
                            return s.done(sum);
                        }
                        cycles--;
                        for (int k = 0; k < CHILDREN; k++)
                        {
                            handles[k] = s.spawn(children[k]);
                        }
                        parkerHandle = s.spawn(parker);
                        i = 0;
                        pc = 1;
                        continue;
                    case 1: // join them in order
                        if (i == CHILDREN)
                        {
                            // park/wake once, then cancel the parker
                            s.wake(parkerHandle);
                            s.cancel(parkerHandle);
                            s.release(parkerHandle);
                            pc = 0;
                            return s.yield();
                        }
                        pc = 2;
                        return s.join(handles[i]);
                    default:
                        sum += s.value();
                        i++;
                        pc = 1;
                        continue;
                }
            }
        }
    }

    @Test
    void oneMillionSchedulerOperationsAllocateZeroBytes()
    {
        AllocationMeter.requireAllocationFlags();
        final VirtualClock clock = new VirtualClock();
        final Scheduler s = new Scheduler(16, clock, new RecordingConsole());
        final Parent parent = new Parent();

        // Warm up (class loading, JIT) with the same objects.
        s.spawn(parent.cycles(20_000));
        s.run();

        final long switchesBefore = s.contextSwitchCount();
        final long spawnedBefore = s.spawnedCount();
        final long before = AllocationMeter.allocatedBytes();
        final int h = s.spawn(parent.cycles(50_000));
        final int result = s.run();
        final long allocated = AllocationMeter.allocatedBytes() - before;

        assertEquals(Scheduler.RUN_IDLE, result);
        assertEquals(50_000L * CHILDREN * 7, s.valueOf(h));
        // Per cycle: 5 spawns, 4 children x 3 resumes, 1 parker resume, 5 parent resumes,
        // 4 joins, 4 sleeps, 4 yields, 1 wake, 1 cancel, 1 release, 4 completions.
        final long switches = s.contextSwitchCount() - switchesBefore;
        final long operations = (s.spawnedCount() - spawnedBefore) + switches + 50_000L * (4 + 4 + 4 + 3 + 4);
        assertEquals(true, operations >= 1_000_000, "operations=" + operations);
        assertEquals(0, allocated, "bytes allocated by " + operations + " scheduler operations");
    }
}
