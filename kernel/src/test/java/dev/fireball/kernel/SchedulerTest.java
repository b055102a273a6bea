package dev.fireball.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fireball.kernel.support.RecordingConsole;
import dev.fireball.kernel.support.Script;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The scheduler's behaviours, one per test; every test ends with the invariants checked. */
class SchedulerTest
{
    private final VirtualClock clock = new VirtualClock();
    private final RecordingConsole console = new RecordingConsole();
    private final List<String> trace = new ArrayList<>();
    private Scheduler s = new Scheduler(8, clock, console);

    @AfterEach
    void invariantsHold()
    {
        s.checkInvariants();
    }

    private Script script(final String name, final java.util.function.ToIntBiFunction<Scheduler, Script> body)
    {
        return new Script(name, trace, body);
    }

    /** Runs to completion like {@link Scheduler#run()}, checking the invariants after every step. */
    private int runChecked()
    {
        while (true)
        {
            while (s.step())
            {
                s.checkInvariants();
            }
            final long deadline = s.nextDeadline();
            if (Clock.NO_DEADLINE == deadline)
            {
                return s.run();
            }
            clock.idle(deadline);
        }
    }

    // ---- spawning and running ---------------------------------------------------------------

    @Test
    void spawnedCoroutineRunsToCompletionAndHoldsItsValueUntilReleased()
    {
        final int h = s.spawn(script("one", (sch, me) -> sch.done(42)));
        assertTrue(h > 0);
        assertEquals(Scheduler.READY, s.stateOf(h));
        assertEquals(Scheduler.RUN_IDLE, s.run());
        assertEquals(Scheduler.DONE, s.stateOf(h));
        assertEquals(Scheduler.COMPLETED, s.outcomeOf(h));
        assertEquals(42, s.valueOf(h));
        assertEquals(0, s.release(h));
        assertEquals(-Errno.ESRCH, s.stateOf(h));
        assertEquals(0, s.liveCount());
    }

    @Test
    void yieldingEventLoopsInterleaveRoundRobin()
    {
        for (final String name : new String[] {"a", "b", "c"})
        {
            s.spawnDetached(script(name, (sch, me) ->
            {
                me.log(name + me.pc());
                if (me.pc() == 2)
                {
                    return sch.done(0);
                }
                me.pc(me.pc() + 1);
                return sch.yield();
            }));
        }
        assertEquals(Scheduler.RUN_IDLE, runChecked());
        assertEquals(List.of("a0", "b0", "c0", "a1", "b1", "c1", "a2", "b2", "c2"), trace);
        assertEquals(9, s.contextSwitchCount());
        assertEquals(3, s.maxReadyDepth());
    }

    /**
     * maxReadyDepth counts coroutines ready or running: a coroutine that wakes two others while it
     * runs makes three; yields after that move coroutines between running and queued, which adds
     * none; a switch is one resume.
     */
    @Test
    void maxReadyDepthCountsTheRunningCoroutineAndYieldsDoNotRaiseIt()
    {
        final int[] parked = new int[2];
        for (int i = 0; i < 2; i++)
        {
            parked[i] = s.spawnDetached(script("parked" + i, (sch, me) ->
            {
                if (me.pc() == 0)
                {
                    me.pc(1);
                    return sch.park(Scheduler.FOREVER);
                }
                return sch.done(0);
            }));
        }
        assertEquals(2, s.maxReadyDepth(), "two spawned at boot, nothing running");
        s.step();
        s.step(); // both park
        s.spawnDetached(script("waker", (sch, me) ->
        {
            if (me.pc() < 3)
            {
                if (me.pc() == 0)
                {
                    sch.wake(parked[0]);
                    sch.wake(parked[1]);
                }
                me.pc(me.pc() + 1);
                return sch.yield();
            }
            return sch.done(0);
        }));
        final long switchesBefore = s.contextSwitchCount();
        assertEquals(Scheduler.RUN_IDLE, runChecked());
        assertEquals(3, s.maxReadyDepth(), "the waker running and the two it woke");
        assertEquals(6, s.contextSwitchCount() - switchesBefore, "waker 4 resumes, each parked one 1");
    }

    /** fib(n) through nested joins: every level spawns two children and joins them in turn. */
    static final class Fib extends Coroutine
    {
        private final Fib[] pool;
        private int n;
        private long sum;

        Fib(final Fib[] pool)
        {
            super("fib");
            this.pool = pool;
        }

        static Fib take(final Fib[] pool, final int n)
        {
            for (final Fib f : pool)
            {
                if (!f.isSpawned())
                {
                    f.n = n;
                    return f;
                }
            }
            throw new AssertionError("pool empty");
        }

