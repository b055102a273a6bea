package dev.fireball.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fireball.kernel.support.Rig;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Select: exactly one arm completes, the losers are untouched, ready arms are chosen fairly. */
class SelectTest
{
    private final Rig rig = new Rig(16, 4);
    private final Scheduler s = rig.s;
    private final Select sel = rig.select;

    @AfterEach
    void invariantsHold()
    {
        rig.checkInvariants();
    }

    /** Selects once over receive arms on {@code chs}, logs "arm=value outcome at tick", done. */
    private int selectOnce(final String name, final long timeout, final Channel... chs)
    {
        return rig.spawn(name, (sch, me) ->
        {
            if (me.pc() == 0)
            {
                me.pc(1);
                sel.begin();
                for (final Channel ch : chs)
                {
                    sel.receive(ch);
                }
                return sel.await(timeout);
            }
            me.log(name + " arm " + sch.status() + " value " + sch.value() + " outcome " + sel.outcome() + " at "
                + sch.now());
            return sch.done(sch.status());
        });
    }

    @Test
    void aSelectAwaitedAfterAnotherDirectiveTakesNothing()
    {
        // The coroutine faults for the second directive; the ready arm's value must stay for others.
        final Channel a = rig.channel(2);
        assertEquals(0, a.trySend(5));
        rig.spawn("twice", (sch, me) ->
        {
            sch.yield();
            sel.begin();
            sel.receive(a);
            return sel.await(Scheduler.FOREVER);
        });
        rig.drain();
        assertEquals(1, s.failedCount(), "the second directive faults the coroutine");
        assertEquals(1, a.size(), "the faulting select took the value");
    }

    @Test
    void aReadyArmCompletesAtOnce()
    {
        final Channel a = rig.channel(2);
        final Channel b = rig.channel(2);
        b.trySend(8);
        selectOnce("x", Scheduler.FOREVER, a, b);
        rig.drain();
        assertEquals(List.of("x arm 1 value 8 outcome 0 at 0"), rig.trace);
        assertEquals(1, s.contextSwitchCount());
    }

    @Test
    void aWaitingSelectCompletesWithTheFirstArmThatBecomesReady()
    {
        final Channel a = rig.channel(2);
        final Channel b = rig.channel(2);
        final Channel c = rig.channel(2);
        selectOnce("x", Scheduler.FOREVER, a, b, c);
        rig.drain();
        assertEquals(1, a.waitingReceivers());
        assertEquals(1, c.waitingReceivers());
        rig.clock.advance(4);
        assertEquals(0, c.trySend(33));
        assertEquals(0, a.waitingReceivers(), "the select left every channel when its arm completed");
        assertEquals(0, b.waitingReceivers());
        rig.drain();
        assertEquals(List.of("x arm 2 value 33 outcome 0 at 4"), rig.trace);
    }

    @Test
    void losingArmsAreNotConsumedWhenSeveralBecomeReadyInOneTurn()
    {
        final Channel a = rig.channel(4);
        final Channel b = rig.channel(4);
        selectOnce("x", Scheduler.FOREVER, a, b);
        rig.drain();
        // A bottom half sends to both before the selector runs again.
        assertEquals(0, b.trySend(2));
        assertEquals(0, a.trySend(1));
        rig.drain();
        assertEquals(List.of("x arm 1 value 2 outcome 0 at 0"), rig.trace);
        assertEquals(1, a.size(), "the losing arm's value is still in its channel");
        assertEquals(0, a.tryReceive());
        assertEquals(1, a.lastReceived());
    }

    @Test
    void losingRendezvousArmsLeaveTheirSendersWaiting()
    {
        final Channel a = rig.channel(0);
        final Channel b = rig.channel(0);
        selectOnce("x", Scheduler.FOREVER, a, b);
        rig.drain();
        assertEquals(0, a.trySend(10));
        // b has no receiver any more: a rendezvous send there cannot complete.
        assertEquals(-Errno.EAGAIN, b.trySend(20));
        rig.drain();
        assertEquals(List.of("x arm 0 value 10 outcome 0 at 0"), rig.trace);
    }

