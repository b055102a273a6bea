package dev.fireball.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fireball.kernel.support.Rig;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The interrupt bridge: bottom halves, line waits, latching, wake sources, and the idle race. */
class InterruptBridgeTest
{
    private final Rig rig = new Rig();
    private final Scheduler s = rig.s;
    private final SoftInterruptLines lines = new SoftInterruptLines(rig.clock);
    private final InterruptBridge bridge = new InterruptBridge(s, lines, 8);

    @AfterEach
    void invariantsHold()
    {
        rig.checkInvariants();
    }

    private void lineWaiter(final String name, final int line, final long timeout)
    {
        rig.spawn(name, (sch, me) ->
        {
            if (me.pc() == 0)
            {
                me.pc(1);
                return bridge.await(line, timeout);
            }
            me.log(name + " " + (0 == sch.status() ? "delivery " + sch.value() : Errno.name(sch.status())) + " @"
                + sch.now());
            return sch.done(0);
        });
    }

    @Test
    void aBottomHalfRunsInKernelContextAtTheNextStep()
    {
        final List<String> ran = new ArrayList<>();
        bridge.register(2, line -> ran.add("bh" + line + " current=" + s.currentSlot()));
        bridge.raise(1 << 2);
        assertTrue(ran.isEmpty(), "raising only sets a bit");
        assertFalse(s.step(), "nothing to resume, but the step serviced the bridge");
        assertEquals(List.of("bh2 current=-1"), ran);
        assertEquals(1, bridge.deliveries(2));
    }

    @Test
    void raisesBetweenTwoServicesCoalesceAndLinesAreDeliveredLowestFirst()
    {
        final List<Integer> order = new ArrayList<>();
        for (int l = 0; l < 8; l++)
        {
            bridge.register(l, order::add);
        }
        bridge.raise(1 << 5);
        bridge.raise(1 << 5);
        bridge.raise(1 << 1 | 1 << 7);
        assertEquals(1 << 1 | 1 << 5 | 1 << 7, bridge.service());
        assertEquals(List.of(1, 5, 7), order);
        assertEquals(1, bridge.deliveries(5), "two raises of one line before a service are one delivery");
        assertEquals(3, lines.raisedCount());
        assertEquals(1, bridge.serviceCount());
        assertEquals(0, bridge.service(), "the word was cleared");
    }

    @Test
    void aCoroutineWaitsForALineAndSeesItsDeliveryCount()
    {
        lineWaiter("w", 4, Scheduler.FOREVER);
        rig.drain();
        assertEquals(1, bridge.waiterCount(4));
        rig.clock.advance(6);
        bridge.raise(1 << 4);
        rig.drain();
        assertEquals(List.of("w delivery 1 @6"), rig.trace);
    }

    @Test
    void aLineWaitTimesOutInVirtualTime()
    {
        lineWaiter("w", 4, 15);
        assertEquals(Scheduler.RUN_IDLE, rig.runChecked());
        assertEquals(List.of("w ETIMEDOUT @15"), rig.trace);
        assertEquals(0, bridge.waiterCount(4));
    }

    @Test
    void aDeliveryNobodyAwaitedIsLatchedForTheNextAwait()
    {
        bridge.raise(1 << 3);
        bridge.service();
        assertEquals(1 << 3, bridge.latchedLines());
        lineWaiter("late", 3, Scheduler.FOREVER);
        rig.drain();
        assertEquals(List.of("late delivery 1 @0"), rig.trace);
        assertEquals(0, bridge.latchedLines());
    }

    @Test
    void aHandlerLoopCannotMissAnInterruptRaisedWhileItWorks()
    {
        final int[] handled = new int[1];
        rig.spawn("handler", (sch, me) ->
        {
            if (me.pc() == 1)
            {
                handled[0]++;
                if (handled[0] == 1)
                {
                    bridge.raise(1); // arrives while the handler handles the first one
                }
                if (handled[0] == 2)
                {
                    return sch.done(0);
                }
            }
            me.pc(1);
            return bridge.await(0, Scheduler.FOREVER);
        });
        rig.drain();
        bridge.raise(1);
        assertEquals(Scheduler.RUN_IDLE, rig.runChecked());
        assertEquals(2, handled[0]);
    }