        @Override
        protected int resume(final Scheduler s)
        {
            switch (pc)
            {
                case 0:
                    if (n < 2)
                    {
                        return s.done(n);
                    }
                    pc = 1;
                    return s.join(s.spawn(take(pool, n - 1)));
                case 1:
                    if (Scheduler.COMPLETED != s.status())
                    {
                        return s.fail(s.status());
                    }
                    sum = s.value();
                    pc = 2;
                    return s.join(s.spawn(take(pool, n - 2)));
                default:
                    return s.done(sum + s.value());
            }
        }
    }

    @Test
    void recursiveFibonacciThroughNestedJoins()
    {
        s = new Scheduler(16, clock, console);
        final Fib[] pool = new Fib[16];
        for (int i = 0; i < pool.length; i++)
        {
            pool[i] = new Fib(pool);
        }
        final int h = s.spawn(Fib.take(pool, 12));
        assertEquals(Scheduler.RUN_IDLE, runChecked());
        assertEquals(Scheduler.COMPLETED, s.outcomeOf(h));
        assertEquals(144, s.valueOf(h));
        // fib(12) spawns fib-tree nodes: 2*fib(13)-1 = 465 coroutines in a 16-slot table.
        assertEquals(465, s.spawnedCount());
        assertEquals(465, s.completedCount());
        assertEquals(0, s.release(h));
    }

    @Test
    void sleepersWakeAtTheirDeadlinesAndEqualDeadlinesWakeInSleepOrder()
    {
        final long[] sleeps = {5, 3, 5, 1, 5, 3};
        for (int i = 0; i < sleeps.length; i++)
        {
            final String name = "s" + i;
            final long ticks = sleeps[i];
            s.spawnDetached(script(name, (sch, me) ->
            {
                if (me.pc() == 0)
                {
                    me.pc(1);
                    return sch.sleep(ticks);
                }
                me.log(name + "@" + sch.now());
                return sch.done(0);
            }));
        }
        assertEquals(Scheduler.RUN_IDLE, runChecked());
        assertEquals(List.of("s3@1", "s1@3", "s5@3", "s0@5", "s2@5", "s4@5"), trace);
    }

    @Test
    void sleepZeroIsAYield()
    {
        s.spawnDetached(script("z", (sch, me) ->
        {
            me.log("z" + me.pc());
            me.pc(me.pc() + 1);
            return me.pc() < 3 ? sch.sleep(0) : sch.done(0);
        }));
        s.spawnDetached(script("y", (sch, me) ->
        {
            me.log("y");
            return sch.done(0);
        }));
        s.run();
        assertEquals(List.of("z0", "y", "z1", "z2"), trace);
        assertEquals(0, clock.now());
    }

    @Test
    void runUntilStopsAtTheLimitWithTimeLeftThere()
    {
        s.spawnDetached(script("late", (sch, me) ->
        {
            if (me.pc() == 0)
            {
                me.pc(1);
                return sch.sleep(100);
            }
            return sch.done(0);
        }));
        assertEquals(Scheduler.RUN_TIME_LIMIT, s.runUntil(40));
        assertEquals(40, clock.now());
        assertEquals(1, s.armedTimerCount());
        assertEquals(Scheduler.RUN_IDLE, s.run());
        assertEquals(100, clock.now());
    }

    // ---- faults and failure ------------------------------------------------------------------

    @Test
    void exceptionIsCapturedAndRethrownThroughJoins()
    {
        final IllegalStateException boom = new IllegalStateException("sensor on fire");
        final Script child = script("child", (sch, me) ->
        {
            throw boom;
        });
        final Script parent = script("parent", (sch, me) ->
        {
            if (me.pc() == 0)
            {
                me.pc(1);
                return sch.join(sch.spawn(child));
            }
            me.log("parent saw " + sch.status() + " " + sch.fault().getMessage());
            throw (RuntimeException) sch.fault();
        });
        final Script grand = script("grand", (sch, me) ->
        {
            if (me.pc() == 0)
            {
                me.pc(1);
                return sch.join(sch.spawn(parent));
            }
            me.log("grand saw " + sch.status());
            assertSame(boom, sch.fault());
            return sch.done(7);
        });
        final int bystander = s.spawn(script("bystander", (sch, me) -> sch.done(1)));
        final int h = s.spawn(grand);
        assertEquals(Scheduler.RUN_IDLE, runChecked());
        assertEquals(List.of("parent saw 1 sensor on fire", "grand saw 1"), trace);
        assertEquals(Scheduler.COMPLETED, s.outcomeOf(h));
        assertEquals(7, s.valueOf(h));
        assertEquals(Scheduler.COMPLETED, s.outcomeOf(bystander));
        assertEquals(2, s.failedCount());
        assertTrue(console.text().contains("fault: coroutine 'child'"), console.text());
        assertTrue(console.text().contains("java.lang.IllegalStateException: sensor on fire"), console.text());
    }

