package dev.fireball.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fireball.kernel.support.Rig;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Channel behaviours, one per test; invariants of scheduler, selectors and channels after every step. */
class ChannelTest
{
    private final Rig rig = new Rig();
    private final Scheduler s = rig.s;

    @AfterEach
    void invariantsHold()
    {
        rig.checkInvariants();
    }

    // ---- try-operations -----------------------------------------------------------------------

    @Test
    void bufferedChannelDeliversInFifoOrderAndReportsFullAndEmpty()
    {
        final Channel ch = rig.channel(4);
        for (int i = 1; i <= 4; i++)
        {
            assertEquals(0, ch.trySend(i * 10));
        }
        assertEquals(-Errno.EAGAIN, ch.trySend(50));
        assertEquals(4, ch.size());
        for (int i = 1; i <= 4; i++)
        {
            assertEquals(0, ch.tryReceive());
            assertEquals(i * 10, ch.lastReceived());
        }
        assertEquals(-Errno.EAGAIN, ch.tryReceive());
        assertEquals(4, ch.maxDepth());
        assertEquals(4, ch.sentCount());
    }

    @Test
    void rendezvousTrySendFailsWhenNoReceiverWaits()
    {
        final Channel ch = rig.channel(0);
        assertEquals(-Errno.EAGAIN, ch.trySend(1));
        assertEquals(-Errno.EAGAIN, ch.tryReceive());
    }

    @Test
    void longValuesKeepAllSixtyFourBits()
    {
        final Channel ch = rig.channel(2);
        assertEquals(0, ch.trySend(Long.MIN_VALUE + 7));
        assertEquals(0, ch.tryReceive());
        assertEquals(Long.MIN_VALUE + 7, ch.lastReceived());
    }

    // ---- blocking ----------------------------------------------------------------------------

    @Test
    void receiverWaitsUntilASenderArrivesAndGetsTheValue()
    {
        final Channel ch = rig.channel(4);
        final int r = rig.spawn("receiver", (sch, me) ->
        {
            if (me.pc() == 0)
            {
                me.pc(1);
                return ch.receive(Scheduler.FOREVER);
            }
            me.log("got " + sch.value() + " status " + sch.status() + " at " + sch.now());
            return sch.done(sch.value());
        });
        rig.drain();
        assertEquals(Scheduler.WAITING, s.stateOf(r));
        assertEquals(1, ch.waitingReceivers());
        rig.clock.advance(5);
        assertEquals(0, ch.trySend(99)); // from kernel context, as a bottom half would
        assertEquals(0, ch.size(), "handed to the waiting receiver, not queued");
        assertEquals(1, ch.handOffCount());
        assertEquals(Scheduler.RUN_IDLE, rig.runChecked());
        assertEquals(List.of("got 99 status 0 at 5"), rig.trace);
        assertEquals(99, s.valueOf(r));
    }

    @Test
    void rendezvousSenderWaitsUntilAReceiverTakesTheValue()
    {
        final Channel ch = rig.channel(0);
        rig.spawn("sender", (sch, me) ->
        {
            if (me.pc() == 0)
            {
                me.pc(1);
                return ch.send(7, Scheduler.FOREVER);
            }
            me.log("sent status " + sch.status() + " at " + sch.now());
            return sch.done(0);
        });
        rig.spawn("receiver", (sch, me) ->
        {
            switch (me.pc())
            {
                case 0:
                    me.pc(1);
                    return sch.sleep(3);
                case 1:
                    me.pc(2);
                    return ch.receive(Scheduler.FOREVER);
                default:
                    me.log("received " + sch.value() + " at " + sch.now());
                    return sch.done(0);
            }
        });
        assertEquals(Scheduler.RUN_IDLE, rig.runChecked());
        assertEquals(List.of("received 7 at 3", "sent status 0 at 3"), rig.trace);
    }

