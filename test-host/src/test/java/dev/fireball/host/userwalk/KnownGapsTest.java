package dev.fireball.host.userwalk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
 * Behaviours found in the new-user walk-through that are reported as bugs (kernel source was not to
 * be changed on this branch). Each test asserts what happens today, so it runs as evidence; when a
 * fix lands, the assertion marked FLIP is the one to invert.
 */
class KnownGapsTest
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
    void futuresHeldByAFaultingModuleAreNeverReclaimedSoItsRestartsStarveEveryOtherModule()
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

        assertEquals(k.config.maxFutures, futures.liveCount(), "one future leaked per fault of 'flaky'");
        assertEquals(-Errno.EAGAIN, holder.lastCreate);
        assertEquals(-Errno.EAGAIN, user.created, "FLIP: module 'other' never faulted, yet the pool is empty");
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
    void aLongFaultLineIsCutAt256BytesAndLosesItsNewlineSoTheNextReportJoinsIt()
    {
        k.scheduler.spawnDetached(new ReturnsAnErrnoInsteadOfADirective());
        k.scheduler.spawnDetached(new ReturnsAnErrnoInsteadOfADirective());
        k.seal();

        k.scheduler.run();

        final String console = consoleBytes.toString(StandardCharsets.US_ASCII);
        final int second = console.indexOf("fault: ", 1);
        assertTrue(second > 0, console);
        assertEquals(256, second, "the first report is exactly the 256-byte sink");
        assertFalse(console.substring(0, second).endsWith("\n"), "FLIP: the report should end its line");
        assertTrue(console.substring(0, second).contains("returned -11 from resume()"), console);
    }
}