    @Test
    void failCodeReachesTheJoiner()
    {
        final Script child = script("child", (sch, me) -> sch.fail(-Errno.EIO));
        final int h = s.spawn(script("parent", (sch, me) ->
        {
            if (me.pc() == 0)
            {
                me.pc(1);
                return sch.join(sch.spawn(child));
            }
            assertNull(sch.fault());
            return sch.done(sch.status() * 1000 + sch.value());
        }));
        s.run();
        assertEquals(Scheduler.FAILED * 1000 - Errno.EIO, s.valueOf(h));
    }

    @Test
    void unjoinedFailureIsKeptUntilJoined()
    {
        final int child = s.spawn(script("child", (sch, me) ->
        {
            throw new ArithmeticException("/ by zero");
        }));
        s.run();
        assertEquals(Scheduler.FAILED, s.outcomeOf(child));
        assertTrue(s.faultOf(child) instanceof ArithmeticException);
        final int parent = s.spawn(script("late-joiner", (sch, me) ->
        {
            if (me.pc() == 0)
            {
                me.pc(1);
                return sch.join(child);
            }
            return sch.done(sch.status());
        }));
        s.run();
        assertEquals(Scheduler.FAILED, s.valueOf(parent));
        assertEquals(-Errno.ESRCH, s.stateOf(child), "joining a DONE coroutine frees its slot");
    }

    // ---- the table ---------------------------------------------------------------------------

    @Test
    void fullTableRefusesSpawnWithEagainAndReusesFinishedSlots()
    {
        final Script[] parked = new Script[8];
        final int[] handles = new int[8];
        for (int i = 0; i < 8; i++)
        {
            parked[i] = script("p" + i, (sch, me) -> me.pc() == 0 ? park(sch, me) : sch.done(0));
            handles[i] = s.spawn(parked[i]);
            assertTrue(handles[i] > 0);
        }
        final Script extra = script("extra", (sch, me) -> sch.done(0));
        assertEquals(-Errno.EAGAIN, s.spawn(extra));
        assertFalse(extra.isSpawned(), "a refused coroutine is not owned by the kernel");
        assertEquals(1, s.spawnRejectedCount());
        s.checkInvariants();

        s.run();
        assertEquals(1, s.wake(handles[3]));
        s.run();
        assertEquals(0, s.release(handles[3]));
        final int again = s.spawn(extra);
        assertTrue(again > 0);
        assertEquals(3, s.slotOf(again), "the freed slot is reused");
        for (int i = 0; i < 8; i++)
        {
            if (i != 3)
            {
                s.cancel(handles[i]);
                s.release(handles[i]);
            }
        }
        s.run();
    }

    private static int park(final Scheduler sch, final Script me)
    {
        me.pc(1);
        return sch.park(Scheduler.FOREVER);
    }

    @Test
    void staleHandleIsRejectedAfterSlotReuseNeverAliased()
    {
        final int old = s.spawn(script("first", (sch, me) -> sch.done(1)));
        s.run();
        s.release(old);
        final int fresh = s.spawn(script("second", (sch, me) -> me.pc() == 0 ? park(sch, me) : sch.done(2)));
        assertEquals(s.slotOf(fresh), old & 7, "same slot");
        assertNotEquals(old, fresh);
        assertEquals(-Errno.ESRCH, s.stateOf(old));
        assertEquals(-Errno.ESRCH, s.cancel(old));
        assertEquals(-Errno.ESRCH, s.wake(old));
        assertEquals(-Errno.ESRCH, s.release(old));
        s.spawnDetached(script("joiner", (sch, me) ->
        {
            if (me.pc() == 0)
            {
                me.pc(1);
                return sch.join(old);
            }
            me.log("join(stale) = " + Errno.name(sch.status()));
            return sch.done(0);
        }));
        s.run();
        assertEquals(List.of("join(stale) = ESRCH"), trace);
        assertEquals(Scheduler.WAITING, s.stateOf(fresh), "the new occupant was not touched");
        s.cancel(fresh);
    }

    @Test
    void badHandlesAreRejected()
    {
        for (final int h : new int[] {0, -1, Integer.MIN_VALUE, 7, 1 << 3 | 9, Integer.MAX_VALUE})
        {
            assertEquals(-Errno.ESRCH, s.stateOf(h), "handle " + h);
        }
    }

    @Test
    void generationWrapsAroundWithoutEverProducingAnInvalidHandle()
    {
        s = new Scheduler(1 << 16, clock, console);
        final Script c = script("c", (sch, me) -> sch.done(0));
        int previous = 0;
        // 2^15 generations for slot 0 (15 bits left): go round twice.
        for (int i = 0; i < 70_000; i++)
        {
            final int h = s.spawn(c);
            assertTrue(h > 0);
            assertNotEquals(previous, h);
            s.run();
            s.release(h);
            previous = h;
        }
    }

