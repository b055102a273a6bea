package dev.fireball.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fireball.kernel.support.Rig;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Futures: resolve/reject once, await with timeout, cancel, release, coroutines observed as futures. */
class FuturePoolTest
{
    private final Rig rig = new Rig();
    private final Scheduler s = rig.s;
    private final FuturePool futures = new FuturePool(s, 4);

    @AfterEach
    void invariantsHold()
    {
        rig.checkInvariants();
    }

    private static String outcome(final int status)
    {
        switch (status)
        {
            case FuturePool.RESOLVED: return "resolved";
            case FuturePool.REJECTED: return "rejected";
            case FuturePool.CANCELED: return "canceled";
            default: return Errno.name(status);
        }
    }

    private int awaiter(final String name, final int[] future, final long timeout)
    {
        return rig.spawn(name, (sch, me) ->
        {
            if (me.pc() == 0)
            {
                me.pc(1);
                return futures.await(future[0], timeout);
            }
            me.log(name + " " + outcome(sch.status()) + " " + sch.value() + " @" + sch.now());
            return sch.done(0);
        });
    }

    @Test
    void everyAwaiterSeesTheResolvedValueAndLaterAwaitsCompleteAtOnce()
    {
        final int[] f = {futures.create()};
        assertTrue(f[0] > 0);
        awaiter("a", f, Scheduler.FOREVER);
        awaiter("b", f, Scheduler.FOREVER);
        rig.drain();
        assertEquals(2, futures.waiterCount(f[0]));
        rig.clock.advance(3);
        assertEquals(0, futures.resolve(f[0], 42));
        assertEquals(-Errno.EALREADY, futures.resolve(f[0], 43));
        assertEquals(-Errno.EALREADY, futures.reject(f[0], 1));
        awaiter("late", f, Scheduler.FOREVER);
        rig.drain();
        assertEquals(List.of("a resolved 42 @3", "b resolved 42 @3", "late resolved 42 @3"), rig.trace);
        assertEquals(FuturePool.RESOLVED, futures.stateOf(f[0]));
        assertEquals(42, futures.valueOf(f[0]));
    }

    @Test
    void rejectCarriesTheCode()
    {
        final int[] f = {futures.create()};
        awaiter("a", f, Scheduler.FOREVER);
        rig.drain();
        futures.reject(f[0], -Errno.EIO);
        rig.drain();
        assertEquals(List.of("a rejected -5 @0"), rig.trace);
    }

    @Test
    void anAwaitTimesOutInVirtualTimeAndTheFutureStaysPending()
    {
        final int[] f = {futures.create()};
        awaiter("a", f, 9);
        assertEquals(Scheduler.RUN_IDLE, rig.runChecked());
        assertEquals(List.of("a ETIMEDOUT 0 @9"), rig.trace);
        assertEquals(FuturePool.PENDING, futures.stateOf(f[0]));
        assertEquals(0, futures.waiterCount(f[0]));
    }

    @Test
    void cancelWakesAwaitersAndRefusesALateResolve()
    {
        final int[] f = {futures.create()};
        awaiter("a", f, Scheduler.FOREVER);
        rig.drain();
        assertEquals(0, futures.cancel(f[0]));
        assertEquals(-Errno.ECANCELED, futures.resolve(f[0], 1));
        assertEquals(-Errno.EALREADY, futures.cancel(f[0]));
        rig.drain();
        assertEquals(List.of("a canceled 0 @0"), rig.trace);
    }

    @Test
    void releasedHandlesAreStaleAndThePoolIsBounded()
    {
        final int[] h = new int[4];
        for (int i = 0; i < 4; i++)
        {
            h[i] = futures.create();
            assertTrue(h[i] > 0);
        }
        assertEquals(-Errno.EAGAIN, futures.create());
        assertEquals(1, futures.exhaustedCount());
        assertEquals(0, futures.release(h[2]));
        final int reused = futures.create();
        assertTrue(reused > 0 && reused != h[2], "same index, new generation");
        assertEquals(-Errno.ESRCH, futures.stateOf(h[2]));
        assertEquals(-Errno.ESRCH, futures.resolve(h[2], 1));
        assertEquals(-Errno.ESRCH, futures.release(h[2]));
        final int[] stale = {h[2]};
        awaiter("stale", stale, Scheduler.FOREVER);
        rig.drain();
        assertEquals(List.of("stale ESRCH 0 @0"), rig.trace);
    }

