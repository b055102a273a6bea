package dev.fireball.hal;

import static dev.fireball.hal.OpenFlags.O_RDONLY;
import static dev.fireball.hal.OpenFlags.O_RDWR;
import static dev.fireball.hal.OpenFlags.O_WRONLY;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fireball.hal.support.NullModemDriver;
import dev.fireball.hal.support.Rig;
import dev.fireball.kernel.Coroutine;
import dev.fireball.kernel.Errno;
import dev.fireball.kernel.Scheduler;
import dev.fireball.kernel.VirtualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Blocking reads and writes from real coroutines on a scheduler in virtual time: the coroutine
 * suspends, the kernel does not.
 */
class HalBlockingTest
{
    private final Rig rig = new Rig();
    private final Hal hal = rig.hal;
    private final Scheduler s = rig.scheduler;

    @AfterEach
    void invariantsHold()
    {
        hal.checkInvariants();
        s.checkInvariants();
    }

    /** The read loop of the Hal class comment: await after WOULD_BLOCK, retry on resume. */
    static final class BlockingReader extends Coroutine
    {
        final Hal hal;
        final String uri;
        final long timeout;
        final byte[] buf = new byte[64];
        int fd;
        int got;
        int waits;
        long readAt = -1;
        int lastStatus;

        BlockingReader(final Hal hal, final String uri, final long timeout)
        {
            super("reader");
            this.hal = hal;
            this.uri = uri;
            this.timeout = timeout;
        }

        @Override
        protected int resume(final Scheduler s)
        {
            switch (pc)
            {
                case 0:
                    fd = hal.open(uri, O_RDONLY);
                    if (fd < 0)
                    {
                        return s.fail(fd);
                    }
                    pc = 1;
                    return s.yield();
                case 2:
                    lastStatus = s.status();
                    if (-Errno.ETIMEDOUT == lastStatus || -Errno.EBADF == lastStatus)
                    {
                        return s.fail(lastStatus);
                    }
                    // fall through: retry
                default:
                    final int n = hal.read(fd, buf, 0, buf.length);
                    if (Hal.WOULD_BLOCK == n)
                    {
                        waits++;
                        pc = 2;
                        return hal.awaitReadable(fd, timeout);
                    }
                    if (n < 0)
                    {
                        return s.fail(n);
                    }
                    got = n;
                    readAt = s.now();
                    hal.close(fd);
                    return s.done(n);
            }
        }
    }

    /** Writes {@code text} to {@code uri} after sleeping {@code delay} ticks. */
    static final class DelayedWriter extends Coroutine
    {
        final Hal hal;
        final String uri;
        final long delay;
        final byte[] text;

        DelayedWriter(final Hal hal, final String uri, final long delay, final String text)
        {
            super("writer");
            this.hal = hal;
            this.uri = uri;
            this.delay = delay;
            this.text = HalStreamTest.bytes(text);
        }

        @Override
        protected int resume(final Scheduler s)
        {
            if (0 == pc)
            {
                pc = 1;
                return s.sleep(delay);
            }
            final int fd = hal.open(uri, O_WRONLY);
            final int n = hal.write(fd, text, 0, text.length);
            hal.close(fd);
            return s.done(n);
        }
    }

    @Test
    void blockingReadSuspendsTheCoroutineUntilDataArrives()
    {
        final BlockingReader reader = new BlockingReader(hal, "device://uart/0", Scheduler.FOREVER);
        final int r = s.spawn(reader);
        s.spawn(new DelayedWriter(hal, "device://uart/0", 50, "ping"));
        assertEquals(Scheduler.RUN_IDLE, s.run());
        assertEquals(4, reader.got);
        assertEquals(50, reader.readAt, "woken by the write at tick 50, not before");
        assertEquals(1, reader.waits, "one suspension, no polling");
        assertEquals(0, reader.lastStatus);
        assertEquals(Scheduler.COMPLETED, s.outcomeOf(r));
    }

