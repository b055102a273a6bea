package dev.fireball.bench;

import static dev.fireball.testkit.AllocationMeter.assertNoAllocation;

import org.junit.jupiter.api.Test;

/**
 * The scheduler benchmarks' steady state allocates nothing, checked without JMH and in a JVM with
 * {@link dev.fireball.testkit.AllocationMeter#JVM_FLAGS} (the bench POM's {@code allocation}
 * execution), so an allocation cannot hide behind scalar replacement the way it could in a
 * {@code -prof gc} run. Each benchmark method goes through {@code assertNoAllocation}'s defaults:
 * 20,000 warm-up invocations, then up to 4 windows of 2,000 invocations, one of which must read
 * exactly zero. As in the kernel's {@code ModuleHeapAllocationTest}: the JVM's one-off work
 * (resolving a class's string literals on the calling thread) can land in any window, while an
 * allocation per operation shows in every window (each is millions of operations). Baselines are
 * held to the same rule, or their ratios would mean nothing.
 */
class SchedulerBenchmarksAllocationTest
{
    @Test
    void yieldAllocatesNothing()
    {
        for (final int n : new int[] {2, 100})
        {
            final SchedulerYieldBenchmark b = new SchedulerYieldBenchmark();
            b.coroutines = n;
            b.spawn();
            assertNoAllocation("fireballYield, " + n + " coroutines", b::fireballYield);
            assertNoAllocation("baselineYield, " + n + " coroutines", b::baselineYield);
        }
    }

    @Test
    void spawnJoinAllocatesNothing()
    {
        final SchedulerSpawnJoinBenchmark b = new SchedulerSpawnJoinBenchmark();
        b.spawnParents();
        assertNoAllocation("fireballSpawnJoin", b::fireballSpawnJoin);
        assertNoAllocation("baselineSpawnJoin", b::baselineSpawnJoin);
    }

    @Test
    void timerFiresAllocateNothing()
    {
        final SchedulerTimerBenchmark b = new SchedulerTimerBenchmark();
        b.fallAsleep();
        assertNoAllocation("fireballSleepWake", b::fireballSleepWake);
        assertNoAllocation("baselineSleepWake", b::baselineSleepWake);
        assertNoAllocation("timerQueuePopRearm", b::timerQueuePopRearm);
        assertNoAllocation("packedHeapPopRearm", b::packedHeapPopRearm);
        assertNoAllocation("priorityQueuePopRearm", b::priorityQueuePopRearm);
    }

    @Test
    void timerQueueShapesAllocateNothing()
    {
        for (final int timers : new int[] {64, 10_000})
        {
            final TimerQueueBenchmark b = new TimerQueueBenchmark();
            b.timers = timers;
            b.armAll();
            assertNoAllocation("timerQueuePopRearm, " + timers, b::timerQueuePopRearm);
            assertNoAllocation("packedHeapPopRearm, " + timers, b::packedHeapPopRearm);
            assertNoAllocation("timerQueuePopRearmTies, " + timers, b::timerQueuePopRearmTies);
            assertNoAllocation("packedHeapPopRearmTies, " + timers, b::packedHeapPopRearmTies);
            assertNoAllocation("timerQueueRearm, " + timers, b::timerQueueRearm);
            assertNoAllocation("timerQueueDisarmArm, " + timers, b::timerQueueDisarmArm);
        }
    }

    @Test
    void channelPingPongsAllocateNothing()
    {
        final ChannelBenchmark b = new ChannelBenchmark();
        final ChannelBenchmark.PingPong st = new ChannelBenchmark.PingPong();
        st.capacity = 0;
        st.boot();
        assertNoAllocation("pingPong", () -> b.pingPong(st));
        assertNoAllocation("pingPongInline", () -> b.pingPongInline(st));
        assertNoAllocation("pingPongBaseline", () -> b.pingPongBaseline(st));
        assertNoAllocation("pingPongParkWake", () -> b.pingPongParkWake(st));
        final ChannelAnatomyBenchmark a = new ChannelAnatomyBenchmark();
        final ChannelAnatomyBenchmark.Pair pair = new ChannelAnatomyBenchmark.Pair();
        pair.boot();
        assertNoAllocation("pendWake", () -> a.pendWake(pair));
        assertNoAllocation("pendWakeProceed", () -> a.pendWakeProceed(pair));
        final ChannelBenchmark.Mixed mixed = new ChannelBenchmark.Mixed();
        mixed.boot();
        assertNoAllocation("pingPongMixed", () -> b.pingPongMixed(mixed));
        assertNoAllocation("pingPongMixedInline", () -> b.pingPongMixedInline(mixed));
        assertNoAllocation("pingPongMixedBaseline", () -> b.pingPongMixedBaseline(mixed));
    }

    @Test
    void streamSelectAndInterruptsAllocateNothing()
    {
        final ChannelBenchmark b = new ChannelBenchmark();
        final ChannelBenchmark.Stream stream = new ChannelBenchmark.Stream();
        stream.boot();
        assertNoAllocation("stream", () -> b.stream(stream));
        assertNoAllocation("streamInline", () -> b.streamInline(stream));
        assertNoAllocation("streamBaseline", () -> b.streamBaseline(stream));
        final ChannelBenchmark.Select4 select = new ChannelBenchmark.Select4();
        select.boot();
        assertNoAllocation("select4", () -> b.select4(select));
        final ChannelBenchmark.Interrupts irq = new ChannelBenchmark.Interrupts();
        irq.boot();
        assertNoAllocation("interruptToLineWaiter", () -> b.interruptToLineWaiter(irq));
        assertNoAllocation("interruptToEventWaiter", () -> b.interruptToEventWaiter(irq));
        assertNoAllocation("interruptBaseline", () -> b.interruptBaseline(irq));
    }
}