    // ---- cancel and wake ---------------------------------------------------------------------

    @Test
    void cancelOfAWaitingCoroutineRemovesItsWaitAndItsJoinerSeesCanceled()
    {
        final int sleeper = s.spawn(script("sleeper", (sch, me) -> me.pc() == 0 ? sleepLong(sch, me) : sch.done(0)));
        final int waiter = s.spawn(script("waiter", (sch, me) -> me.pc() == 0 ? park(sch, me) : sch.done(0)));
        final int joiner = s.spawn(script("joiner", (sch, me) ->
        {
            if (me.pc() == 0)
            {
                me.pc(1);
                return sch.join(waiter);
            }
            return sch.done(sch.status());
        }));
        s.runUntil(10);
        assertEquals(Scheduler.SLEEPING, s.stateOf(sleeper));
        assertEquals(0, s.cancel(sleeper));
        assertEquals(0, s.armedTimerCount(), "its timer is gone");
        assertEquals(0, s.cancel(waiter));
        s.checkInvariants();
        assertEquals(Scheduler.RUN_IDLE, s.run());
        assertEquals(Scheduler.CANCELED, s.valueOf(joiner));
        assertEquals(Scheduler.CANCELED, s.outcomeOf(sleeper));
        assertEquals(-Errno.EALREADY, s.cancel(sleeper));
        assertEquals(2, s.canceledCount());
    }

    private static int sleepLong(final Scheduler sch, final Script me)
    {
        me.pc(1);
        return sch.sleep(1000);
    }

    @Test
    void cancelOfAReadyCoroutineTakesItOutOfTheReadyQueue()
    {
        final int a = s.spawn(script("a", (sch, me) -> sch.done(1)));
        final int b = s.spawnDetached(script("b", (sch, me) ->
        {
            me.log("b ran");
            return sch.done(2);
        }));
        assertEquals(2, s.readyCount());
        assertEquals(0, s.cancel(a));
        assertEquals(1, s.readyCount());
        s.checkInvariants();
        s.run();
        assertEquals(List.of("b ran"), trace);
        assertEquals(Scheduler.CANCELED, s.outcomeOf(a));
        assertEquals(-Errno.ESRCH, s.stateOf(b), "detached slot freed at completion");
    }

    @Test
    void wakingACoroutineThatIsNotWaitingIsANoOpAndADoubleWakeQueuesOnce()
    {
        final int h = s.spawn(script("p", (sch, me) ->
        {
            me.log("resume " + me.pc());
            if (me.pc() < 2)
            {
                me.pc(me.pc() + 1);
                return sch.park(Scheduler.FOREVER);
            }
            return sch.done(0);
        }));
        assertEquals(0, s.wake(h), "READY: no-op");
        s.step();
        assertEquals(1, s.wake(h));
        assertEquals(0, s.wake(h), "second wake of the same wait: no-op");
        assertEquals(1, s.readyCount());
        s.checkInvariants();
        s.step();
        assertEquals(Scheduler.WAITING, s.stateOf(h));
        s.wake(h);
        s.run();
        assertEquals(List.of("resume 0", "resume 1", "resume 2"), trace);
        assertEquals(0, s.wake(h), "DONE: no-op");
    }

    @Test
    void timeoutsEndJoinsAndParksWithEtimedout()
    {
        final int slow = s.spawn(script("slow", (sch, me) -> me.pc() == 0 ? sleepLong(sch, me) : sch.done(0)));
        s.spawnDetached(script("impatient", (sch, me) ->
        {
            switch (me.pc())
            {
                case 0:
                    me.pc(1);
                    return sch.join(slow, 10);
                case 1:
                    me.log("join " + Errno.name(sch.status()) + " @" + sch.now());
                    me.pc(2);
                    return sch.park(5);
                case 2:
                    me.log("park " + Errno.name(sch.status()) + " @" + sch.now());
                    me.pc(3);
                    return sch.park(Scheduler.NO_WAIT);
                default:
                    me.log("no-wait " + Errno.name(sch.status()) + " @" + sch.now());
                    return sch.done(0);
            }
        }));
        s.runUntil(100);
        assertEquals(List.of("join ETIMEDOUT @10", "park ETIMEDOUT @15", "no-wait ETIMEDOUT @15"), trace);
        s.cancel(slow);
    }

    // ---- deadlock ----------------------------------------------------------------------------

