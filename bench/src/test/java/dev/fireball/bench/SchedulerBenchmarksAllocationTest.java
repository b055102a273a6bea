package dev.fireball.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.management.ManagementFactory;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

/**
 * The scheduler benchmarks' steady state allocates nothing, checked without JMH and with escape
 * analysis off (the bench POM's {@code allocation} execution), so an allocation cannot hide behind
 * scalar replacement the way it could in a {@code -prof gc} run. Each benchmark method is invoked
 * until the JIT has compiled it, then in up to {@link #WINDOWS} windows of {@link #MEASURED}
 * invocations against the thread's allocated-bytes counter; one window must read exactly zero. As in
 * the kernel's {@code ModuleHeapAllocationTest}: a C2 compile request resolves the class's string
 * literals on the calling thread once, which can land in any window, while an allocation per
 * operation shows in every window (each is millions of operations). Baselines are held to the same
 * rule, or their ratios would mean nothing.
 */
class SchedulerBenchmarksAllocationTest
{
    private static final int WARM_UP = 20_000;
    private static final int MEASURED = 2_000;
    private static final int WINDOWS = 4;

    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private static long allocatedBytes()
    {
        return THREADS.getThreadAllocatedBytes(Thread.currentThread().getId());
    }

    /** Asserts that one of up to WINDOWS measured windows of {@code invocation} allocated 0 bytes. */
    private static void assertAllocatesNothing(final Runnable invocation, final String what)
    {
        for (int i = 0; i < WARM_UP; i++)
        {
            invocation.run();
        }
        final long[] windows = new long[WINDOWS];
        int measured = 0;
        long best = Long.MAX_VALUE;
        while (measured < WINDOWS && 0 != best)
        {
            final long before = allocatedBytes();
            for (int i = 0; i < MEASURED; i++)
            {
                invocation.run();
            }
            windows[measured] = allocatedBytes() - before;
            best = Math.min(best, windows[measured]);
            measured++;
        }
        assertEquals(0, best, what + ": bytes allocated per window of " + MEASURED + " invocations "
            + Arrays.toString(Arrays.copyOf(windows, measured)));
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
            assertAllocatesNothing(b::fireballYield, "fireballYield, " + n + " coroutines");
            assertAllocatesNothing(b::baselineYield, "baselineYield, " + n + " coroutines");
        }
    }

    @Test
    void spawnJoinAllocatesNothing()
    {
        requireEscapeAnalysisOff();
        final SchedulerSpawnJoinBenchmark b = new SchedulerSpawnJoinBenchmark();
        b.spawnParents();
        assertAllocatesNothing(b::fireballSpawnJoin, "fireballSpawnJoin");
        assertAllocatesNothing(b::baselineSpawnJoin, "baselineSpawnJoin");
    }

    @Test
    void timerFiresAllocateNothing()
    {
        requireEscapeAnalysisOff();
        final SchedulerTimerBenchmark b = new SchedulerTimerBenchmark();
        b.fallAsleep();
        assertAllocatesNothing(b::fireballSleepWake, "fireballSleepWake");
        assertAllocatesNothing(b::baselineSleepWake, "baselineSleepWake");
        assertAllocatesNothing(b::timerQueuePopRearm, "timerQueuePopRearm");
        assertAllocatesNothing(b::packedHeapPopRearm, "packedHeapPopRearm");
        assertAllocatesNothing(b::priorityQueuePopRearm, "priorityQueuePopRearm");
    }

    @Test
    void channelPingPongsAllocateNothing()
    {
        requireEscapeAnalysisOff();
        final ChannelBenchmark b = new ChannelBenchmark();
        final ChannelBenchmark.PingPong st = new ChannelBenchmark.PingPong();
        st.capacity = 0;
        st.boot();
        assertAllocatesNothing(() -> b.pingPong(st), "pingPong");
        assertAllocatesNothing(() -> b.pingPongInline(st), "pingPongInline");
        assertAllocatesNothing(() -> b.pingPongBaseline(st), "pingPongBaseline");
        assertAllocatesNothing(() -> b.pingPongParkWake(st), "pingPongParkWake");
        final ChannelAnatomyBenchmark a = new ChannelAnatomyBenchmark();
        final ChannelAnatomyBenchmark.Pair pair = new ChannelAnatomyBenchmark.Pair();
        pair.boot();
        assertAllocatesNothing(() -> a.pendWake(pair), "pendWake");
        assertAllocatesNothing(() -> a.pendWakeProceed(pair), "pendWakeProceed");
        final ChannelBenchmark.Mixed mixed = new ChannelBenchmark.Mixed();
        mixed.boot();
        assertAllocatesNothing(() -> b.pingPongMixed(mixed), "pingPongMixed");
        assertAllocatesNothing(() -> b.pingPongMixedInline(mixed), "pingPongMixedInline");
        assertAllocatesNothing(() -> b.pingPongMixedBaseline(mixed), "pingPongMixedBaseline");
    }
}
