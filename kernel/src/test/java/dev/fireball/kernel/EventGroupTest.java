package dev.fireball.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fireball.kernel.support.Rig;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Event groups: any/all waits, clearing, set and post, timeouts, bottom-half posts. */
class EventGroupTest
{
    private final Rig rig = new Rig();
    private final Scheduler s = rig.s;
    private final EventGroup ev = new EventGroup(s, 7);

    @AfterEach
    void invariantsHold()
    {
        rig.checkInvariants();
    }

    private void waiter(final String name, final int mask, final int options, final long timeout)
    {
        rig.spawn(name, (sch, me) ->
        {
            if (me.pc() == 0)
            {
                me.pc(1);
                return ev.await(mask, options, timeout);
            }
            me.log(name + " " + (sch.status() == 0 ? "0x" + Long.toHexString(sch.value()) : Errno.name(sch.status()))
                + " @" + sch.now());
            return sch.done(0);
        });
    }

    @Test
    void anyWaitWakesOnTheFirstMatchingFlag()
    {
        waiter("any", 0b0110, EventGroup.ANY, Scheduler.FOREVER);
        rig.drain();
        ev.post(0b1000);
        rig.drain();
        assertEquals(1, ev.waiterCount(), "an unrelated flag does not wake it");
        ev.post(0b0100);
        rig.drain();
        assertEquals(List.of("any 0x4 @0"), rig.trace);
        assertEquals(0b1100, ev.flags(), "without CLEAR the flags stay");
    }

    @Test
    void allWaitWakesOnlyWhenEveryFlagIsSet()
    {
        waiter("all", 0b0011, EventGroup.ALL, Scheduler.FOREVER);
        rig.drain();
        ev.post(0b0001);
        rig.drain();
        assertEquals(1, ev.waiterCount());
        ev.post(0b0010);
        rig.drain();
        assertEquals(List.of("all 0x3 @0"), rig.trace);
    }

    @Test
    void aSatisfiedWaitCompletesAtOnceAndClearsWhatItMatched()
    {
        ev.post(0b0111);
        waiter("now", 0b0101, EventGroup.ALL | EventGroup.CLEAR, Scheduler.FOREVER);
        rig.drain();
        assertEquals(List.of("now 0x5 @0"), rig.trace);
        assertEquals(0b0010, ev.flags());
        assertEquals(1, s.contextSwitchCount());
    }

    @Test
    void onePostWakesEveryWaiterItSatisfiesBeforeClearing()
    {
        waiter("a", 0b1, EventGroup.ANY | EventGroup.CLEAR, Scheduler.FOREVER);
        waiter("b", 0b1, EventGroup.ANY, Scheduler.FOREVER);
        waiter("c", 0b11, EventGroup.ALL | EventGroup.CLEAR, Scheduler.FOREVER);
        rig.drain();
        // a and b both see flag 0 although a clears it; c clears both flags after everyone was decided.
        assertEquals(0, ev.post(0b11));
        rig.drain();
        assertEquals(List.of("a 0x1 @0", "b 0x1 @0", "c 0x3 @0"), rig.trace);
        assertEquals(3, ev.wakeUpCount());
    }

    @Test
    void setReplacesTheFlagsAndClearDoesNotWake()
    {
        ev.post(0b1111);
        waiter("w", 0b1_0000, EventGroup.ANY, Scheduler.FOREVER);
        rig.drain();
        assertEquals(0b0101, ev.clear(0b1010));
        assertEquals(0b1_0000, ev.set(0b1_0000));
        rig.drain();
        assertEquals(List.of("w 0x10 @0"), rig.trace);
    }

    @Test
    void aWaitTimesOutInVirtualTime()
    {
        waiter("late", 0b1, EventGroup.ANY, 12);
        assertEquals(Scheduler.RUN_IDLE, rig.runChecked());
        assertEquals(List.of("late ETIMEDOUT @12"), rig.trace);
        assertEquals(0, ev.waiterCount());
    }

    @Test
    void noWaitPollsOnce()
    {
        waiter("poll", 0b1, EventGroup.ANY, Scheduler.NO_WAIT);
        rig.drain();
        assertEquals(List.of("poll ETIMEDOUT @0"), rig.trace);
        assertEquals(0, ev.poll(0b1, EventGroup.ANY));
        ev.post(0b1);
        assertEquals(1, ev.poll(0b1, EventGroup.ANY | EventGroup.CLEAR));
        assertEquals(0, ev.flags());
    }

    @Test
    void bit31IsAFlagLikeAnyOther()
    {
        waiter("top", 0x8000_0000, EventGroup.ALL, Scheduler.FOREVER);
        rig.drain();
        ev.post(0x8000_0000);
        rig.drain();
        assertEquals(List.of("top 0x80000000 @0"), rig.trace);
    }

    @Test
    void aBottomHalfPostWakesAWaiterThroughTheBridge()
    {
        final InterruptBridge bridge = new InterruptBridge(s, new SoftInterruptLines(rig.clock), 8);
        bridge.register(3, line -> ev.post(1 << line));
        waiter("irq", 1 << 3, EventGroup.ANY | EventGroup.CLEAR, Scheduler.FOREVER);
        rig.drain();
        bridge.raise(1 << 3);
        rig.drain();
        assertEquals(List.of("irq 0x8 @0"), rig.trace);
        assertEquals(0, ev.flags());
    }

    @Test
    void anAwaitOutsideACoroutineThrowsWithoutClearingTheFlags()
    {
        // A bottom half that calls await() instead of poll() is refused: the flag it matched stays.
        ev.post(0b1);
        assertThrows(IllegalStateException.class, () -> ev.await(0b1, EventGroup.ANY | EventGroup.CLEAR,
            Scheduler.FOREVER));
        assertEquals(0b1, ev.flags(), "a refused await cleared the flag");
    }

    @Test
    void aBadTimeoutIsRefusedEvenWhenTheFlagsAreAlreadySet()
    {
        ev.post(0b1);
        final List<String> thrown = new java.util.ArrayList<>();
        rig.spawn("bad", (sch, me) ->
        {
            if (me.pc() == 1)
            {
                return sch.done(0);
            }
            me.pc(1);
            try
            {
                return ev.await(0b1, EventGroup.ANY | EventGroup.CLEAR, -2);
            }
            catch (final IllegalArgumentException e)
            {
                thrown.add(e.getMessage());
                return sch.done(0);
            }
        });
        rig.drain();
        assertEquals(1, thrown.size(), "timeout -2 passed silently because the flag was set");
        assertEquals(0b1, ev.flags(), "a refused await cleared the flag");
    }

    @Test
    void misuseFailsLoudly()
    {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ev.poll(0, 0));
        assertTrue(e.getMessage().contains("event group #7"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ev.poll(1, 4));
        assertThrows(IllegalStateException.class, () -> ev.await(1, 0, Scheduler.FOREVER));
    }
}