    @Test
    void deadlockIsReportedWithWhoWaitsOnWhat()
    {
        final int[] hb = new int[1];
        final int a = s.spawn(script("alpha", (sch, me) ->
        {
            if (me.pc() == 0)
            {
                me.pc(1);
                return sch.join(hb[0]);
            }
            return sch.done(0);
        }));
        hb[0] = s.spawn(script("beta", (sch, me) ->
        {
            if (me.pc() == 0)
            {
                me.pc(1);
                return sch.join(a);
            }
            return sch.done(0);
        }));
        s.spawn(script("gamma", (sch, me) -> me.pc() == 0 ? park(sch, me) : sch.done(0)));
        assertEquals(Scheduler.RUN_DEADLOCK, s.run());
        final String report = s.deadlockReport().toString();
        assertTrue(report.startsWith("DEADLOCK at tick 0: 3 coroutine(s) wait"), report);
        assertTrue(report.matches("(?s).*alpha +join 0x[0-9a-f]{8} 'beta' forever.*"), report);
        assertTrue(report.matches("(?s).*beta +join 0x[0-9a-f]{8} 'alpha' forever.*"), report);
        assertTrue(report.matches("(?s).*gamma +park forever.*"), report);
        assertTrue(console.text().contains(report), "the report also goes to the console");
    }

    @Test
    void anArmedWakeSourceIsNotADeadlock()
    {
        s.spawn(script("irq-waiter", (sch, me) -> me.pc() == 0 ? park(sch, me) : sch.done(0)));
        s.armWakeSource();
        assertEquals(Scheduler.RUN_TIME_LIMIT, s.runUntil(50));
        s.disarmWakeSource();
        assertEquals(Scheduler.RUN_DEADLOCK, s.run());
        assertThrows(IllegalStateException.class, s::disarmWakeSource);
    }

    // ---- hooks for kernel objects ------------------------------------------------------------

    @Test
    void proceedContinuesTheSameResumeWithTheGivenStatusAndValue()
    {
        s.spawn(script("p", (sch, me) ->
        {
            if (me.pc() < 3)
            {
                me.log("pc" + me.pc() + " status " + sch.status() + " value " + sch.value());
                me.pc(me.pc() + 1);
                return sch.proceed(-me.pc(), me.pc() * 10L);
            }
            return sch.done(sch.value());
        }));
        assertEquals(Scheduler.RUN_IDLE, runChecked());
        assertEquals(List.of("pc0 status 0 value 0", "pc1 status -1 value 10", "pc2 status -2 value 20"), trace);
        assertEquals(1, s.contextSwitchCount());
    }

    /** completedNow: a coroutine runs through operations that complete at once in one resume. */
    @Test
    void completedNowContinuesInTheSameResumeAndRefusesMisuse()
    {
        final WaitQueue q = s.newWaitQueue(Scheduler.WAIT_EVENT, 1);
        final int[] proceedDirective = new int[1];
        s.spawn(script("inline", (sch, me) ->
        {
            if (me.pc() == 0)
            {
                for (int i = 1; i <= 3; i++)
                {
                    final int d = sch.proceed(-i, i * 10L);
                    assertTrue(sch.completedNow(d));
                    me.log("status " + sch.status() + " value " + sch.value());
                }
                final int d = sch.proceed(0, 0);
                proceedDirective[0] = d;
                assertTrue(sch.completedNow(d));
                assertThrows(IllegalStateException.class, () -> sch.completedNow(d), "consumed already");
                final int wait = sch.pend(q, Scheduler.FOREVER);
                assertFalse(sch.completedNow(wait), "a wait has not completed");
                me.pc(1);
                return wait;
            }
            me.log("woken " + sch.status());
            return sch.done(0);
        }));
        assertTrue(s.step());
        assertEquals(1, q.size());
        s.wakeFirst(q, 9, 0);
        assertEquals(Scheduler.RUN_IDLE, runChecked());
        assertEquals(List.of("status -1 value 10", "status -2 value 20", "status -3 value 30", "woken 9"), trace);
        assertEquals(2, s.contextSwitchCount(), "three completed operations, one resume");
        assertThrows(IllegalStateException.class, () -> s.completedNow(proceedDirective[0]), "outside a coroutine");
    }

    @Test
    void aWaitQueueIsRelabeledOnlyWhileNobodyWaitsAndDumpsShowTheNewLabel()
    {
        final WaitQueue q = s.newWaitQueue(Scheduler.WAIT_FD_READ, 0);
        q.relabel(259);
        s.spawn(script("reader", (sch, me) ->
        {
            if (me.pc() == 0)
            {
                me.pc(1);
                return sch.pend(q, Scheduler.FOREVER);
            }
            return sch.done(0);
        }));
        assertTrue(s.step());
        final AsciiSink out = new AsciiSink(2048);
        s.dump(out);
        assertTrue(out.toString().matches("(?s).*reader +fd-read #259 forever.*"), out.toString());
        final IllegalStateException e = assertThrows(IllegalStateException.class, () -> q.relabel(515));
        assertEquals("relabel of a wait queue with 1 waiter(s) (259 -> 515): relabel only a queue lent out anew, before "
            + "anyone waits on it", e.getMessage());
        assertEquals(259, q.objectId(), "a refused relabel changes nothing");
        s.wakeFirst(q, 0, 0);
        q.relabel(515);
        assertEquals(515, q.objectId());
        assertEquals(Scheduler.RUN_IDLE, runChecked());
    }

