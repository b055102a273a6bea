package dev.fireball.hal;

import static dev.fireball.hal.OpenFlags.O_RDONLY;
import static dev.fireball.hal.OpenFlags.O_RDWR;
import static dev.fireball.hal.OpenFlags.O_WRONLY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fireball.hal.support.GatedDriver;
import dev.fireball.hal.support.Rig;
import dev.fireball.hal.support.TxGatedUartDriver;
import dev.fireball.kernel.AsciiSink;
import dev.fireball.kernel.Coroutine;
import dev.fireball.kernel.Errno;
import dev.fireball.kernel.Scheduler;
import dev.fireball.kernel.VirtualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Wake-ups by direction: every open has a queue of coroutines waiting to read and one of
 * coroutines waiting to write. {@code signalReady(minor, POLLIN)} and received bytes
 * ({@code deliver}) wake readers only, {@code signalReady(minor, POLLOUT)} writers only, both bits
 * both; a close wakes both queues with {@code -EBADF}; a signal for no direction or an unknown one
 * is a driver bug and throws.
 */
class HalWakeDirectionTest
{
    private final Rig rig = Rig.unsealed();
    private final Hal hal = rig.hal;
    private final Scheduler s = rig.scheduler;
    private final GatedDriver gated = rig.gated;
    private final TxGatedUartDriver tty = new TxGatedUartDriver(1);

    @BeforeEach
    void boot()
    {
        hal.addType("tty", Ioctl.TIOC_BASE);
        hal.register("device://tty/*", tty);
        hal.seal();
        s.armWakeSource();  // the lower halves are the tests': waiting is idle, not deadlock
    }

    @AfterEach
    void invariantsHold()
    {
        hal.checkInvariants();
        s.checkInvariants();
    }

    /**
     * Reads or writes {@code fd} (shared or its own), waiting in that direction while the call
     * would block; ends when the call progresses or a wait fails. Counts its wake-ups.
     */
    static final class Waiter extends Coroutine
    {
        static final int RUNNING = Integer.MIN_VALUE;

        private final Hal hal;
        private final boolean reads;
        private final byte[] buf = new byte[4];
        int fd;
        int wakeups;
        int lastStatus;
        /** What the call returned once it did not block, or the failed wait's status; RUNNING before. */
        int result = RUNNING;

        Waiter(final String name, final Hal hal, final int fd, final boolean reads)
        {
            super(name);
            this.hal = hal;
            this.fd = fd;
            this.reads = reads;
        }

        @Override
        protected int resume(final Scheduler s)
        {
            if (0 != pc)
            {
                wakeups++;
                lastStatus = s.status();
                if (lastStatus < 0)
                {
                    result = lastStatus;
                    return s.fail(lastStatus);
                }
            }
            pc = 1;
            final int n = reads ? hal.read(fd, buf, 0, buf.length) : hal.write(fd, buf, 0, buf.length);
            if (Hal.WOULD_BLOCK == n)
            {
                return reads ? hal.awaitReadable(fd, Scheduler.FOREVER) : hal.awaitWritable(fd, Scheduler.FOREVER);
            }
            result = n;
            return s.done(n);
        }
    }

    private Waiter spawn(final String name, final int fd, final boolean reads)
    {
        final Waiter w = new Waiter(name, hal, fd, reads);
        s.spawn(w);
        settle();
        return w;
    }

    /** Runs everything that is ready now; time does not pass. */
    private void settle()
    {
        s.runUntil(s.now());
    }

    private boolean waits(final Waiter w)
    {
        return Waiter.RUNNING == w.result;
    }

    // ---- STREAM devices: signalReady by direction -----------------------------------------------

    @Test
    void aReaderIsNotWokenWhenRoomToWriteIsSignalled()
    {
        final Waiter reader = spawn("reader", hal.open("device://spi/0", O_RDONLY), true);
        assertTrue(waits(reader));

        assertEquals(0, gated.grantRoom(0, 4), "POLLOUT woke nobody");
        settle();
        assertEquals(0, reader.wakeups);
        assertTrue(waits(reader));

        assertEquals(1, gated.supply(0, (byte) 7, 2), "POLLIN woke the reader");
        settle();
        assertEquals(1, reader.wakeups);
        assertEquals(2, reader.result);
    }