    @Test
    void aSelectTimesOutInVirtualTimeAndNeverConsumesAfterwards()
    {
        final Channel a = rig.channel(0);
        final Channel b = rig.channel(2);
        selectOnce("x", 30, a, b);
        assertEquals(Scheduler.RUN_IDLE, rig.runChecked());
        assertEquals(List.of("x arm -" + Errno.ETIMEDOUT + " value 0 outcome 0 at 30"), rig.trace);
        assertEquals(-Errno.EAGAIN, a.trySend(1));
        assertEquals(0, b.trySend(2));
        assertEquals(1, b.size());
    }

    @Test
    void aTimeoutAfterAClosedArmDoesNotReportTheOldOutcome()
    {
        final Channel closed = rig.channel(0);
        final Channel quiet = rig.channel(0);
        closed.close();
        rig.spawn("x", (sch, me) ->
        {
            switch (me.pc())
            {
                case 0:
                    me.pc(1);
                    sel.begin();
                    sel.receive(closed);
                    return sel.await(Scheduler.FOREVER);
                case 1:
                    me.log("first arm " + sch.status() + " outcome " + sel.outcome());
                    me.pc(2);
                    sel.begin();
                    sel.receive(quiet);
                    return sel.await(5);
                default:
                    me.log("then " + Errno.name(sch.status()) + " outcome " + sel.outcome());
                    return sch.done(0);
            }
        });
        assertEquals(Scheduler.RUN_IDLE, rig.runChecked());
        assertEquals(List.of("first arm 0 outcome -" + Errno.EPIPE, "then ETIMEDOUT outcome 0"), rig.trace);
    }

    @Test
    void noWaitIsTheDefaultArm()
    {
        final Channel a = rig.channel(0);
        selectOnce("x", Scheduler.NO_WAIT, a);
        rig.drain();
        assertEquals(List.of("x arm -" + Errno.ETIMEDOUT + " value 0 outcome 0 at 0"), rig.trace);
        assertEquals(0, a.waitingReceivers());
    }

    @Test
    void aClosedChannelMakesItsArmReadyWithOutcomeClosed()
    {
        final Channel a = rig.channel(0);
        final Channel b = rig.channel(0);
        selectOnce("x", Scheduler.FOREVER, a, b);
        rig.drain();
        b.close();
        rig.drain();
        assertEquals(List.of("x arm 1 value 0 outcome -" + Errno.EPIPE + " at 0"), rig.trace);
    }

    @Test
    void sendArmsHandTheirValueToAReceiver()
    {
        final Channel a = rig.channel(0);
        final Channel b = rig.channel(0);
        rig.spawn("sender", (sch, me) ->
        {
            if (me.pc() == 0)
            {
                me.pc(1);
                sel.begin();
                sel.send(a, 1);
                sel.send(b, 2);
                return sel.await(Scheduler.FOREVER);
            }
            me.log("sender arm " + sch.status());
            return sch.done(0);
        });
        rig.drain();
        assertEquals(1, b.waitingSenders());
        assertEquals(0, b.tryReceive());
        assertEquals(2, b.lastReceived());
        assertEquals(-Errno.EAGAIN, a.tryReceive(), "the other send arm was withdrawn");
        rig.drain();
        assertEquals(List.of("sender arm 1"), rig.trace);
    }

    /** Receives once from {@code ch} with a plain blocking receive, logs "name value v", done. */
    private int receiveOnce(final String name, final Channel ch)
    {
        return rig.spawn(name, (sch, me) ->
        {
            if (me.pc() == 0)
            {
                me.pc(1);
                return ch.receive(Scheduler.FOREVER);
            }
            me.log(name + " value " + sch.value());
            return sch.done(0);
        });
    }