    @Test
    void releasingAPendingFutureWakesItsAwaitersWithCanceled()
    {
        final int[] f = {futures.create()};
        awaiter("a", f, Scheduler.FOREVER);
        rig.drain();
        futures.release(f[0]);
        rig.drain();
        assertEquals(List.of("a canceled 0 @0"), rig.trace);
    }

    @Test
    void aCoroutinesCompletionIsObservedAsAFuture()
    {
        final int worker = s.spawnDetached(rig.script("worker", (sch, me) ->
        {
            if (me.pc() == 0)
            {
                me.pc(1);
                return sch.sleep(5);
            }
            return sch.done(99);
        }));
        final int[] f = {futures.ofCoroutine(worker)};
        assertTrue(f[0] > 0);
        assertEquals(-Errno.EBUSY, futures.ofCoroutine(worker));
        assertEquals(-Errno.EPERM, futures.resolve(f[0], 1), "only the coroutine completes it");
        awaiter("a", f, Scheduler.FOREVER);
        assertEquals(Scheduler.RUN_IDLE, rig.runChecked());
        assertEquals(List.of("a resolved 99 @5"), rig.trace);
        assertEquals(-Errno.ESRCH, s.stateOf(worker), "the detached worker's slot is free; the future holds its result");
        assertEquals(99, futures.valueOf(f[0]));
    }

    @Test
    void failuresAndFaultsRejectAndACancelOfTheFutureCancelsTheCoroutine()
    {
        final int failing = s.spawnDetached(rig.script("failing", (sch, me) -> sch.fail(-Errno.EIO)));
        final int throwing = s.spawnDetached(rig.script("throwing", (sch, me) ->
        {
            throw new IllegalStateException("boom");
        }));
        final int parked = s.spawnDetached(rig.script("parked", (sch, me) ->
        {
            me.pc(1);
            return sch.park(Scheduler.FOREVER);
        }));
        final int[] f1 = {futures.ofCoroutine(failing)};
        final int[] f2 = {futures.ofCoroutine(throwing)};
        final int[] f3 = {futures.ofCoroutine(parked)};
        awaiter("a1", f1, Scheduler.FOREVER);
        rig.drain();
        assertEquals(0, futures.cancel(f3[0]));
        assertEquals(-Errno.ESRCH, s.stateOf(parked), "the detached coroutine was canceled and freed");
        awaiter("a2", f2, Scheduler.FOREVER);
        awaiter("a3", f3, Scheduler.FOREVER);
        rig.drain();
        assertEquals(List.of("a1 rejected -5 @0", "a2 rejected 0 @0", "a3 canceled 0 @0"), rig.trace);
    }

    @Test
    void aFinishedButUnjoinedCoroutineIsObservedAtOnce()
    {
        final int h = s.spawn(rig.script("quick", (sch, me) -> sch.done(7)));
        rig.drain();
        final int f = futures.ofCoroutine(h);
        assertEquals(FuturePool.RESOLVED, futures.stateOf(f));
        assertEquals(7, futures.valueOf(f));
        assertEquals(Scheduler.DONE, s.stateOf(h), "its slot is still its joiner's to free");
        assertEquals(-Errno.ESRCH, futures.ofCoroutine(0x7fff_0001));
    }

    @Test
    void aBottomHalfResolvesAFuture()
    {
        final InterruptBridge bridge = new InterruptBridge(s, new SoftInterruptLines(rig.clock), 4);
        final int[] f = {futures.create()};
        bridge.register(1, line -> futures.resolve(f[0], 1000 + line));
        awaiter("dma", f, Scheduler.FOREVER);
        rig.drain();
        bridge.raise(0b10);
        rig.drain();
        assertEquals(List.of("dma resolved 1001 @0"), rig.trace);
    }
}