    @Test
    void wakeWaiterWakesAChosenWaiterAnywhereInItsQueue()
    {
        final WaitQueue q = s.newWaitQueue(Scheduler.WAIT_EVENT, 3);
        for (final String name : new String[] {"a", "b", "c"})
        {
            s.spawn(script(name, (sch, me) ->
            {
                if (me.pc() == 0)
                {
                    me.pc(1);
                    return sch.pend(q, Scheduler.FOREVER);
                }
                me.log(name + " " + sch.status() + "/" + sch.value());
                return sch.done(0);
            }));
        }
        while (s.step())
        {
            s.checkInvariants();
        }
        final int a = q.first();
        final int b = s.nextWaiter(a);
        final int c = s.nextWaiter(b);
        assertEquals(-1, s.nextWaiter(c));
        s.wakeWaiter(q, b, 5, 55);
        s.checkInvariants();
        assertEquals(2, q.size());
        assertEquals(c, s.nextWaiter(a));
        assertThrows(IllegalStateException.class, () -> s.wakeWaiter(q, b, 0, 0));
        s.wakeAll(q, 0, 0);
        assertEquals(Scheduler.RUN_IDLE, runChecked());
        assertEquals(List.of("b 5/55", "a 0/0", "c 0/0"), trace);
    }

    /**
     * A slot keeps a reference to its last wait queue (so waiting there again stores none), but is
     * linked in it only while it waits there: a later park, cancel or timeout must not touch it.
     */
    @Test
    void aSlotIsLinkedInItsLastQueueOnlyWhileItWaitsThere()
    {
        final WaitQueue q = s.newWaitQueue(Scheduler.WAIT_EVENT, 1);
        final int x = s.spawn(script("x", (sch, me) ->
        {
            me.pc(me.pc() + 1);
            if (1 == me.pc())
            {
                return sch.pend(q, Scheduler.FOREVER);
            }
            if (2 == me.pc())
            {
                return sch.pend(q, 3); // times out: leaves q
            }
            me.log("x " + sch.status());
            return sch.park(Scheduler.FOREVER);
        }));
        final int y = s.spawn(script("y", (sch, me) ->
        {
            if (me.pc() == 0)
            {
                me.pc(1);
                return sch.pend(q, Scheduler.FOREVER);
            }
            me.log("y " + sch.status());
            return sch.done(0);
        }));
        while (s.step())
        {
            s.checkInvariants();
        }
        assertEquals(2, q.size());
        assertEquals(s.slotOf(x), s.wakeFirst(q, 0, 0));
        while (s.step())
        {
            s.checkInvariants();
        }
        clock.advance(3);
        while (s.step())
        {
            s.checkInvariants();
        }
        assertEquals(1, q.size(), "x timed out of q; y still waits there");
        assertThrows(IllegalStateException.class, () -> s.wakeWaiter(q, s.slotOf(x), 0, 0),
            "parked x is not in q although q was its last queue");
        assertEquals(0, s.cancel(x));
        s.checkInvariants();
        assertEquals(1, q.size(), "canceling parked x left q alone");
        assertEquals(s.slotOf(y), s.wakeFirst(q, 7, 0));
        assertEquals(Scheduler.RUN_IDLE, runChecked());
        assertEquals(List.of("x -" + Errno.ETIMEDOUT, "y 7"), trace);
    }

    /** While the completion listener runs, a canceled waiter is already out of its queue: dumps and checks agree. */
    @Test
    void aCompletionListenerSeesAFinishingWaiterInNoQueue()
    {
        final WaitQueue q = s.newWaitQueue(Scheduler.WAIT_EVENT, 1);
        final int h = s.spawn(script("waiter", (sch, me) -> sch.pend(q, Scheduler.FOREVER)));
        assertTrue(s.step());
        final List<String> heard = new ArrayList<>();
        s.setCompletionListener((handle, outcome, value) ->
        {
            s.checkInvariants();
            heard.add(handle + ":" + outcome);
        });
        assertEquals(0, s.cancel(h));
        assertEquals(List.of(h + ":" + Scheduler.CANCELED), heard);
        assertEquals(0, q.size());
    }

