package dev.fireball.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.management.ManagementFactory;

import org.junit.jupiter.api.Test;

/**
 * The scheduler benchmarks' steady state allocates nothing, checked without JMH and with escape
 * analysis off (the bench POM's {@code allocation} execution), so an allocation cannot hide behind
 * scalar replacement the way it could in a {@code -prof gc} run. Each benchmark method is invoked
 * until the JIT has compiled it, then {@link #MEASURED} more times against the thread's
 * allocated-bytes counter. Baselines are held to the same rule, or their ratios would mean nothing.
 */
class SchedulerBenchmarksAllocationTest
{
    private static final int WARM_UP = 20_000;
    private static final int MEASURED = 2_000;

    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private static long allocatedBytes()
    {
        return THREADS.getThreadAllocatedBytes(Thread.currentThread().getId());
    }

    private static long allocatedBy(final Runnable invocation)
    {
        for (int i = 0; i < WARM_UP; i++)
        {
            invocation.run();
        }
        final long before = allocatedBytes();
        for (int i = 0; i < MEASURED; i++)
        {
            invocation.run();
        }
        return allocatedBytes() - before;
    }

    private static void requireEscapeAnalysisOff()
    {
        if (!ManagementFactory.getRuntimeMXBean().getInputArguments().contains("-XX:-DoEscapeAnalysis"))
        {
            throw new AssertionError("allocation tests must run with -XX:-DoEscapeAnalysis (mvn verify does)");
        }
    }

    @Test
    void yieldAllocatesNothing()
    {
        requireEscapeAnalysisOff();
        for (final int n : new int[] {2, 100})
        {
            final SchedulerYieldBenchmark b = new SchedulerYieldBenchmark();
            b.coroutines = n;
            b.spawn();
            assertEquals(0, allocatedBy(b::fireballYield), "fireballYield, " + n + " coroutines");
            assertEquals(0, allocatedBy(b::baselineYield), "baselineYield, " + n + " coroutines");
        }
    }

    @Test
    void spawnJoinAllocatesNothing()
    {
        requireEscapeAnalysisOff();
        final SchedulerSpawnJoinBenchmark b = new SchedulerSpawnJoinBenchmark();
        b.spawnParents();
        assertEquals(0, allocatedBy(b::fireballSpawnJoin), "fireballSpawnJoin");
        assertEquals(0, allocatedBy(b::baselineSpawnJoin), "baselineSpawnJoin");
    }

    @Test
    void timerFiresAllocateNothing()
    {
        requireEscapeAnalysisOff();
        final SchedulerTimerBenchmark b = new SchedulerTimerBenchmark();
        b.fallAsleep();
        assertEquals(0, allocatedBy(b::fireballSleepWake), "fireballSleepWake");
        assertEquals(0, allocatedBy(b::baselineSleepWake), "baselineSleepWake");
        assertEquals(0, allocatedBy(b::timerQueuePopRearm), "timerQueuePopRearm");
        assertEquals(0, allocatedBy(b::packedHeapPopRearm), "packedHeapPopRearm");
        assertEquals(0, allocatedBy(b::priorityQueuePopRearm), "priorityQueuePopRearm");
    }
}
