package dev.fireball.hal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fireball.hal.support.IrqUartDriver;
import dev.fireball.kernel.Coroutine;
import dev.fireball.kernel.InterruptBridge;
import dev.fireball.kernel.Scheduler;
import dev.fireball.kernel.SoftInterruptLines;
import dev.fireball.kernel.VirtualClock;
import org.junit.jupiter.api.Test;

/** An interrupt line raised outside the kernel reaches a driver's bottom half and wakes a blocked reader. */
class HalInterruptTest
{
    private final VirtualClock clock = new VirtualClock();
    private final Scheduler s = new Scheduler(8, clock, (buf, off, len) -> { });
    private final SoftInterruptLines lines = new SoftInterruptLines(clock);
    private final InterruptBridge bridge = new InterruptBridge(s, lines, 8);
    private final Hal hal = new Hal(s, PermissiveGrants.INSTANCE);
    private final IrqUartDriver uart = new IrqUartDriver();

    /** Opens uart/0, reads; on WOULD_BLOCK awaits readability, then reads again. */
    private final class Reader extends Coroutine
    {
        final byte[] buf = new byte[8];
        int fd;
        int got = -1;
        long at;

        Reader()
        {
            super("reader");
        }

        @Override
        protected int resume(final Scheduler k)
        {
            if (0 == pc)
            {
                fd = hal.open("device://uart/0", OpenFlags.O_RDONLY);
                pc = 1;
            }
            final int n = hal.read(fd, buf, 0, buf.length);
            if (Hal.WOULD_BLOCK == n)
            {
                return hal.awaitReadable(fd, Scheduler.FOREVER);
            }
            got = n;
            at = k.now();
            return k.done(n);
        }
    }

    @Test
    void aRaisedLineRunsTheDriversBottomHalfAndWakesTheReader()
    {
        final int id = hal.register("device://uart/*", uart);
        hal.routeInterrupt(bridge, 3, id, 0);
        hal.seal();
        final Reader reader = new Reader();
        s.spawnDetached(reader);
        assertEquals(Scheduler.RUN_TIME_LIMIT, s.runUntil(5), "the routed line keeps the kernel waiting, not deadlocked");
        assertEquals(-1, reader.got);

        lines.raise(1 << 3); // the UART's RX interrupt, from outside the kernel
        s.runUntil(10);
        assertEquals(3, reader.got);
        assertEquals('o', reader.buf[0]);
        assertEquals('!', reader.buf[2]);
        assertEquals(5, reader.at, "woken at once, not at the next timer");
    }

    @Test
    void routesAreCheckedAtBoot()
    {
        final int id = hal.register("device://uart/*", uart);
        assertThrows(IllegalArgumentException.class, () -> hal.routeInterrupt(bridge, 1, id + 1, 0));
        assertThrows(IllegalArgumentException.class, () -> hal.routeInterrupt(bridge, 1, id, 1));
        assertThrows(IllegalArgumentException.class, () -> hal.routeInterrupt(null, 1, id, 0));
        assertThrows(IllegalArgumentException.class, () -> hal.routeInterrupt(bridge, 9, id, 0));
        hal.routeInterrupt(bridge, 1, id, 0);
        assertThrows(IllegalStateException.class, () -> hal.routeInterrupt(bridge, 1, id, 0), "line taken");
        hal.seal();
        assertTrue(assertThrows(IllegalStateException.class, () -> hal.routeInterrupt(bridge, 2, id, 0))
            .getMessage().contains("sealed"));
    }
}
