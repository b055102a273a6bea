package dev.fireball.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fireball.config.Boards;
import dev.fireball.kernel.support.RecordingConsole;
import org.junit.jupiter.api.Test;

/**
 * A module's futures die with it: when a module stops, every future it created goes back to the
 * pool, its waiters in other modules wake CANCELED and its handle turns stale. Without that, a
 * module that faults while holding a future drained the shared pool at every restart, until a
 * healthy module's {@code create} failed with EAGAIN.
 */
class FutureOwnershipTest
{
    private final RecordingConsole console = new RecordingConsole();
    private final Kernel k = Kernel.boot(Boards.byName("host"), new VirtualClock(), console);
    private final FuturePool futures = k.futures();

    /** Creates a future, publishes it, waits a little on it and throws. */
    final class Holder extends Coroutine
    {
        int future;
        int creates;

        Holder()
        {
            super("holder", 0);
        }

        @Override
        protected int resume(final Scheduler s)
        {
            if (0 == pc)
            {
                future = futures.create();
                creates++;
                pc = 1;
                return futures.await(future, 5);
            }
            throw new IllegalStateException("device did not answer");
        }
    }

    /** Waits forever on the holder's future; records how the wait ended. */
    final class Watcher extends Coroutine
    {
        final Holder holder;
        int watched;
        int status = Integer.MIN_VALUE;

        Watcher(final Holder holder)
        {
            super("watcher", 0);
            this.holder = holder;
        }

        @Override
        protected int resume(final Scheduler s)
        {
            switch (pc)
            {
                case 0:
                    pc = 1;
                    return s.yield(); // the holder runs first and creates the future
                case 1:
                    pc = 2;
                    watched = holder.future;
                    return futures.await(watched, Scheduler.FOREVER);
                default:
                    status = s.status();
                    return s.done(0);
            }
        }
    }

    @Test
    void aRestartingModuleCannotDrainThePoolForTheOthers()
    {
        final Holder holder = new Holder();
        final int flaky = k.create(k.module("flaky", holder).restart(1, 1)); // faults 5 ticks apart: restarts forever
        final int kernelOwned = futures.create(); // boot code: the kernel's, never reclaimed
        k.seal();
        k.modules.start(flaky);

        k.scheduler.runUntil(1_000);

        final int restarts = k.modules.restarts(flaky);
        assertEquals(holder.creates - 1, restarts, "one fault per incarnation");
        assertEquals(true, restarts > 2 * k.config.maxFutures, "enough faults to have drained the pool: " + restarts);
        assertEquals(restarts, futures.reclaimedCount(), "each incarnation's future was reclaimed at its stop");
        assertEquals(2, futures.liveCount(), "the running incarnation's future and the kernel's");
        assertEquals(Modules.KERNEL, futures.ownerOf(kernelOwned));
        assertEquals(flaky, futures.ownerOf(holder.future));
        assertEquals(FuturePool.PENDING, futures.stateOf(kernelOwned));
    }

    @Test
    void aWaiterInAnotherModuleWakesCanceledAndTheHandleTurnsStale()
    {
        final Holder holder = new Holder();
        final Watcher watcher = new Watcher(holder);
        final int owner = k.create(k.module("owner", holder)); // policy stop
        final int other = k.create(k.module("other", watcher));
        k.seal();
        k.modules.start(owner);
        k.modules.start(other);

        k.scheduler.run();

        assertEquals(Modules.STOPPED, k.modules.state(owner));
        assertEquals(FuturePool.CANCELED, watcher.status, "the waiter of a stopped module's future");
        assertEquals(-Errno.ESRCH, futures.stateOf(watcher.watched), "the handle is stale after the reclaim");
        assertEquals(0, futures.liveCount());
        assertEquals(1, futures.reclaimedCount());
    }

    @Test
    void anExplicitStopReclaimsToo()
    {
        final Holder holder = new Holder();
        final int owner = k.create(k.module("owner", holder));
        k.seal();
        k.modules.start(owner);
        k.scheduler.runUntil(2); // the holder waits on its future
        assertEquals(1, futures.liveCount());

        assertEquals(1, k.modules.stop(owner), "the holder was stopped");

        assertEquals(0, futures.liveCount());
        assertEquals(-Errno.ESRCH, futures.stateOf(holder.future));
    }
}