    @Test
    void aWriterIsNotWokenWhenDataToReadIsSignalled()
    {
        final Waiter writer = spawn("writer", hal.open("device://spi/0", O_WRONLY), false);
        assertTrue(waits(writer));

        assertEquals(0, gated.supply(0, (byte) 7, 2), "POLLIN woke nobody");
        settle();
        assertEquals(0, writer.wakeups);
        assertTrue(waits(writer));

        assertEquals(1, gated.grantRoom(0, 3), "POLLOUT woke the writer");
        settle();
        assertEquals(1, writer.wakeups);
        assertEquals(3, writer.result);
    }

    @Test
    void onOneSharedFdEachSignalWakesTheCoroutineWaitingInItsDirection()
    {
        final int fd = hal.open("device://spi/0", O_RDWR);
        final Waiter reader = spawn("reader", fd, true);
        final Waiter writer = spawn("writer", fd, false);

        assertEquals(1, gated.grantRoom(0, 1));
        settle();
        assertEquals(1, writer.result);
        assertTrue(waits(reader), "the reader sharing the fd slept through it");

        assertEquals(1, gated.supply(0, (byte) 1, 1));
        settle();
        assertEquals(1, reader.result);
        assertEquals(1, reader.wakeups);
        assertEquals(1, writer.wakeups);
    }

    @Test
    void aSignalForBothDirectionsWakesReadersAndWritersAndCountsThem()
    {
        final Waiter reader = spawn("reader", hal.open("device://spi/0", O_RDONLY), true);
        final Waiter writer = spawn("writer", hal.open("device://spi/0", O_WRONLY), false);
        final Waiter both = spawn("shared-reader", hal.open("device://spi/0", O_RDWR), true);

        assertEquals(3, gated.signal(0, Driver.POLLIN | Driver.POLLOUT));
        settle();
        assertEquals(1, reader.wakeups);
        assertEquals(1, writer.wakeups);
        assertEquals(1, both.wakeups);
        assertTrue(waits(reader) && waits(writer) && waits(both), "nothing changed: each waits again");
    }

    @Test
    void aReaderWokenWithoutDataWaitsAgainInTheSameDirection()
    {
        final Waiter reader = spawn("reader", hal.open("device://spi/0", O_RDONLY), true);

        assertEquals(1, gated.signal(0, Driver.POLLIN));   // readiness is a hint: nothing arrived
        settle();
        assertEquals(1, reader.wakeups);
        assertTrue(waits(reader));
        assertEquals(0, gated.grantRoom(0, 1), "it waits to read again, not to write");
        assertEquals(1, gated.supply(0, (byte) 5, 1));
        settle();
        assertEquals(1, reader.result);
    }

    // ---- receive-ring devices: deliver wakes readers only ---------------------------------------

    @Test
    void receivedBytesWakeReadersButNotAWriterWaitingForRoom()
    {
        final int fd = hal.open("device://tty/0", O_RDWR);
        final Waiter writer = spawn("writer", fd, false);
        final Waiter reader = spawn("reader", fd, true);
        final Waiter other = spawn("other-reader", hal.open("device://tty/0", O_RDONLY), true);

        assertEquals(2, tty.receive(0, new byte[] {1, 2, 3}), "both readers' rings fed");
        settle();
        assertEquals(3, reader.result);
        assertEquals(3, other.result);
        assertEquals(0, writer.wakeups, "received bytes are no news to a writer");
        assertTrue(waits(writer));

        assertEquals(1, tty.grantRoom(0, 8));
        settle();
        assertEquals(4, writer.result);
    }

    @Test
    void roomToWriteOnAReceiveRingDeviceWakesNoReader()
    {
        final Waiter reader = spawn("reader", hal.open("device://tty/0", O_RDONLY), true);
        final Waiter writer = spawn("writer", hal.open("device://tty/0", O_WRONLY), false);

        assertEquals(1, tty.grantRoom(0, 2));
        settle();
        assertEquals(2, writer.result);
        assertEquals(0, reader.wakeups);
        assertTrue(waits(reader));
    }

    // ---- closing wakes both queues -----------------------------------------------------------

    @Test
    void closingAnFdWakesItsReadersAndItsWritersWithEbadf()
    {
        final int fd = hal.open("device://tty/0", O_RDWR);
        final Waiter reader = spawn("reader", fd, true);
        final Waiter writer = spawn("writer", fd, false);

        assertEquals(0, hal.close(fd));
        settle();
        assertEquals(-Errno.EBADF, reader.result);
        assertEquals(-Errno.EBADF, writer.result);
        assertEquals(0, hal.streamsInUse());
    }