    @Test
    void theBridgeIsAWakeSourceWhileItHasBottomHalvesOrWaiters()
    {
        final EventGroup ev = new EventGroup(s, 0);
        rig.spawn("w", (sch, me) ->
        {
            me.pc(1);
            return ev.await(1, EventGroup.ANY, Scheduler.FOREVER);
        });
        bridge.register(0, line -> ev.post(1));
        assertEquals(Scheduler.RUN_TIME_LIMIT, rig.runCheckedUntil(100), "an interrupt may still come: idle");
        assertEquals(100, rig.clock.now());
        bridge.unregister(0);
        assertEquals(Scheduler.RUN_DEADLOCK, s.run(), "nothing can wake the waiter any more");
        assertTrue(s.deadlockReport().toString().contains("event #0"), s.deadlockReport().toString());
        s.cancel(s.handleOf(0));
    }

    @Test
    void aThrowingBottomHalfIsCountedReportedOnceAndTheOtherLinesStillDelivered()
    {
        final List<Integer> order = new ArrayList<>();
        bridge.register(1, line ->
        {
            throw new IllegalStateException("broken driver");
        });
        bridge.register(2, order::add);
        bridge.raise(0b110);
        bridge.service();
        assertEquals(List.of(2), order);
        assertEquals(1, bridge.bottomHalfFaultCount());
        assertEquals("broken driver", bridge.lastBottomHalfFault().getMessage());
        assertEquals("fault: bottom half of interrupt line 1 (its first; later ones are only counted): "
            + "java.lang.IllegalStateException: broken driver\n", rig.console.text(), "a fault is never silent");
        // A storm of the same fault must not flood the console (a UART would stall the kernel).
        for (int i = 0; i < 100; i++)
        {
            bridge.raise(0b10);
            bridge.service();
        }
        assertEquals(101, bridge.bottomHalfFaultCount());
        assertEquals(1, rig.console.text().split("\n").length, "later faults of the line are only counted");
    }

    @Test
    void aNewBottomHalfsFirstFaultIsReportedToo()
    {
        bridge.register(1, line ->
        {
            throw new IllegalStateException("old driver");
        });
        bridge.raise(0b10);
        bridge.service();
        bridge.unregister(1);
        bridge.register(1, line ->
        {
            throw new IllegalStateException("new driver");
        });
        bridge.raise(0b10);
        bridge.service();
        assertEquals(2, rig.console.text().split("\n").length, rig.console.text());
        assertTrue(rig.console.text().contains("new driver"), rig.console.text());
    }

    @Test
    void whenTheFaultReportItselfFailsTheWordsOtherLinesAreNotLost()
    {
        // A console that fails once: the report's exception propagates (loud), and the lines of
        // the taken word after the faulting one go back to pending instead of vanishing.
        final boolean[] failed = {false};
        final Scheduler quiet = new Scheduler(4, rig.clock, (buf, off, len) ->
        {
            if (!failed[0])
            {
                failed[0] = true;
                throw new IllegalStateException("console gone");
            }
        });
        final SoftInterruptLines own = new SoftInterruptLines(rig.clock);
        final InterruptBridge b = new InterruptBridge(quiet, own, 8);
        final List<Integer> order = new ArrayList<>();
        b.register(1, line ->
        {
            throw new IllegalStateException("broken driver");
        });
        b.register(2, order::add);
        b.register(5, order::add);
        b.raise(0b100110);
        assertEquals("console gone", assertThrows(IllegalStateException.class, b::service).getMessage());
        assertEquals(List.of(), order, "lines 2 and 5 came after the faulting line 1");
        assertEquals(0b100100, own.pending(), "and are pending again");
        b.service();
        assertEquals(List.of(2, 5), order);
        assertEquals(1, b.bottomHalfFaultCount());
    }

