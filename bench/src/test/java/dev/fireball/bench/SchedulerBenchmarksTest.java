package dev.fireball.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The scheduler benchmarks measure what their javadoc says one operation is, on both sides: a
 * benchmark whose Fireball side and baseline drift apart (a fault, a lost wake-up, a coroutine
 * that stops running) would still print a number, so these check the work done per invocation.
 */
class SchedulerBenchmarksTest
{
    @Test
    void yieldInvocationMakesOneContextSwitchPerOperationRoundRobin()
    {
        for (final int n : new int[] {2, 100})
        {
            final SchedulerYieldBenchmark b = new SchedulerYieldBenchmark();
            b.coroutines = n;
            b.spawn();
            b.fireballYield();
            b.baselineYield();
            assertEquals(SchedulerYieldBenchmark.SWITCHES, b.scheduler.contextSwitchCount());
            long fireball = 0;
            long baseline = 0;
            for (int i = 0; i < n; i++)
            {
                fireball += b.yielders[i].resumes;
                baseline += b.minimalYielders[i].resumes;
                // Round-robin: the first SWITCHES % n coroutines ran once more than the rest.
                final long expected = SchedulerYieldBenchmark.SWITCHES / n + (i < SchedulerYieldBenchmark.SWITCHES % n ? 1 : 0);
                assertEquals(expected, b.yielders[i].resumes, "Fireball coroutine " + i + " of " + n);
                assertEquals(expected, b.minimalYielders[i].resumes, "baseline coroutine " + i + " of " + n);
            }
            assertEquals(SchedulerYieldBenchmark.SWITCHES, fireball);
            assertEquals(SchedulerYieldBenchmark.SWITCHES, baseline);
            assertEquals(n, b.scheduler.readyCount());
        }
    }

    @Test
    void spawnJoinInvocationRunsOneFullChildLifePerOperation()
    {
        final SchedulerSpawnJoinBenchmark b = new SchedulerSpawnJoinBenchmark();
        b.spawnParents();
        b.fireballSpawnJoin();
        b.baselineSpawnJoin();
        final int cycles = SchedulerSpawnJoinBenchmark.CYCLES;
        assertEquals(cycles, b.parent.cycles);
        assertEquals(cycles * SchedulerSpawnJoinBenchmark.CHILD_VALUE, b.parent.sum);
        assertEquals(cycles, b.scheduler.completedCount());
        // The parent, the first child at set-up, and one child per cycle.
        assertEquals(2 + cycles, b.scheduler.spawnedCount());
        assertEquals(0, b.scheduler.failedCount());
        assertEquals(2, b.scheduler.liveCount(), "parent waiting, next child ready");
        assertEquals(cycles, b.minimalParent.cycles);
        assertEquals(cycles * SchedulerSpawnJoinBenchmark.CHILD_VALUE, b.minimalParent.sum);
        b.scheduler.checkInvariants();
    }

    @Test
    void timerInvocationFiresOneTimerPerTickWithTheHeapFull()
    {
        final SchedulerTimerBenchmark b = new SchedulerTimerBenchmark();
        b.fallAsleep();
        final int fires = SchedulerTimerBenchmark.FIRES;
        b.fireballSleepWake();
        b.baselineSleepWake();
        assertEquals(fires, b.clock.now());
        assertEquals(fires, b.baseline.now());
        assertEquals(SchedulerTimerBenchmark.SLEEPERS + fires, b.scheduler.contextSwitchCount());
        assertEquals(SchedulerTimerBenchmark.SLEEPERS, b.scheduler.armedTimerCount());
        assertEquals(SchedulerTimerBenchmark.SLEEPERS, b.baseline.armedTimerCount());
        long total = 0;
        for (int i = 0; i < SchedulerTimerBenchmark.SLEEPERS; i++)
        {
            // Both sides woke the same sleepers: those whose first deadline has passed.
            final long expected = b.sleepers[i].firstTicks <= fires ? 1 : 0;
            assertEquals(expected, b.sleepers[i].fires, "Fireball sleeper " + i);
            assertEquals(expected, b.minimalSleepers[i].fires, "baseline sleeper " + i);
            total += b.sleepers[i].fires;
        }
        assertEquals(fires, total);
        b.scheduler.checkInvariants();
    }

    @Test
    void timerHeapsFireTheSameDeadlinesInOrder()
    {
        final SchedulerTimerBenchmark b = new SchedulerTimerBenchmark();
        b.fallAsleep();
        final int fires = SchedulerTimerBenchmark.FIRES;
        for (int round = 1; round <= 3; round++)
        {
            // One deadline per tick, so the last one fired in round r is r * FIRES.
            assertEquals((long) round * fires, b.timerQueuePopRearm());
            assertEquals((long) round * fires, b.packedHeapPopRearm());
            assertEquals((long) round * fires, b.priorityQueuePopRearm());
        }
        assertEquals(SchedulerTimerBenchmark.SLEEPERS, b.timerQueue.size());
        assertEquals(SchedulerTimerBenchmark.SLEEPERS, b.packedHeap.size());
        assertEquals(SchedulerTimerBenchmark.SLEEPERS, b.priorityQueue.size());
    }

    @Test
    void firstDeadlinesAreDistinctAndCoverOneToSleepers()
    {
        final long[] d = SchedulerTimerBenchmark.firstDeadlines();
        final boolean[] seen = new boolean[SchedulerTimerBenchmark.SLEEPERS + 1];
        for (final long t : d)
        {
            assertTrue(t >= 1 && t <= SchedulerTimerBenchmark.SLEEPERS && !seen[(int) t], "deadline " + t);
            seen[(int) t] = true;
        }
    }
}