    /** A sleeper canceled: while the listener runs its timer is gone, and a dump says so instead of a bogus tick. */
    @Test
    void aCompletionListenerDumpsAFinishingSleeperWithoutADeadline()
    {
        final int h = s.spawn(script("sleeper", (sch, me) -> sch.sleep(1000)));
        assertTrue(s.step());
        final AsciiSink out = new AsciiSink(2048);
        s.setCompletionListener((handle, outcome, value) -> s.dump(out));
        assertEquals(0, s.cancel(h));
        final String text = out.toString();
        assertTrue(text.contains("sleeper          sleep, timer disarmed (finishing)"), text);
        assertFalse(text.contains(Long.toString(Long.MAX_VALUE)), text);
    }

    @Test
    void waitQueuesOfTheSchedulersOwnKindsAreRefused()
    {
        for (final int kind : new int[] {Scheduler.WAIT_NONE, Scheduler.WAIT_SLEEP, Scheduler.WAIT_PARK, -1, 99})
        {
            assertThrows(IllegalArgumentException.class, () -> s.newWaitQueue(kind, 0));
        }
    }

    @Test
    void theCompletionListenerHearsEveryWayACoroutineFinishes()
    {
        final List<String> heard = new ArrayList<>();
        s.setCompletionListener((handle, outcome, value) ->
            heard.add(s.moduleOf(handle) + ":" + outcome + "/" + value));
        s.spawn(script("done", (sch, me) -> sch.done(1)));
        s.spawn(script("fail", (sch, me) -> sch.fail(2)));
        s.spawn(script("throws", (sch, me) ->
        {
            throw new IllegalStateException("boom");
        }));
        final int parked = s.spawn(script("parked", SchedulerTest::park));
        while (s.step())
        {
            s.checkInvariants();
        }
        s.cancel(parked);
        assertEquals(List.of("0:0/1", "0:1/2", "0:1/0", "0:2/0"), heard);
        assertThrows(IllegalStateException.class, () -> s.setCompletionListener((h, o, v) -> { }));
    }

    @Test
    void aLatchedWakeUpMakesTheNextIdleReturnWithoutMovingTime()
    {
        clock.wakeUp();
        clock.idle(100);
        assertEquals(0, clock.now());
        clock.idle(100);
        assertEquals(100, clock.now(), "the wake-up was consumed");
    }

    @Test
    void idleWithoutADeadlineBlocksUntilAnotherThreadWakesIt() throws InterruptedException
    {
        final Thread waker = new Thread(() ->
        {
            try
            {
                Thread.sleep(20);
            }
            catch (final InterruptedException e)
            {
                Thread.currentThread().interrupt();
            }
            clock.wakeUp();
        });
        waker.start();
        clock.idle(Clock.NO_DEADLINE);
        waker.join();
        assertEquals(0, clock.now(), "virtual time stands still while idle without a deadline");
    }

    @Test
    void anInterruptThatEndsAnIdleWithoutADeadlineIsReportedNotSwallowed()
    {
        Thread.currentThread().interrupt(); // as if another thread interrupted the kernel thread
        final IllegalStateException e = assertThrows(IllegalStateException.class, () -> clock.idle(Clock.NO_DEADLINE));
        assertTrue(e.getCause() instanceof InterruptedException, "the interrupt travels as the cause");
        assertTrue(e.getMessage().contains("interrupted while idle"), e.getMessage());
        assertEquals(0, clock.now());
    }

    // ---- misuse fails loudly -----------------------------------------------------------------

    @Test
    void directiveOutsideACoroutineThrowsWithAClearMessage()
    {
        final IllegalStateException e = assertThrows(IllegalStateException.class, s::yield);
        assertEquals("yield() called outside a running coroutine", e.getMessage());
        assertThrows(IllegalStateException.class, () -> s.sleep(1));
        assertThrows(IllegalStateException.class, () -> s.done(1));
        assertThrows(IllegalStateException.class, s::status);
    }

    @Test
    void spawningAnAlreadySpawnedObjectThrows()
    {
        final Script c = script("twice", (sch, me) -> sch.done(0));
        final int h = s.spawn(c);
        final IllegalStateException e = assertThrows(IllegalStateException.class, () -> s.spawn(c));
        assertTrue(e.getMessage().startsWith("coroutine 'twice' is already spawned as handle " + h), e.getMessage());
        s.run();
        assertTrue(s.spawn(c) > 0, "once finished, the object may be spawned again");
        s.run();
    }

    @Test
    void joiningItselfFaultsThatCoroutineWithAClearMessage()
    {
        final int h = s.spawn(script("narcissus", (sch, me) -> sch.join(sch.current())));
        final int other = s.spawn(script("other", (sch, me) -> sch.done(5)));
        s.run();
        assertEquals(Scheduler.FAILED, s.outcomeOf(h));
        assertTrue(s.faultOf(h).getMessage().contains("'narcissus' (handle " + h + ") joins itself"));
        assertEquals(Scheduler.COMPLETED, s.outcomeOf(other), "only the offender is faulted");
    }