    @Test
    void bitsAboveTheLineCountAreStray()
    {
        bridge.raise(1 << 20);
        bridge.service();
        assertEquals(1, bridge.strayBitCount());
    }

    @Test
    void misuseFailsLoudly()
    {
        assertThrows(IllegalArgumentException.class, () -> bridge.register(8, line -> { }));
        bridge.register(0, line -> { });
        assertThrows(IllegalStateException.class, () -> bridge.register(0, line -> { }));
        assertThrows(IllegalStateException.class, () -> new InterruptBridge(s, lines, 4), "one bridge per scheduler");
        assertThrows(IllegalArgumentException.class, () -> new InterruptBridge(new Scheduler(2, rig.clock, rig.console),
            lines, 33));
    }

    @Test
    void anAwaitOutsideACoroutineThrowsWithoutConsumingTheLatch()
    {
        bridge.raise(1 << 3);
        bridge.service();
        assertThrows(IllegalStateException.class, () -> bridge.await(3, Scheduler.FOREVER));
        assertEquals(1 << 3, bridge.latchedLines(), "a refused await lost the latched interrupt");
    }

    @Test
    void aBadTimeoutIsRefusedEvenWhenALineIsLatched()
    {
        bridge.raise(1 << 3);
        bridge.service();
        final List<String> thrown = new ArrayList<>();
        rig.spawn("bad", (sch, me) ->
        {
            if (me.pc() == 1)
            {
                return sch.done(0);
            }
            me.pc(1);
            try
            {
                return bridge.await(3, -2);
            }
            catch (final IllegalArgumentException e)
            {
                thrown.add(e.getMessage());
                return sch.done(0);
            }
        });
        rig.drain();
        assertEquals(1, thrown.size(), "timeout -2 passed silently because the line was latched");
        assertEquals(1 << 3, bridge.latchedLines(), "a refused await lost the latched interrupt");
    }

    // ---- the idle race ---------------------------------------------------------------------------

    /**
     * Lines that raise themselves right after the run loop's last look at the pending word, the
     * worst moment: after "nothing to do" was decided, before the clock sleeps.
     */
    static final class RaiseAfterCheck implements InterruptLines
    {
        final SoftInterruptLines inner;
        private int raiseAfterChecks;

        /**
         * @param raiseAfterChecks raise after this many looks at an empty word: with one coroutine that
         *                         waits at once, look 1 and 2 are the services of the two steps, look 3
         *                         the run loop's check before idling
         */
        RaiseAfterCheck(final Clock clock, final int raiseAfterChecks)
        {
            inner = new SoftInterruptLines(clock);
            this.raiseAfterChecks = raiseAfterChecks;
        }

        @Override
        public void raise(final int mask)
        {
            inner.raise(mask);
        }

        @Override
        public int pending()
        {
            final int word = inner.pending();
            if (0 == word && 0 == --raiseAfterChecks)
            {
                inner.raise(1); // the "interrupt" lands between the check and the idle
            }
            return word;
        }

        @Override
        public int takeAndClear()
        {
            return inner.takeAndClear();
        }
    }

    /**
     * Virtual time that records idles entered with an interrupt pending (the race window was hit);
     * {@code forgetful} drops wake-ups: what the run loop would do without the wake-up permit.
     */
    static final class WatchingClock implements Clock
    {
        final VirtualClock time = new VirtualClock();
        final boolean forgetful;
        SoftInterruptLines watched;
        int idlesWithAnInterruptPending;

        WatchingClock(final boolean forgetful)
        {
            this.forgetful = forgetful;
        }

        @Override
        public long now()
        {
            return time.now();
        }