    @Test
    void otherCoroutinesRunWhileOneWaits()
    {
        final BlockingReader reader = new BlockingReader(hal, "device://uart/0", Scheduler.FOREVER);
        s.spawn(reader);
        final int[] ticks = new int[1];
        s.spawn(new Coroutine("ticker")
        {
            @Override
            protected int resume(final Scheduler sc)
            {
                ticks[0]++;
                return ticks[0] < 10 ? sc.sleep(1) : sc.done(0);
            }
        });
        s.spawn(new DelayedWriter(hal, "device://uart/0", 20, "x"));
        s.run();
        assertEquals(10, ticks[0]);
        assertEquals(1, reader.got);
    }

    @Test
    void blockingReadTimesOut()
    {
        final BlockingReader reader = new BlockingReader(hal, "device://uart/1", 30);
        final int r = s.spawn(reader);
        assertEquals(Scheduler.RUN_IDLE, s.run());
        assertEquals(-Errno.ETIMEDOUT, reader.lastStatus);
        assertEquals(30, s.now());
        assertEquals(Scheduler.FAILED, s.outcomeOf(r));
        assertEquals(1, hal.streamsInUse(), "its fd stays open until the module closes it");
    }

    @Test
    void closingTheFdWakesItsWaitersWithEbadf()
    {
        final BlockingReader reader = new BlockingReader(hal, "device://uart/0", Scheduler.FOREVER);
        s.spawn(reader);
        s.runUntil(10);
        assertEquals(1, s.waitingCount());
        assertEquals(1, hal.closeAllOf(Hal.KERNEL_MODULE));
        s.run();
        assertEquals(-Errno.EBADF, reader.lastStatus);
        assertEquals(0, hal.openCount());
    }

    @Test
    void twoBlockedReadersOfOneUartBothGetTheBytes()
    {
        final BlockingReader a = new BlockingReader(hal, "device://uart/0", 100);
        final BlockingReader b = new BlockingReader(hal, "device://uart/0", 100);
        s.spawn(a);
        s.spawn(b);
        s.spawn(new DelayedWriter(hal, "device://uart/0", 5, "hello"));
        s.run();
        assertEquals(5, a.got);
        assertEquals(5, b.got);
    }

    @Test
    void aWakeWithoutDataMakesTheReaderWaitAgain()
    {
        final BlockingReader reader = new BlockingReader(hal, "device://spi/0", Scheduler.FOREVER);
        s.spawn(reader);
        s.runUntil(5);
        rig.gated.signal(0, Driver.POLLIN);  // "readable", but nothing arrived: a spurious wake
        s.runUntil(10);
        assertEquals(2, reader.waits);
        rig.gated.supply(0, (byte) 7, 3);
        s.run();
        assertEquals(3, reader.got);
        assertEquals(7, reader.buf[0]);
    }

    @Test
    void blockingWriteWaitsForRoom()
    {
        final int[] written = new int[1];
        final long[] at = new long[1];
        s.spawn(new Coroutine("tx")
        {
            int fd;

            @Override
            protected int resume(final Scheduler sc)
            {
                if (0 == pc)
                {
                    fd = hal.open("device://spi/0", O_RDWR);
                    pc = 1;
                }
                final int n = hal.write(fd, new byte[8], 0, 8);
                if (Hal.WOULD_BLOCK == n)
                {
                    return hal.awaitWritable(fd, Scheduler.FOREVER);
                }
                written[0] = n;
                at[0] = sc.now();
                return sc.done(n);
            }
        });
        s.armWakeSource();                   // the TX-complete interrupt is armed: idle, not deadlock
        assertEquals(Scheduler.RUN_TIME_LIMIT, s.runUntil(40));
        assertEquals(0, written[0]);
        assertEquals(1, s.waitingCount());
        rig.gated.grantRoom(0, 5);           // the lower half frees 5 bytes of TX room at tick 40
        s.disarmWakeSource();
        s.run();
        assertEquals(5, written[0], "a blocking write returns what fits once something fits");
        assertEquals(40, at[0]);
    }