    @Test
    void aForgedDirectiveOrTwoDirectivesFaultTheCoroutine()
    {
        final int forged = s.spawn(script("forger", (sch, me) -> 1));
        final int twice = s.spawn(script("greedy", (sch, me) ->
        {
            sch.yield();
            return sch.sleep(1);
        }));
        s.run();
        assertTrue(s.faultOf(forged).getMessage().contains("returned 1 from resume(), not the directive"));
        assertTrue(s.faultOf(twice).getMessage().contains("issued sleep() after another directive"));
    }

    @Test
    void selfCancelThrows()
    {
        final int h = s.spawn(script("quitter", (sch, me) ->
        {
            sch.cancel(sch.current());
            return sch.done(0);
        }));
        s.run();
        assertTrue(s.faultOf(h).getMessage().contains("cancels itself"));
    }

    @Test
    void invalidArgumentsAreRejected()
    {
        assertThrows(IllegalArgumentException.class, () -> new Scheduler(0, clock, console));
        assertThrows(IllegalArgumentException.class, () -> new Scheduler(65537, clock, console));
        assertThrows(IllegalArgumentException.class, () -> s.spawn(null));
        final int h = s.spawn(script("neg", (sch, me) -> sch.sleep(-1)));
        s.run();
        assertTrue(s.faultOf(h) instanceof IllegalArgumentException);
    }

    // ---- stats and dump ----------------------------------------------------------------------

    @Test
    void statisticsCountEveryOutcome()
    {
        s.spawnDetached(script("ok", (sch, me) -> sch.done(0)));
        s.spawnDetached(script("bad", (sch, me) -> sch.fail(1)));
        s.spawnDetached(script("throws", (sch, me) ->
        {
            throw new RuntimeException("x");
        }));
        final int c = s.spawn(script("canceled", (sch, me) -> sch.done(0)));
        s.cancel(c);
        s.run();
        assertEquals(4, s.spawnedCount());
        assertEquals(1, s.completedCount());
        assertEquals(2, s.failedCount());
        assertEquals(1, s.canceledCount());
        assertEquals(3, s.contextSwitchCount());
        assertEquals(4, s.maxReadyDepth());
    }

    @Test
    void dumpListsEveryLiveCoroutineWithoutAllocating()
    {
        final int sleeper = s.spawn(script("sleeper", (sch, me) -> me.pc() == 0 ? sleepLong(sch, me) : sch.done(0)));
        s.spawn(script("finished", (sch, me) -> sch.done(9)));
        s.spawn(script("ready", (sch, me) -> sch.yield()));
        s.step();
        s.step();
        final AsciiSink out = new AsciiSink(2048);
        assertEquals(3, s.dump(out));
        final String text = out.toString();
        assertTrue(text.contains("SLEEPING     1      0 sleeper          sleep until 1000"), text);
        assertTrue(text.contains("DONE        -1      0 (finished)       completed value 9, not joined yet"), text);
        assertTrue(text.contains("READY        0      0 ready            -"), text);
        s.cancel(sleeper);
    }

    @Test
    void dumpTruncatesInsteadOfFailingWhenTheBufferIsSmall()
    {
        s.spawn(script("x", (sch, me) -> sch.done(0)));
        final AsciiSink tiny = new AsciiSink(16);
        s.dump(tiny);
        assertTrue(tiny.truncated());
        assertEquals(16, tiny.length());
    }

    @Test
    void theRunningCoroutineIsRunningToEveryObserverAndReadyAgainAfterItYields()
    {
        final int[] seen = new int[2];
        final AsciiSink dump = new AsciiSink(2048);
        final Script other = script("other", (k, c) -> k.done(0));
        final Script me = script("me", (k, c) ->
        {
            if (0 == c.pc())
            {
                seen[0] = k.stateOf(k.current());
                k.checkInvariants(); // holds mid-resume too
                k.dump(dump);
                c.pc(1);
                return k.yield();
            }
            return k.done(0);
        });
        final int h = s.spawn(me);
        final int o = s.spawn(other);
        assertTrue(s.step());
        seen[1] = s.stateOf(h);
        assertEquals(Scheduler.RUNNING, seen[0]);
        assertEquals(Scheduler.READY, seen[1], "queued again after its yield");
        assertTrue(dump.toString().contains("RUNNING"), dump.toString());
        assertEquals(Scheduler.READY, s.stateOf(o));
        s.run();
        s.release(h);
        s.release(o);
    }
}