    /** Plain waiters sit in the channel's wait queue, selects in its node list: one arrival order serves both. */
    @Test
    void plainReceiversAndSelectsAreServedInArrivalOrder()
    {
        final Channel ch = rig.channel(0);
        final Channel never = rig.channel(0);
        receiveOnce("p1", ch);
        selectOnce("x1", Scheduler.FOREVER, never, ch);
        receiveOnce("p2", ch);
        selectOnce("x2", Scheduler.FOREVER, ch);
        rig.drain();
        assertEquals(4, ch.waitingReceivers());
        for (int v = 1; v <= 4; v++)
        {
            assertEquals(0, ch.trySend(v));
            rig.checkInvariants();
        }
        rig.drain();
        assertEquals(List.of("p1 value 1", "x1 arm 1 value 2 outcome 0 at 0", "p2 value 3",
            "x2 arm 0 value 4 outcome 0 at 0"), rig.trace);
    }

    /**
     * Every wait on a channel takes a ticket, also the arms of selects that time out or win
     * elsewhere, so a coroutine that selects over a busy channel and a quiet one spends a ticket of
     * the quiet one per select. A plain receiver waiting there meanwhile must keep its turn after
     * 2^31 such arrivals: int tickets compared by wrapping difference made the newest select look
     * older than it (found in review; tickets are longs now). (2^31 timed-out selects leave nothing
     * but the counter, so the test runs three of them and fast-forwards the counter past 2^32.)
     */
    @Test
    void aPlainReceiverKeepsItsTurnAfterTwoToTheThirtyOneLaterArrivals()
    {
        final Channel ch = rig.channel(0);
        receiveOnce("p", ch);
        rig.drain();
        final long pTicket = ch.arrivals - 1;
        for (int i = 0; i < 3; i++)
        {
            selectOnce("t" + i, 1, ch);
            rig.runChecked();
        }
        assertEquals(pTicket + 4, ch.arrivals, "each timed-out select took a ticket");
        ch.arrivals = pTicket + (1L << 31) + (1L << 32); // an int ticket would have wrapped by now
        selectOnce("x", Scheduler.FOREVER, ch);
        rig.drain();
        assertEquals(2, ch.waitingReceivers());
        rig.trace.clear();
        assertEquals(0, ch.trySend(1));
        assertEquals(0, ch.trySend(2));
        rig.drain();
        assertEquals(List.of("p value 1", "x arm 0 value 2 outcome 0 at 3"), rig.trace,
            "p arrived first, so it is served first");
    }

    @Test
    void plainSendersAndSelectsAreServedInArrivalOrder()
    {
        final Channel ch = rig.channel(1);
        assertEquals(0, ch.trySend(0)); // full: every sender below waits
        for (int i = 1; i <= 4; i++)
        {
            final int v = i;
            final String name = "s" + i;
            rig.spawn(name, (sch, me) ->
            {
                if (me.pc() == 0)
                {
                    me.pc(1);
                    if (0 == v % 2)
                    {
                        sel.begin();
                        sel.send(ch, v);
                        return sel.await(Scheduler.FOREVER);
                    }
                    return ch.send(v, Scheduler.FOREVER);
                }
                me.log(name + " status " + sch.status());
                return sch.done(0);
            });
        }
        rig.drain();
        assertEquals(4, ch.waitingSenders());
        final StringBuilder got = new StringBuilder();
        for (int i = 0; i <= 4; i++)
        {
            assertEquals(0, ch.tryReceive());
            got.append(ch.lastReceived());
            rig.checkInvariants();
        }
        assertEquals("01234", got.toString(), "the ring first, then the senders in arrival order, plain or select");
        rig.drain();
        assertEquals(List.of("s1 status 0", "s2 status 0", "s3 status 0", "s4 status 0"), rig.trace);
    }