    @Test
    void aModuleStopWakesItsWritersAsWellAsItsReaders()
    {
        final Waiter writer = spawn("writer", hal.open("device://spi/0", O_WRONLY), false);
        final Waiter reader = spawn("reader", hal.open("device://tty/0", O_RDONLY), true);

        assertEquals(2, hal.closeAllOf(Hal.KERNEL_MODULE));
        settle();
        assertEquals(-Errno.EBADF, writer.result);
        assertEquals(-Errno.EBADF, reader.result);
        assertEquals(0, s.waitingCount());
    }

    @Test
    void aWriterWaitingForRoomTimesOut()
    {
        final int[] status = {1};
        s.spawn(new Coroutine("timed-writer")
        {
            int fd;

            @Override
            protected int resume(final Scheduler sc)
            {
                if (0 == pc)
                {
                    fd = hal.open("device://spi/0", O_WRONLY);
                    pc = 1;
                    return hal.awaitWritable(fd, 25);
                }
                status[0] = sc.status();
                return sc.done(0);
            }
        });
        s.disarmWakeSource();
        s.run();
        assertEquals(-Errno.ETIMEDOUT, status[0]);
        assertEquals(25, s.now());
    }

    // ---- a signal must name a direction ------------------------------------------------------

    @Test
    void aSignalForNoDirectionOrAnUnknownOneIsRefusedLoudly()
    {
        final Waiter reader = spawn("reader", hal.open("device://spi/0", O_RDONLY), true);
        for (final int bad : new int[] {0, 0x002, 0x008, Driver.POLLIN | 0x010, Driver.POLLOUT | 0x100, -1})
        {
            final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> gated.signal(0, bad));
            assertTrue(e.getMessage().contains("GatedDriver) signalReady(minor=0, events=0x" + Integer.toHexString(bad)
                + "): events must be POLLIN (0x1), POLLOUT (0x4) or both"), e.getMessage());
        }
        settle();
        assertEquals(0, reader.wakeups, "a refused signal wakes nobody");
        assertThrows(IllegalArgumentException.class, () -> gated.signal(7, 0), "even for a minor it does not serve");
    }

    @Test
    void aSignalForAMinorTheDriverDoesNotServeWakesNobody()
    {
        final Waiter reader = spawn("reader", hal.open("device://spi/0", O_RDONLY), true);
        assertEquals(0, gated.signal(1, Driver.POLLIN));
        assertEquals(0, gated.signal(-1, Driver.POLLIN | Driver.POLLOUT));
        settle();
        assertEquals(0, reader.wakeups);
    }

    // ---- what a dump and the invariants see ----------------------------------------------------

    @Test
    void aDumpSaysWhetherACoroutineWaitsToReadOrToWrite()
    {
        // Reopened, so fd, fd-table slot and streaming slot all differ: the dump named the streaming slot,
        // a number the application never sees.
        hal.close(hal.open("device://spi/0", O_RDONLY));
        final int rx = hal.open("device://spi/0", O_RDONLY);
        final int tx = hal.open("device://spi/0", O_WRONLY);
        spawn("rx-task", rx, true);
        spawn("tx-task", tx, false);
        final AsciiSink out = new AsciiSink(2048);
        s.dump(out);
        final String dump = out.toString();
        assertTrue(rx > 1 && tx > 1, "fds, not slots: " + rx + ", " + tx);
        assertTrue(dump.matches("(?s).*rx-task +fd-read #" + rx + " forever.*"), dump);
        assertTrue(dump.matches("(?s).*tx-task +fd-write #" + tx + " forever.*"), dump);
    }

    @Test
    void aFreeStreamWithAWaiterInEitherQueueBreaksTheInvariants()
    {
        final Scheduler sched = new Scheduler(4, new VirtualClock(), (b, o, l) -> { });
        final StreamTable table = new StreamTable(sched, 2, 4);
        sched.spawn(new Coroutine("stray-writer")
        {
            @Override
            protected int resume(final Scheduler sc)
            {
                return sc.pend(table.writers(1), Scheduler.FOREVER);
            }
        });
        final int strayReader = sched.spawn(new Coroutine("stray-reader")
        {
            @Override
            protected int resume(final Scheduler sc)
            {
                return sc.pend(table.readers(0), Scheduler.FOREVER);
            }
        });
        sched.armWakeSource();
        sched.runUntil(0);

        final IllegalStateException e = assertThrows(IllegalStateException.class, table::checkInvariants);
        assertEquals("free stream 0 still has 1 read waiter(s)", e.getMessage());
        sched.cancel(strayReader);
        final IllegalStateException w = assertThrows(IllegalStateException.class, table::checkInvariants);
        assertEquals("free stream 1 still has 1 write waiter(s)", w.getMessage());
    }
}
