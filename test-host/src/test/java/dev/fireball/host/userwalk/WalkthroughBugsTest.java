package dev.fireball.host.userwalk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import dev.fireball.config.Boards;
import dev.fireball.kernel.Coroutine;
import dev.fireball.kernel.Errno;
import dev.fireball.kernel.FuturePool;
import dev.fireball.kernel.Kernel;
import dev.fireball.kernel.Scheduler;
import dev.fireball.kernel.VirtualClock;

/**
 * Regression tests for the two bugs the new-user walk-through found: a module that faulted while
 * holding a future leaked it, so its restarts drained the shared pool for every module (futures are
 * now owned and reclaimed at a module stop: FuturePool, "Ownership"); and a fault report longer than
 * the 256-byte report buffer lost its newline, gluing the next report onto it (AsciiSink now ends a
 * cut text with "...\n").
 */
class WalkthroughBugsTest
{
    private final ByteArrayOutputStream consoleBytes = new ByteArrayOutputStream();
    private final Kernel k = Kernel.boot(Boards.byName("host"), new VirtualClock(), consoleBytes::write);

    /** Creates a future, waits 5 ticks on it, and throws: a module that faults while holding a future. */
    static final class HoldsAFutureAndFaults extends Coroutine
    {
        private final FuturePool futures;
        int lastCreate;

        HoldsAFutureAndFaults(final FuturePool futures)
        {
            super("holder", 0);
            this.futures = futures;
        }

        @Override
        protected int resume(final Scheduler s)
        {
            if (0 == pc)
            {
                lastCreate = futures.create();
                if (lastCreate < 0)
                {
                    return s.fail(lastCreate); // not a fault: the module stays RUNNING, empty (see MisuseTest)
                }
                pc = 1;
                return futures.await(lastCreate, 5);
            }
            throw new IllegalStateException("device did not answer");
        }
    }

    /** Sleeps, then tries to create a future once. */
    static final class LateUser extends Coroutine
    {
        private final FuturePool futures;
        int created = Integer.MIN_VALUE;

        LateUser(final FuturePool futures)
        {
            super("late-user", 0);
            this.futures = futures;
        }

        @Override
        protected int resume(final Scheduler s)
        {
            if (0 == pc)
            {
                pc = 1;
                return s.sleep(1_000);
            }
            created = futures.create();
            return s.done(0);
        }
    }

    @Test
    void futuresHeldByAFaultingModuleAreReclaimedAtEachStopSoOtherModulesStillGetOne()
    {
        final FuturePool futures = k.futures();
        final HoldsAFutureAndFaults holder = new HoldsAFutureAndFaults(futures);
        final LateUser user = new LateUser(futures);
        // Restart at most once per tick: faults 5 ticks apart restart forever (modules.md, policies).
        final int flaky = k.create(k.module("flaky", holder).restart(1, 1));
        final int other = k.create(k.module("other", user));
        k.seal();
        k.modules.start(flaky);
        k.modules.start(other);

        k.scheduler.runUntil(1_000);

        assertEquals(2, futures.liveCount(), "live: the running incarnation's future and 'other''s; "
            + futures.reclaimedCount() + " reclaimed");
        assertTrue(holder.lastCreate > 0, "every incarnation got a future");
        assertTrue(user.created > 0, "module 'other' never faulted and gets a future: " + Errno.name(user.created));
    }

    /** A kernel coroutine with a descriptive name that returns a non-directive value by mistake. */
    static final class ReturnsAnErrnoInsteadOfADirective extends Coroutine
    {
        ReturnsAnErrnoInsteadOfADirective()
        {
            super("i2c-temperature-poller");
        }

        @Override
        protected int resume(final Scheduler s)
        {
            return -Errno.EAGAIN; // meant: return s.fail(-Errno.EAGAIN)
        }
    }

    @Test
    void aLongFaultLineIsCutAt256BytesButMarksTheCutAndEndsItsLine()
    {
        k.scheduler.spawnDetached(new ReturnsAnErrnoInsteadOfADirective());
        k.scheduler.spawnDetached(new ReturnsAnErrnoInsteadOfADirective());
        k.seal();

        k.scheduler.run();

        final String console = consoleBytes.toString(StandardCharsets.US_ASCII);
        final int second = console.indexOf("fault: ", 1);
        assertTrue(second > 0, console);
        assertEquals(256, second, "the first report is exactly the 256-byte sink");
        assertTrue(console.substring(0, second).endsWith("...\n"), "the cut report ends its line: " + console);
        assertTrue(console.substring(0, second).contains("returned -11 from resume()"), console);
    }
}