    @Test
    void twoSelectsMeetOnARendezvousChannel()
    {
        final Channel ch = rig.channel(0);
        final Channel unread = rig.channel(0);
        final Channel unwritten = rig.channel(0);
        selectOnce("receiver", Scheduler.FOREVER, unwritten, ch);
        rig.spawn("sender", (sch, me) ->
        {
            if (me.pc() == 0)
            {
                me.pc(1);
                sel.begin();
                sel.send(unread, 0);
                sel.send(ch, 77);
                return sel.await(Scheduler.FOREVER);
            }
            me.log("sender arm " + sch.status());
            return sch.done(0);
        });
        assertEquals(Scheduler.RUN_IDLE, rig.runChecked());
        assertEquals(List.of("sender arm 1", "receiver arm 1 value 77 outcome 0 at 0"), rig.trace);
    }

    @Test
    void messageArmsCopyIntoTheirBuffers()
    {
        final Channel m = rig.channel(0, 4);
        final Channel v = rig.channel(0);
        final byte[] buf = new byte[4];
        rig.spawn("x", (sch, me) ->
        {
            if (me.pc() == 0)
            {
                me.pc(1);
                sel.begin();
                sel.receive(v);
                sel.receive(m, buf, 0);
                return sel.await(Scheduler.FOREVER);
            }
            me.log("arm " + sch.status() + " len " + sch.value() + " first " + buf[0]);
            return sch.done(0);
        });
        rig.drain();
        assertEquals(0, m.trySend(new byte[] {42, 43}, 0, 2));
        rig.drain();
        assertEquals(List.of("arm 1 len 2 first 42"), rig.trace);
    }

    /** Selects forever over receive arms and counts which arm won; channels refilled by the test. */
    private static final class Counter
    {
        final int[] wins;

        Counter(final int arms)
        {
            wins = new int[arms];
        }
    }

    private Counter countSelections(final int rounds, final Channel[] chs)
    {
        final Counter counter = new Counter(chs.length);
        rig.spawn("selector", (sch, me) ->
        {
            if (me.pc() > 0)
            {
                counter.wins[sch.status()]++;
                if (me.pc() == rounds)
                {
                    return sch.done(0);
                }
            }
            me.pc(me.pc() + 1);
            sel.begin();
            for (final Channel ch : chs)
            {
                sel.receive(ch);
            }
            return sel.await(Scheduler.FOREVER);
        });
        return counter;
    }

    /** Go's TestSelectFairness: four channels filled beyond the trial count, so every arm is always ready. */
    @Test
    void alwaysReadyArmsAreChosenInTurnOverTenThousandRounds()
    {
        final int trials = 10_000;
        final Channel[] chs = {rig.channel(16_384), rig.channel(16_384), rig.channel(16_384), rig.channel(16_384)};
        for (int i = 0; i <= trials; i++)
        {
            for (final Channel ch : chs)
            {
                assertEquals(0, ch.trySend(i));
            }
        }
        final Counter c = countSelections(trials, chs);
        assertEquals(Scheduler.RUN_IDLE, s.run());
        for (int arm = 0; arm < 4; arm++)
        {
            final int share = c.wins[arm];
            assertTrue(Math.abs(share - trials / 4) <= trials / 40, "arm " + arm + " won " + share + " of " + trials);
            assertEquals(trials / 4, share, "round robin gives exact shares");
        }
    }

    @Test
    void readyArmsShareFairlyWhenOthersNeverAre()
    {
        final int trials = 10_000;
        final Channel[] chs = {rig.channel(16_384), rig.channel(16_384), rig.channel(16_384), rig.channel(16_384)};
        for (int i = 0; i <= trials; i++)
        {
            chs[1].trySend(i);
            chs[3].trySend(i);
        }
        final Counter c = countSelections(trials, chs);
        assertEquals(Scheduler.RUN_IDLE, s.run());
        assertEquals(0, c.wins[0]);
        assertEquals(0, c.wins[2]);
        assertEquals(trials / 2, c.wins[1]);
        assertEquals(trials / 2, c.wins[3]);
    }

