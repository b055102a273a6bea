package dev.fireball.host.example;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fireball.config.Boards;
import dev.fireball.kernel.Channel;
import dev.fireball.kernel.Kernel;
import dev.fireball.kernel.Scheduler;
import dev.fireball.kernel.VirtualClock;
import org.junit.jupiter.api.Test;

/** The README's looping state machine works both ways: inline when an operation completes at once, and across waits. */
class DoublerTest
{
    @Test
    void doublesEveryValueUntilItsInputCloses()
    {
        final Kernel k = Kernel.boot(Boards.byName("host"), new VirtualClock(), new FixedConsole());
        final Channel in = k.channel(4, 0);
        final Channel out = k.channel(4, 0);
        final int h = k.scheduler.spawn(new Doubler(in, out));
        k.seal();
        // Three values waiting before it runs: receives complete at once, so they go on inline
        // until the output ring (capacity 4) has them all.
        in.trySend(1);
        in.trySend(2);
        in.trySend(3);
        assertEquals(true, k.scheduler.step(), "one resume");
        assertEquals(0, in.size(), "three values handled in one resume");
        assertEquals(3, out.size());
        assertEquals(Scheduler.WAITING, k.scheduler.stateOf(h), "then it waits for more input");
        // More than the output holds: the doubler waits on the full ring, then goes on.
        for (int v = 4; v <= 6; v++)
        {
            in.trySend(v);
        }
        in.close();
        long sum = 0;
        int got = 0;
        while (Scheduler.DONE != k.scheduler.stateOf(h) || out.size() > 0)
        {
            k.scheduler.step();
            while (0 == out.tryReceive())
            {
                sum += out.lastReceived();
                got++;
            }
        }
        assertEquals(6, got);
        assertEquals(2 * (1 + 2 + 3 + 4 + 5 + 6), sum);
        assertEquals(Scheduler.COMPLETED, k.scheduler.outcomeOf(h), "ends when its input is closed and drained");
    }
}
