package dev.fireball.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * TimerQueueBenchmark does per invocation what its javadoc says: the pop-rearm shapes fire their
 * deadlines in order on both sides with the heap full, the re-arm shapes move timers and keep
 * every timer armed.
 */
class TimerQueueBenchmarkTest
{
    private static TimerQueueBenchmark armed(final int timers)
    {
        final TimerQueueBenchmark b = new TimerQueueBenchmark();
        b.timers = timers;
        b.armAll();
        return b;
    }

    @Test
    void popRearmFiresOneDeadlinePerTickOnBothSides()
    {
        for (final int timers : new int[] {64, 10_000})
        {
            final TimerQueueBenchmark b = armed(timers);
            for (int round = 1; round <= 3; round++)
            {
                // Deadlines 1..timers, re-armed timers later: the r-th invocation ends at r * OPS.
                assertEquals((long) round * TimerQueueBenchmark.OPS, b.timerQueuePopRearm());
                assertEquals((long) round * TimerQueueBenchmark.OPS, b.packedHeapPopRearm());
            }
            assertEquals(timers, b.distinctQueue.size());
            assertEquals(timers, b.distinctPacked.size());
        }
    }

    @Test
    void popRearmTiesFiresEachDeadlineOncePerTimerOfItsGroup()
    {
        for (final int timers : new int[] {64, 10_000})
        {
            final TimerQueueBenchmark b = armed(timers);
            for (int round = 1; round <= 3; round++)
            {
                // TIE_GROUP timers per deadline: the r-th invocation ends at r * OPS / TIE_GROUP.
                final long last = (long) round * TimerQueueBenchmark.OPS / TimerQueueBenchmark.TIE_GROUP;
                assertEquals(last, b.timerQueuePopRearmTies());
                assertEquals(last, b.packedHeapPopRearmTies());
            }
            assertEquals(timers, b.tiedQueue.size());
            assertEquals(timers, b.tiedPacked.size());
        }
    }

    @Test
    void rearmAndDisarmArmMoveRandomTimersAndKeepThemAllArmed()
    {
        for (final int timers : new int[] {64, 10_000})
        {
            final TimerQueueBenchmark b = armed(timers);
            b.timerQueueRearm();
            b.timerQueueDisarmArm();
            assertEquals(2 * TimerQueueBenchmark.OPS, b.next);
            assertEquals(timers, b.queue.size());
            int moved = 0;
            for (int i = 0; i < 2 * TimerQueueBenchmark.OPS; i++)
            {
                final int id = b.randomIds[i];
                assertTrue(b.queue.isArmed(id));
                if (b.queue.deadlineOf(id) == b.randomDeadlines[lastIndexOf(b.randomIds, id, 2 * TimerQueueBenchmark.OPS)])
                {
                    moved++;
                }
            }
            assertEquals(2 * TimerQueueBenchmark.OPS, moved, "every re-armed timer holds its last deadline");
        }
    }

    private static int lastIndexOf(final int[] a, final int v, final int end)
    {
        for (int i = end - 1; i >= 0; i--)
        {
            if (a[i] == v)
            {
                return i;
            }
        }
        return -1;
    }
}