        @Override
        public void idle(final long deadlineTick)
        {
            if (0 != watched.pending())
            {
                idlesWithAnInterruptPending++; // WFI/park would sleep here unless woken
            }
            time.idle(deadlineTick);
        }

        @Override
        public void wakeUp()
        {
            if (!forgetful)
            {
                time.wakeUp();
            }
        }
    }

    /** Runs one coroutine waiting for line 0 while the line is raised inside the idle race window. */
    private static long[] raceOnce(final WatchingClock clock, final long waitTicks, final long limitTick)
    {
        final Scheduler sched = new Scheduler(4, clock, new dev.fireball.kernel.support.RecordingConsole());
        final RaiseAfterCheck racy = new RaiseAfterCheck(clock, 3);
        clock.watched = racy.inner;
        final InterruptBridge b = new InterruptBridge(sched, racy, 4);
        final long[] result = {0, -1, 0};
        sched.spawn(new Coroutine("waiter")
        {
            @Override
            protected int resume(final Scheduler sch)
            {
                if (pc == 1)
                {
                    result[0] = sch.status();
                    result[1] = sch.now();
                    return sch.done(0);
                }
                pc = 1;
                return b.await(0, waitTicks);
            }
        });
        result[2] = sched.runUntil(limitTick);
        return result;
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void aRaiseBetweenTheIdleCheckAndTheSleepEndsTheIdle()
    {
        // Virtual time, no deadline: without the latched wake-up the kernel would block forever.
        final WatchingClock clock = new WatchingClock(false);
        final long[] r = raceOnce(clock, Scheduler.FOREVER, Clock.NO_DEADLINE);
        assertEquals(1, clock.idlesWithAnInterruptPending, "the raise landed inside the window");
        assertEquals(Scheduler.RUN_IDLE, r[2]);
        assertEquals(0, r[0], "woken by the interrupt");
        assertEquals(0, r[1], "at once, not at some later tick");
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void aRaiseThatEndsAnIdleBeforeTheTimeLimitIsServedBeforeRunUntilReturns()
    {
        // The waiter's timeout (tick 1000) lies past the limit (100), so the run loop idles up to the
        // limit; the raise in the race window ends that idle at tick 0. The run must go on (serve the
        // line, wake the waiter), not report the time limit at tick 0 with the interrupt unserved.
        final WatchingClock clock = new WatchingClock(false);
        final long[] r = raceOnce(clock, 1000, 100);
        assertEquals(1, clock.idlesWithAnInterruptPending, "the raise landed inside the window");
        assertEquals(0, r[0], "woken by the interrupt");
        assertEquals(0, r[1], "at once, at tick 0");
        assertEquals(Scheduler.RUN_IDLE, r[2], "everything finished before the limit");
    }

    @Test
    void withoutTheWakeUpTheSameRaiseWouldBeSleptThrough()
    {
        // The counterfactual: a clock that forgets wake-ups sleeps through the same raise, here
        // until the waiter's timeout at tick 50 (with no timeout: until some unrelated interrupt).
        final WatchingClock clock = new WatchingClock(true);
        final long[] r = raceOnce(clock, 50, 100);
        assertEquals(1, clock.idlesWithAnInterruptPending);
        assertEquals(50, r[1], "the interrupt raised at tick 0 was seen only when the sleep ended at 50");
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void aRaiseFromAnotherThreadWakesAKernelIdleWithoutADeadline() throws InterruptedException
    {
        lineWaiter("w", 1, Scheduler.FOREVER);
        final Thread irq = new Thread(() ->
        {
            try
            {
                Thread.sleep(30);
            }
            catch (final InterruptedException e)
            {
                return;
            }
            lines.raise(1 << 1);
        });
        irq.start();
        assertEquals(Scheduler.RUN_IDLE, s.run(), "idle blocked in virtual time until the other thread raised");
        irq.join();
        assertEquals(List.of("w delivery 1 @0"), rig.trace);
    }
}