    @Test
    void anArmThatBecomesReadyWinsWithinOneRoundOfTheOthers()
    {
        // Arm 0 is always ready; arm 2 becomes ready at round 100: it must win within 4 selects.
        final int trials = 200;
        final Channel[] chs = {rig.channel(256), rig.channel(256), rig.channel(256), rig.channel(256)};
        for (int i = 0; i <= trials; i++)
        {
            chs[0].trySend(i);
        }
        final int[] round = new int[1];
        final int[] firstWinOfArm2 = {-1};
        rig.spawn("selector", (sch, me) ->
        {
            if (me.pc() > 0)
            {
                if (2 == sch.status() && firstWinOfArm2[0] < 0)
                {
                    firstWinOfArm2[0] = round[0];
                }
                if (++round[0] == 100)
                {
                    chs[2].trySend(1);
                }
                if (round[0] == trials)
                {
                    return sch.done(0);
                }
            }
            me.pc(1);
            sel.begin();
            for (final Channel ch : chs)
            {
                sel.receive(ch);
            }
            return sel.await(Scheduler.FOREVER);
        });
        assertEquals(Scheduler.RUN_IDLE, s.run());
        assertTrue(firstWinOfArm2[0] >= 100 && firstWinOfArm2[0] < 104, "arm 2 first won at " + firstWinOfArm2[0]);
    }

    @Test
    void misuseFailsLoudly()
    {
        final Channel a = rig.channel(0);
        assertThrows(IllegalStateException.class, sel::begin, "outside a coroutine");
        rig.spawn("bad", (sch, me) ->
        {
            sel.begin();
            for (int i = 0; i < 5; i++)
            {
                sel.receive(a);
            }
            return sel.await(Scheduler.FOREVER);
        });
        rig.spawn("no-begin", (sch, me) -> sel.await(Scheduler.FOREVER));
        rig.drain();
        assertTrue(rig.console.text().contains("coroutine 'bad' (handle "), "names the coroutine: " + rig.console.text());
        assertTrue(rig.console.text().contains("more than maxArms=4"), rig.console.text());
        assertTrue(rig.console.text().contains("coroutine 'no-begin' (handle "), rig.console.text());
        assertTrue(rig.console.text().contains("without Select.begin()"), rig.console.text());
        assertEquals(2, s.failedCount());
        assertEquals(0, a.waitingReceivers());
    }

    /** A select is begun and awaited in one resume; a half-built one is nobody's to await later. */
    @Test
    void aHalfBuiltSelectCannotBeAwaitedInALaterResumeOrByTheSlotsNextOccupant()
    {
        final Channel a = rig.channel(0);
        rig.spawn("later", (sch, me) ->
        {
            if (me.pc() == 0)
            {
                me.pc(1);
                sel.begin();
                sel.receive(a);
                return sch.yield(); // abandons the select it was building
            }
            return sel.await(Scheduler.FOREVER);
        });
        rig.drain();
        assertTrue(rig.console.text().contains("in the same resume"), rig.console.text());
        assertEquals(1, s.failedCount());
        // A coroutine dies half-way through building; the next one in its slot must not inherit it.
        final int dies = rig.spawn("dies", (sch, me) ->
        {
            sel.begin();
            sel.receive(a);
            throw new IllegalStateException("boom while building");
        });
        rig.drain();
        final int slot = s.slotOf(dies);
        s.release(dies);
        final int heir = rig.spawn("heir", (sch, me) -> sel.await(Scheduler.FOREVER));
        assertEquals(slot, s.slotOf(heir), "the heir took the dead coroutine's slot");
        rig.drain();
        assertEquals(3, s.failedCount(), "the heir's await without begin() failed loudly");
        assertEquals(0, a.waitingReceivers(), "nobody waits on the dead coroutine's arm");
    }
}