    @Test
    void awaitOnAReadyOrInvalidFdDoesNotSuspend()
    {
        final int[] outcome = new int[4];
        s.spawn(new Coroutine("ready")
        {
            int fd;

            @Override
            protected int resume(final Scheduler sc)
            {
                switch (pc)
                {
                    case 0:
                        fd = hal.open("device://loop/0", O_RDWR);
                        hal.write(fd, new byte[3], 0, 3);
                        pc = 1;
                        return hal.awaitReadable(fd, Scheduler.FOREVER);       // data already there
                    case 1:
                        outcome[0] = hal.read(fd, new byte[3], 0, 3);
                        pc = 2;
                        return hal.awaitWritable(fd, Scheduler.FOREVER);       // loopback: always room
                    case 2:
                        pc = 3;
                        return hal.awaitReadable(hal.open("device://ram/0", O_RDWR), Scheduler.FOREVER);
                    case 3:
                        hal.close(fd);
                        pc = 4;
                        return hal.awaitReadable(fd, Scheduler.FOREVER);       // closed: retry says EBADF
                    default:
                        outcome[1] = hal.read(fd, new byte[1], 0, 1);
                        return sc.done(0);
                }
            }
        });
        assertEquals(Scheduler.RUN_IDLE, s.run());
        assertEquals(3, outcome[0]);
        assertEquals(-Errno.EBADF, outcome[1]);
        assertEquals(0, s.now(), "nothing waited");
    }

    @Test
    void awaitOnTheWrongDirectionDoesNotSuspendForever()
    {
        final int[] r = new int[1];
        s.spawn(new Coroutine("wo")
        {
            int fd;

            @Override
            protected int resume(final Scheduler sc)
            {
                if (0 == pc)
                {
                    fd = hal.open("device://loop/0", O_WRONLY);
                    pc = 1;
                    return hal.awaitReadable(fd, Scheduler.FOREVER);
                }
                r[0] = hal.read(fd, new byte[1], 0, 1);
                return sc.done(0);
            }
        });
        assertEquals(Scheduler.RUN_IDLE, s.run());
        assertEquals(-Errno.EBADF, r[0]);
    }

    @Test
    void theClassCommentExampleEchoes()
    {
        final Scheduler sched = new Scheduler(4, new VirtualClock(), (b, o, l) -> { });
        final Hal h = new Hal(sched, PermissiveGrants.INSTANCE);
        h.register("device://uart/*", new NullModemDriver());
        h.seal();
        final int echo = sched.spawn(new UartEcho(h));
        sched.runUntil(5);
        final int peer = h.open("device://uart/1", O_RDWR | OpenFlags.O_NONBLOCK);   // the other end of the cable
        h.write(peer, HalStreamTest.bytes("hi"), 0, 2);
        sched.runUntil(10);
        final byte[] in = new byte[8];
        assertEquals(2, h.read(peer, in, 0, 8));
        assertEquals('h', in[0]);
        assertEquals('i', in[1]);
        assertEquals(Scheduler.RUN_IDLE, sched.run());
        assertEquals(Scheduler.FAILED, sched.outcomeOf(echo));
        assertEquals(-Errno.ETIMEDOUT, sched.valueOf(echo), "silence for 1000 ticks ends it");
        assertEquals(1005, sched.now(), "its last wait began at tick 5, when it echoed");
    }

    /** The example of the Hal class comment, verbatim. */
    static final class UartEcho extends Coroutine
    {
        private final Hal hal;
        private final byte[] buf = new byte[64];
        private int fd;

        UartEcho(final Hal hal)
        {
            this.hal = hal;
        }

        @Override
        protected int resume(final Scheduler s)
        {
            switch (pc)
            {
                case 0:
                    fd = hal.open("device://uart/0", OpenFlags.O_RDWR);
                    if (fd < 0)
                    {
                        return s.fail(fd);
                    }
                    pc = 1;
                    return s.yield();
                case 2: // resumed after awaitReadable
                    if (-Errno.ETIMEDOUT == s.status())
                    {
                        hal.close(fd);
                        return s.fail(-Errno.ETIMEDOUT);
                    }
                    // fall through: retry the read
                default:
                    final int n = hal.read(fd, buf, 0, buf.length);
                    if (Hal.WOULD_BLOCK == n)
                    {
                        pc = 2;
                        return hal.awaitReadable(fd, 1000); // suspends this coroutine only
                    }
                    if (n < 0)
                    {
                        return s.fail(n);
                    }
                    hal.write(fd, buf, 0, n);
                    pc = 1;
                    return s.yield();
            }
        }
    }
}