    @Test
    void aBlockedSendersValueMovesIntoTheRingWhenAReceiverTakesSoOrderIsFifo()
    {
        final Channel ch = rig.channel(2);
        assertEquals(0, ch.trySend(1));
        assertEquals(0, ch.trySend(2));
        for (int v = 3; v <= 5; v++)
        {
            final int value = v;
            rig.spawn("sender" + v, (sch, me) ->
            {
                if (me.pc() == 0)
                {
                    me.pc(1);
                    return ch.send(value, Scheduler.FOREVER);
                }
                me.log("sender" + value + " done");
                return sch.done(0);
            });
        }
        rig.drain();
        assertEquals(3, ch.waitingSenders());
        final List<Long> got = new ArrayList<>();
        while (got.size() < 5)
        {
            if (0 == ch.tryReceive())
            {
                got.add(ch.lastReceived());
            }
            rig.drain();
        }
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), got);
        assertEquals(List.of("sender3 done", "sender4 done", "sender5 done"), rig.trace);
    }

    @Test
    void manyReceiversAreServedInArrivalOrder()
    {
        final Channel ch = rig.channel(0);
        for (int i = 0; i < 4; i++)
        {
            final String name = "r" + i;
            rig.spawn(name, (sch, me) ->
            {
                if (me.pc() == 0)
                {
                    me.pc(1);
                    return ch.receive(Scheduler.FOREVER);
                }
                me.log(name + "=" + sch.value());
                return sch.done(0);
            });
        }
        rig.drain();
        for (int v = 100; v < 104; v++)
        {
            assertEquals(0, ch.trySend(v));
        }
        rig.drain();
        assertEquals(List.of("r0=100", "r1=101", "r2=102", "r3=103"), rig.trace);
    }

    @Test
    void anOperationThatCompletesAtOnceContinuesWithoutAContextSwitch()
    {
        final Channel ch = rig.channel(8);
        rig.spawn("burst", (sch, me) ->
        {
            if (me.pc() < 8)
            {
                me.pc(me.pc() + 1);
                return ch.send(me.pc(), Scheduler.FOREVER);
            }
            return sch.done(0);
        });
        rig.drain();
        assertEquals(8, ch.size());
        assertEquals(1, s.contextSwitchCount(), "eight sends that found room, one resume");
    }

    @Test
    void aCoroutineThatNeverBlocksStillYieldsAfterTheContinueBudget()
    {
        final Channel ch = rig.channel(1024);
        rig.spawn("flood", (sch, me) ->
        {
            me.pc(me.pc() + 1);
            return me.pc() <= 100 ? ch.send(me.pc(), Scheduler.FOREVER) : sch.done(0);
        });
        rig.spawn("other", (sch, me) ->
        {
            me.log("other ran after " + ch.size() + " sends");
            return sch.done(0);
        });
        rig.drain();
        assertEquals(List.of("other ran after " + Scheduler.CONTINUE_BUDGET + " sends"), rig.trace);
    }

    // ---- timeouts (virtual time) -------------------------------------------------------------

    @Test
    void receiveTimesOutAtItsDeadlineInVirtualTime()
    {
        final Channel ch = rig.channel(4);
        rig.spawn("r", (sch, me) ->
        {
            if (me.pc() == 0)
            {
                me.pc(1);
                return ch.receive(25);
            }
            me.log(Errno.name(sch.status()) + " at " + sch.now());
            return sch.done(0);
        });
        assertEquals(Scheduler.RUN_IDLE, rig.runChecked());
        assertEquals(List.of("ETIMEDOUT at 25"), rig.trace);
    }

    @Test
    void sendOnAFullChannelTimesOutAndItsValueIsNeverDelivered()
    {
        final Channel ch = rig.channel(1);
        assertEquals(0, ch.trySend(1));
        rig.spawn("w", (sch, me) ->
        {
            if (me.pc() == 0)
            {
                me.pc(1);
                return ch.send(2, 10);
            }
            me.log(Errno.name(sch.status()) + " at " + sch.now());
            return sch.done(0);
        });
        assertEquals(Scheduler.RUN_IDLE, rig.runChecked());
        assertEquals(List.of("ETIMEDOUT at 10"), rig.trace);
        assertEquals(0, ch.tryReceive());
        assertEquals(1, ch.lastReceived());
        assertEquals(-Errno.EAGAIN, ch.tryReceive(), "the timed-out sender's value did not enter the ring");
    }

    @Test
    void noWaitCompletesAtOnceWithEtimedoutWhenItCannotProceed()
    {
        final Channel ch = rig.channel(0);
        rig.spawn("r", (sch, me) ->
        {
            if (me.pc() == 0)
            {
                me.pc(1);
                return ch.receive(Scheduler.NO_WAIT);
            }
            me.log(Errno.name(sch.status()) + " at " + sch.now() + ", waiters " + ch.waitingReceivers());
            return sch.done(0);
        });
        assertEquals(Scheduler.RUN_IDLE, rig.runChecked());
        assertEquals(List.of("ETIMEDOUT at 0, waiters 0"), rig.trace);
    }

    @Test
    void aTimedOutReceiverDoesNotConsumeALaterValue()
    {
        final Channel ch = rig.channel(0);
        final int r = rig.spawn("r", (sch, me) ->
        {
            if (me.pc() == 0)
            {
                me.pc(1);
                return ch.receive(5);
            }
            me.pc(2);
            return sch.park(Scheduler.FOREVER); // stays alive, parked elsewhere
        });
        rig.runCheckedUntil(10);
        assertEquals(Scheduler.WAITING, s.stateOf(r));
        assertEquals(0, ch.waitingReceivers());
        assertEquals(-Errno.EAGAIN, ch.trySend(1), "nobody receives on a rendezvous channel any more");
        s.cancel(r);
    }

    @Test
    void aCanceledReceiverDoesNotConsumeALaterValue()
    {
        final Channel ch = rig.channel(4);
        final int r = rig.spawn("r", (sch, me) ->
        {
            me.pc(1);
            return ch.receive(Scheduler.FOREVER);
        });
        rig.drain();
        assertEquals(0, s.cancel(r));
        assertEquals(0, ch.trySend(42));
        assertEquals(1, ch.size(), "the value waits in the ring for a live receiver");
    }

    @Test
    void aSlotReusedAfterACancelDoesNotInheritTheOldWait()
    {
        final Channel a = rig.channel(0);
        final Channel b = rig.channel(0);
        final int first = rig.spawn("first", (sch, me) ->
        {
            me.pc(1);
            return a.receive(Scheduler.FOREVER);
        });
        rig.drain();
        s.cancel(first);
        s.release(first);
        rig.spawn("second", (sch, me) ->
        {
            if (me.pc() == 0)
            {
                me.pc(1);
                return b.receive(Scheduler.FOREVER);
            }
            me.log("second got " + sch.value());
            return sch.done(0);
        });
        rig.drain();
        assertEquals(-Errno.EAGAIN, a.trySend(1), "the dead receiver on a is not the new coroutine");
        assertEquals(0, b.trySend(2));
        rig.drain();
        assertEquals(List.of("second got 2"), rig.trace);
    }

    // ---- close ---------------------------------------------------------------------------------

    @Test
    void closeWakesWaitingReceiversAndSendersWithClosed()
    {
        final Channel in = rig.channel(0);
        final Channel out = rig.channel(0);
        rig.spawn("r", (sch, me) ->
        {
            if (me.pc() == 0)
            {
                me.pc(1);
                return in.receive(Scheduler.FOREVER);
            }
            me.log("receiver " + Errno.name(sch.status()));
            return sch.done(0);
        });
        rig.spawn("w", (sch, me) ->
        {
            if (me.pc() == 0)
            {
                me.pc(1);
                return out.send(5, Scheduler.FOREVER);
            }
            me.log("sender " + Errno.name(sch.status()));
            return sch.done(0);
        });
        rig.drain();
        assertEquals(0, in.close());
        assertEquals(0, out.close());
        assertEquals(-Errno.EALREADY, out.close());
        assertEquals(Scheduler.RUN_IDLE, rig.runChecked());
        assertEquals(List.of("receiver EPIPE", "sender EPIPE"), rig.trace);
        assertEquals(Channel.CLOSED, -Errno.EPIPE);
    }

    @Test
    void receiversDrainAClosedChannelThenSeeClosedAndSendsFail()
    {
        final Channel ch = rig.channel(4);
        ch.trySend(1);
        ch.trySend(2);
        ch.close();
        assertEquals(Channel.CLOSED, ch.trySend(3));
        rig.spawn("drain", (sch, me) ->
        {
            if (me.pc() > 0)
            {
                me.log(sch.status() == 0 ? "v" + sch.value() : Errno.name(sch.status()));
                if (sch.status() != 0)
                {
                    return sch.done(0);
                }
            }
            me.pc(1);
            return ch.receive(Scheduler.FOREVER);
        });
        assertEquals(Scheduler.RUN_IDLE, rig.runChecked());
        assertEquals(List.of("v1", "v2", "EPIPE"), rig.trace);
    }

    // ---- messages ------------------------------------------------------------------------------

    @Test
    void messagesAreCopiedInAndOutWithTheirLength()
    {
        final Channel ch = rig.channel(2, 8);
        final byte[] src = {9, 1, 2, 3, 4, 5, 6, 7, 8, 9};
        assertEquals(0, ch.trySend(src, 1, 3));
        assertEquals(0, ch.trySend(src, 2, 8));
        src[1] = 77; // the channel holds a copy
        final byte[] dst = new byte[12];
        assertEquals(3, ch.tryReceive(dst, 2));
        assertArrayEquals(new byte[] {0, 0, 1, 2, 3, 0, 0, 0, 0, 0, 0, 0}, dst);
        assertEquals(8, ch.tryReceive(dst, 0));
        assertArrayEquals(new byte[] {2, 3, 4, 5, 6, 7, 8, 9}, java.util.Arrays.copyOf(dst, 8));
        assertEquals(0, ch.trySend(src, 0, 0), "an empty message is a message");
        assertEquals(0, ch.tryReceive(dst, 0));
        assertEquals(-Errno.EAGAIN, ch.tryReceive(dst, 0));
    }

    @Test
    void aMessageIsCopiedStraightIntoAWaitingReceiversHeapBlock()
    {
        final ModuleHeap heap = new ModuleHeap(1, 1024);
        final int block = heap.alloc(32);
        final Channel ch = rig.channel(0, 16);
        rig.spawn("r", (sch, me) ->
        {
            if (me.pc() == 0)
            {
                me.pc(1);
                return ch.receive(heap, block, 4, Scheduler.FOREVER);
            }
            me.log("len " + sch.value() + " first " + heap.getByte(block, 4) + " last " + heap.getByte(block, 8));
            return sch.done(0);
        });
        rig.drain();
        final int src = heap.alloc(16);
        for (int i = 0; i < 5; i++)
        {
            heap.putByte(src, i, (byte) (i + 1));
        }
        assertEquals(0, ch.trySend(heap.array(), heap.arrayOffset(src, 0, 5), 5));
        rig.drain();
        assertEquals(List.of("len 5 first 1 last 5"), rig.trace);
    }

    @Test
    void aBlockedMessageSenderIsReadWhenItsTurnComes()
    {
        final Channel ch = rig.channel(1, 4);
        ch.trySend(new byte[] {1}, 0, 1);
        final byte[] mine = {5, 6, 7};
        rig.spawn("w", (sch, me) ->
        {
            if (me.pc() == 0)
            {
                me.pc(1);
                return ch.send(mine, 0, 3, Scheduler.FOREVER);
            }
            me.log("sent " + sch.status());
            return sch.done(0);
        });
        rig.drain();
        final byte[] dst = new byte[4];
        assertEquals(1, ch.tryReceive(dst, 0));
        rig.drain();
        assertEquals(List.of("sent 0"), rig.trace);
        assertEquals(3, ch.tryReceive(dst, 0));
        assertArrayEquals(new byte[] {5, 6, 7, 0}, dst);
    }

    @Test
    void misuseFailsLoudlyNamingTheValues()
    {
        final Channel values = rig.channel(2);
        final Channel messages = rig.channel(2, 8);
        assertThrows(IllegalStateException.class, () -> values.trySend(new byte[4], 0, 4));
        assertThrows(IllegalStateException.class, () -> messages.trySend(1));
        final IllegalArgumentException tooLong =
            assertThrows(IllegalArgumentException.class, () -> messages.trySend(new byte[16], 0, 9));
        assertTrue(tooLong.getMessage().contains("messageBytes=8"), tooLong.getMessage());
        assertTrue(tooLong.getMessage().contains("len=9"), tooLong.getMessage());
        assertThrows(IllegalArgumentException.class, () -> messages.tryReceive(new byte[7], 0));
        assertThrows(IllegalArgumentException.class, () -> messages.tryReceive(new byte[8], 1));
        assertThrows(IllegalArgumentException.class, () -> rig.channel(3));
        assertThrows(IllegalStateException.class, () -> values.receive(Scheduler.FOREVER),
            "a blocking receive outside a coroutine");
        assertThrows(IllegalArgumentException.class, () -> values.send(1, -2));
    }

    @Test
    void aBlockingReceiveOutsideACoroutineThrowsWithoutTakingTheValue()
    {
        // A bottom half that calls receive() instead of tryReceive() is refused: the value stays.
        final Channel ch = rig.channel(4);
        assertEquals(0, ch.trySend(7));
        assertThrows(IllegalStateException.class, () -> ch.receive(Scheduler.FOREVER));
        assertEquals(1, ch.size(), "a refused receive took the value");
        assertEquals(0, ch.tryReceive());
        assertEquals(7, ch.lastReceived());
    }

    @Test
    void aBlockingSendOutsideACoroutineThrowsWithoutSending()
    {
        // Refused means not sent: a caller that retries with trySend must not send the value twice.
        final Channel ch = rig.channel(4);
        final Channel messages = rig.channel(4, 8);
        assertThrows(IllegalStateException.class, () -> ch.send(7, Scheduler.FOREVER));
        assertThrows(IllegalStateException.class, () -> messages.send(new byte[8], 0, 3, Scheduler.NO_WAIT));
        assertEquals(0, ch.size(), "a refused send put the value into the ring");
        assertEquals(0, messages.size(), "a refused send put the message into the ring");
        assertEquals(0, ch.sentCount());
    }

    @Test
    void aBlockingReceiveIssuedAfterAnotherDirectiveTakesNothing()
    {
        // The coroutine faults for the second directive; the value must still be there for others.
        final Channel ch = rig.channel(4);
        assertEquals(0, ch.trySend(7));
        rig.spawn("twice", (sch, me) ->
        {
            sch.yield();
            return ch.receive(Scheduler.FOREVER);
        });
        rig.drain();
        assertEquals(1, s.failedCount(), "the second directive faults the coroutine");
        assertEquals(1, ch.size(), "the faulting receive took the value");
    }

    @Test
    void aReceiveWithTheLongestTimeoutDoesNotTimeOutAtOnce()
    {
        // now + Long.MAX_VALUE wrapped into the past: the wait timed out in the next step.
        final Channel ch = rig.channel(1);
        rig.clock.advance(5);
        rig.spawn("patient", (sch, me) ->
        {
            if (me.pc() == 0)
            {
                me.pc(1);
                return ch.receive(Long.MAX_VALUE);
            }
            me.log("patient " + (0 == sch.status() ? "got " + sch.value() : Errno.name(sch.status())) + " @" + sch.now());
            return sch.done(0);
        });
        rig.drain();
        assertEquals(List.of(), rig.trace, "the longest timeout expired at once");
        assertEquals(1, ch.waitingReceivers());
        assertEquals(0, ch.trySend(3));
        rig.drain();
        assertEquals(List.of("patient got 3 @5"), rig.trace);
    }

    @Test
    void aWaitWithTheLongestTimeoutIsNotMistakenForADeadlock()
    {
        // At tick 0, now + Long.MAX_VALUE is NO_DEADLINE itself: the armed timer read as "no timer".
        final Channel ch = rig.channel(1);
        rig.spawn("patient", (sch, me) ->
        {
            me.pc(1);
            return ch.receive(Long.MAX_VALUE);
        });
        rig.drain();
        assertEquals(Scheduler.RUN_TIME_LIMIT, s.runUntil(1000), "a wait with a timer is not a deadlock");
        assertEquals(1, ch.waitingReceivers());
        s.cancel(s.handleOf(0));
    }

    // ---- dumps ---------------------------------------------------------------------------------

    @Test
    void aDumpSaysWhichChannelACoroutineWaitsOn()
    {
        rig.channel(0);
        final Channel ch = rig.channel(0);
        rig.spawn("reader", (sch, me) ->
        {
            me.pc(1);
            return ch.receive(40);
        });
        rig.drain();
        final AsciiSink out = new AsciiSink(1024);
        s.dump(out);
        assertTrue(out.toString().matches("(?s).*reader +channel-receive #1 timeout at 40.*"), out.toString());
        s.cancel(s.handleOf(0));
    }
}
