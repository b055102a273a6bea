package dev.fireball.host.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fireball.config.Boards;
import dev.fireball.kernel.Channel;
import dev.fireball.kernel.Console;
import dev.fireball.kernel.Kernel;
import dev.fireball.kernel.Scheduler;
import dev.fireball.kernel.VirtualClock;
import org.junit.jupiter.api.Test;

/** The two receive loops of docs/kernel-communication.md's "Conventions" do what the doc says. */
class ReceiveConventionsTest
{
    private static final Console QUIET = (buf, off, len) -> { };

    @Test
    void aTimedReceiveReadsAValueATimeoutOrClosedAfterItsResume()
    {
        final VirtualClock clock = new VirtualClock();
        final Kernel k = Kernel.boot(Boards.byName("host"), clock, QUIET);
        final Channel ch = k.channel(4, 0);
        final TimedReceiver r = new TimedReceiver(ch);
        final int h = k.scheduler.spawn(r);
        k.seal();

        // Values already there: each receive completes at once, and the scheduler resumes the same
        // coroutine at its new pc within one step (no context switch to anyone else).
        ch.trySend(1);
        ch.trySend(2);
        ch.trySend(3);
        assertTrue(k.scheduler.step());
        assertEquals(3, r.used);
        assertEquals(6, r.sum);
        assertEquals(Scheduler.WAITING, k.scheduler.stateOf(h));

        // Nothing comes: -ETIMEDOUT after 100 ticks, at 100 and 200.
        assertEquals(Scheduler.RUN_TIME_LIMIT, k.scheduler.runUntil(250));
        assertEquals(2, r.timeouts);

        // A value while it waits wakes it; a close ends it with Channel.CLOSED once drained.
        ch.trySend(4);
        assertEquals(Scheduler.RUN_TIME_LIMIT, k.scheduler.runUntil(260));
        assertEquals(4, r.used);
        assertEquals(10, r.sum);
        ch.trySend(5);
        ch.close();
        assertEquals(Scheduler.RUN_IDLE, k.scheduler.run());
        assertEquals(Scheduler.COMPLETED, k.scheduler.outcomeOf(h));
        assertEquals(5, k.scheduler.valueOf(h), "values used");
        assertEquals(2, r.timeouts);
        assertEquals(260, clock.now(), "the close ended the wait before its deadline at 360");
    }

    @Test
    void aReceiveThatCompletesAtOnceGoesOnInTheSameResume()
    {
        final Kernel k = Kernel.boot(Boards.byName("host"), new VirtualClock(), QUIET);
        final Channel ch = k.channel(4, 0);
        ch.trySend(1);
        ch.trySend(2);
        ch.trySend(3);
        ch.close();
        final InlineReceiver r = new InlineReceiver(ch);
        final int h = k.scheduler.spawn(r);
        k.seal();

        assertTrue(k.scheduler.step());
        assertEquals(1, r.resumes, "three values and the close, all in one resume");
        assertEquals(Scheduler.DONE, k.scheduler.stateOf(h));
        assertEquals(6, k.scheduler.valueOf(h));
    }

    @Test
    void aReceiveThatMustWaitReturnsItsDirective()
    {
        final Kernel k = Kernel.boot(Boards.byName("host"), new VirtualClock(), QUIET);
        final Channel ch = k.channel(4, 0);
        final InlineReceiver r = new InlineReceiver(ch);
        final int h = k.scheduler.spawn(r);
        k.seal();

        assertTrue(k.scheduler.step());
        assertEquals(Scheduler.WAITING, k.scheduler.stateOf(h), "nothing to receive: it returned the directive");
        ch.trySend(5);
        assertTrue(k.scheduler.step());
        assertEquals(2, r.resumes, "resumed at GOT with the value");
        assertEquals(5, r.sum);
        assertEquals(Scheduler.WAITING, k.scheduler.stateOf(h));
        ch.close();
        assertEquals(Scheduler.RUN_IDLE, k.scheduler.run());
        assertEquals(5, k.scheduler.valueOf(h));
    }
}
